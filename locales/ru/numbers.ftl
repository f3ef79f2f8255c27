## Раздел «Номера» и мастер покупки номера.

numbers-menu =
    <b>📱 Номера</b>
    Купите виртуальный номер для SMS-кодов. Список ваших номеров, SMS и продления появятся в этом разделе в следующем обновлении.
numbers-buy-button = ➕ Купить номер
numbers-section-button = 📱 Номера
numbers-back-home = 🏠 Главное меню
numbers-buy-title = Покупка номера
numbers-countries-title =
    <b>Покупка номера</b> · шаг 1 из 4
    Выберите страну. Цены указаны для вашего тарифа, за месяц.
numbers-no-countries = Сейчас в piv.day нет стран в продаже. Попробуйте позже.
numbers-price-month = { $price }/мес
numbers-saving = выгода { $percent }% от { $base }
numbers-sms-both = SMS приём + отправка ({ $price })
numbers-sms-receive = SMS только приём
numbers-sms-send = SMS только отправка ({ $price })
numbers-sms-none = без SMS
numbers-months = { $months ->
    [one] { $months } месяц
    [few] { $months } месяца
   *[other] { $months } месяцев
}
numbers-renew-state = автопродление { $on ->
    [on] вкл
   *[off] выкл
}
numbers-duration-title = <b>Шаг 2 из 4</b> · На какой срок?
numbers-duration-option = { $months ->
    [one] { $months } месяц
    [few] { $months } месяца
   *[other] { $months } месяцев
} · { $cost }
numbers-renew-title = <b>Шаг 3 из 4</b> · Продлевать автоматически по окончании срока?
numbers-renew-on = 🔁 Автопродление вкл
numbers-renew-off = ⏹ Автопродление выкл
numbers-name-title = <b>Шаг 4 из 4</b> · Отправьте название номера (до { $max } символов) или нажмите «Пропустить».
numbers-name-empty = ⚠️ Название пустое. Отправьте текст или нажмите «Пропустить».
numbers-name-too-long = ⚠️ Название слишком длинное: не больше { $max } символов.
numbers-name-bad-chars = ⚠️ В названии есть недопустимые символы.
numbers-buy-cancelled = ✖️ Покупка отменена. Ничего не списано.
numbers-country-gone = Эта страна больше не продаётся. Выберите другую.
numbers-stale-step = Этот шаг уже неактивен. Начните заново из раздела «Номера».
numbers-card-what = { $place } · { $months ->
    [one] { $months } месяц
    [few] { $months } месяца
   *[other] { $months } месяцев
}
numbers-card-renew = Автопродление: { $on ->
    [on] вкл
   *[off] выкл
}
numbers-card-name = Название: { $name }
numbers-bought-title = ✅ Номер куплен
numbers-bought-details = { $place } · до { $expires } · автопродление { $on ->
    [on] вкл
   *[off] выкл
}
numbers-bought-charged = Списано: { $cost }
