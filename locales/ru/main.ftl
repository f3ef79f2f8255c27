## Главное меню, навигация, аккаунт, помощь, настройки, язык, запасной ответ.

banner-sandbox = 🧪 <b>Режим песочницы</b>: игрушечные деньги на локальном piv.day. Здесь всё не по-настоящему.
start-intro =
    Я ваш помощник piv.day в Telegram.
    Покупайте и управляйте виртуальными номерами, SMS, прокси, доменами и сайтами прямо из этого чата.
    Каждая покупка ждёт вашего подтверждения, а SMS-коды приходят сюда за секунды.
menu-title = Главное меню: выберите раздел.
menu-no-key = API-ключ ещё не подключён. Нажмите «Подключить API-ключ» (ключ выдаётся на piv.day → Settings → API Keys).
menu-balance = Баланс: <b>{ $balance }</b> · ключ { $key }
menu-balance-unavailable = Баланс сейчас недоступен · ключ { $key }
menu-back = « Назад
menu-button-home = 🏠 Главное меню
menu-button-numbers = 📱 Номера
menu-button-proxies = 🌐 Прокси
menu-button-domains = 🔗 Домены
menu-button-sites = 🧾 Сайты (вайты)
menu-button-notifications = 🔔 Уведомления
menu-button-keys = 🔑 Ключи
menu-button-settings = ⚙️ Настройки
menu-button-account = 💳 Аккаунт
section-coming-soon = <b>{ $section }</b>: этот раздел появится в следующей версии бота.

common-yes = Да
common-no = Нет

private-only = Это работает только в личном чате со мной: откройте его и попробуйте там.
key-required = Сначала подключите API-ключ piv.day: без него я не могу обращаться к piv.day за вас.

account-title = <b>Аккаунт</b>
account-balance = Баланс: <b>{ $balance }</b>
account-email = Email: { $email }
account-user-id = ID аккаунта: <code>{ $user_id }</code>
account-team = Команда: <code>{ $team_id }</code>
account-team-member = Ключ участника команды: { $member }
account-no-team = Команда: нет (личный аккаунт)
account-key = Ключ: { $key }

help-text =
    <b>Что я умею</b>
    • Номера (/numbers): покупка, продление и восстановление виртуальных номеров, чтение и отправка SMS, ожидание кода.
    • Прокси: покупка резидентных IPv6-прокси, продление и восстановление заказа, список файлом .txt.
    • Домены: проверка имени (/domain mysite.com), регистрация с Cloudflare и SSL или своими NS-серверами, продление, DNS-записи.
    • Сайты: генерация сайта (white) под нишу и страну, ход сборки, скачивание архива, замена домена и контактов.
    • Каждая покупка показывает цену и баланс после неё и ждёт вашего подтверждения.
    • Ключи: подключите один или несколько API-ключей piv.day; показывается только маска.
    • Уведомления: коды из SMS, предупреждения об истечении и готовые задачи приходят сюда за секунды или в командную группу (/bind там).

    <b>Где взять ключ</b>
    piv.day → Settings → API Keys (тариф Business). Затем отправьте сюда /key и вставьте ключ; я сразу удалю ваше сообщение и сохраню ключ в зашифрованном виде.

    <b>Команды</b>
    /start главное меню · /account баланс · /keys ваши ключи · /key подключить ключ
    /notifications события · /settings · /language · /cancel выйти из любого шага

cancel-done = Отменено. В этом шаге больше ничего не произойдёт.
cancel-nothing = Отменять нечего.

settings-text =
    <b>Настройки</b>
    Язык: { $language }
language-choose = Выберите язык:
language-set = Язык сохранён.
language-name-en = English
language-name-ru = Русский

allowlist-refusal = Извините, это частный бот: владелец ограничил доступ определёнными людьми.

fallback-text = Я не понял. Воспользуйтесь меню ниже или /help.
fallback-button = Эта кнопка больше не действует. Откройте /start, чтобы получить свежее меню.

cmd-start = Главное меню
cmd-help = Что умеет бот, где взять ключ
cmd-account = Баланс и аккаунт
cmd-keys = Ваши API-ключи
cmd-key = Подключить API-ключ
cmd-settings = Настройки
cmd-language = Сменить язык
cmd-cancel = Выйти из текущего шага
