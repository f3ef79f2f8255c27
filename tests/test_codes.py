"""extract_code on real-looking SMS from services, banks and Google: the code or None."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.services.codes import extract_code

CASES: list[tuple[str, str | None]] = [
    # Google, in every shape it sends
    ("G-123456 is your Google verification code.", "123456"),
    ("G-482913 — ваш код подтверждения Google.", "482913"),
    ("Your Google verification code is 731905", "731905"),
    ("G-5520 is your Google code", "5520"),
    # Messengers and social networks
    (
        "Telegram code: 12345\n\nYou can also tap on this link to log in:\nhttps://t.me/login/12345",
        "12345",
    ),
    (
        "Login code: 70931. Do not give this code to anyone, "
        "even if they say they are from Telegram!",
        "70931",
    ),
    (
        "Your WhatsApp code: 123-456\nYou can also tap on this link to verify your phone: "
        "v.whatsapp.com/123456\nDon't share this code with others",
        "123456",
    ),
    ("Код WhatsApp: 654-321. Не сообщайте этот код другим", "654321"),
    ("123456 is your Facebook confirmation code", "123456"),
    ("Use 482 913 to verify your Instagram account.", "482913"),
    (
        "[TikTok] 834271 is your verification code, valid for 5 minutes. "
        "To keep your account safe, never forward this code.",
        "834271",
    ),
    ("<#> Your Discord verification code is: 559120 FA+9qCX9VSu", "559120"),
    ("Viber code: 4417", "4417"),
    ("Your Snapchat code is 918 273. Happy Snapping!", "918273"),
    ("X (Twitter) confirmation code: 662013. Valid for 15 minutes.", "662013"),
    # Big platforms
    ("Your Apple ID Code is: 123456. Don't share it with anyone.", "123456"),
    ("Use 1234567 as Microsoft account security code", "1234567"),
    ("Amazon: Your OTP is 887766. Don't share it. Order #112233445 ships on 12.05.2026", "887766"),
    ("Your Uber code: 4821. Reply STOP to unsubscribe.", "4821"),
    ("Your Steam Guard sign in code: 60417", "60417"),
    ("PayPal: 291837 is your security code. Don't share your code.", "291837"),
    ("Your verification code is 1234 5678", "12345678"),
    # Russian services and banks
    ("Код подтверждения: 4827. Никому не сообщайте его.", "4827"),
    ("Ваш код для входа в Яндекс ID: 382910", "382910"),
    ("Никому не сообщайте код 4444 для входа в Сбербанк Онлайн", "4444"),
    (
        "Пароль для подтверждения покупки 1 250,00 RUB в магазине OZON: 4827. Никому не сообщайте.",
        "4827",
    ),
    ("Тинькофф: Код 9981. Никому не говорите код! Перевод 5000 ₽ на карту *4321", "9981"),
    ("VTB: kod dlya vhoda 5512. Nikomu ne soobshchayte.", "5512"),
    ("Списание 1 500р. Карта *1234. Код подтверждения 773311. Баланс 20 300р", "773311"),
    ("Госуслуги: код подтверждения 123-456 действует 5 минут", "123456"),
    ("Avito: 5738 — ваш код. Он нужен, чтобы войти.", "5738"),
    ("Ваш одноразовый пароль: 90817263", "90817263"),
    # Other languages
    ("Tu código de verificación es 482913", "482913"),
    ("Votre code de vérification est 119922", "119922"),
    ("Ihr Bestätigungscode lautet 482913", "482913"),
    ("Il tuo codice di verifica è 334455", "334455"),
    ("Doğrulama kodunuz: 246810", "246810"),
    ("Ваш код підтвердження: 135790", "135790"),
    ("【支付宝】验证码 556677，请勿泄露", "556677"),
    ("Twój kod weryfikacyjny to 778899", "778899"),
    ("رمز التحقق الخاص بك هو ٤٨٢٩١٣", "482913"),
    # No code at all
    ("Ваш заказ №123456 доставлен в пункт выдачи", None),
    ("Balance: 1 234,56 RUB. Thank you for using our bank.", None),
    ("Call us at +1 800 555 0199 to renew your plan", None),
    ("Your appointment is on 12.05.2026 at 14:30", None),
    ("Payment of $25.00 received. Card ending 1234. Thanks!", None),
    ("Happy birthday! Love, mom", None),
    ("Списание 1500р. Карта *1234. Баланс 20 300р", None),
    ("Meet me at gate 1830 tomorrow", None),
    ("Your order #88123 has shipped and arrives 2026-05-14", None),
    ("Код подтверждения будет отправлен позже", None),
    ("", None),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[f"{i:02d}" for i in range(len(CASES))])
def test_the_code_in_a_real_looking_sms(text: str, expected: str | None) -> None:
    assert extract_code(text) == expected


def test_the_table_is_big_and_covers_both_outcomes() -> None:
    assert len(CASES) >= 40
    assert sum(expected is None for _, expected in CASES) >= 8


@given(st.text(max_size=500))
def test_any_text_gives_digits_or_none(text: str) -> None:
    code = extract_code(text)
    assert code is None or (code.isascii() and code.isdigit() and 4 <= len(code) <= 8)
