## Раздел «Номера»: меню, цены, мастер покупки, мои номера, карточка номера, SMS, коды.

numbers-menu =
    <b>📱 Номера</b>
    Ваши виртуальные номера: покупка, продление и восстановление, чтение и отправка SMS, ожидание кода.
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

cmd-numbers = Ваши номера (/numbers текст — поиск)

## Страны и цены, мои номера.

numbers-prices-button = 🌍 Страны и цены
numbers-prices-title =
    <b>🌍 Страны и цены</b>
    За месяц, для вашего тарифа. Нажмите на страну, чтобы купить там номер.
numbers-list-button = 📋 Мои номера
numbers-search-button = 🔍 Поиск
numbers-restore-button = ♻️ Восстановить истёкшие
numbers-list-title = <b>📋 Мои номера</b> · { $total }
numbers-list-filters = Показаны: { $filters }
numbers-list-empty = У вас пока нет номеров. Купите номер кнопкой «➕ Купить номер».
numbers-list-none-match = Нет номеров, подходящих под эти фильтры.
numbers-row-days = { $days } дн.
numbers-row-expired = ⌛ истёк
numbers-row-restoring = ♻️ восстанавливается
numbers-row-renew-on = 🔁
numbers-row-renew-off = ⏹
numbers-all = Все
numbers-filter-status = Статус: { $value }
numbers-filter-country = Страна: { $value }
numbers-filter-search = «{ $text }»
numbers-filter-clear = ✖️ Сбросить фильтры
numbers-pick-status = Показать номера с каким статусом?
numbers-pick-country = Показать номера из какой страны?
numbers-search-title = 🔍 Отправьте часть номера или его названия для поиска (до { $max } символов).
numbers-search-empty = ⚠️ Текст для поиска пустой. Отправьте текст.
numbers-search-too-long = ⚠️ Слишком длинно: не больше { $max } символов.
numbers-need-text = ⚠️ Отправьте, пожалуйста, текст.
numbers-step-cancelled = ✖️ Отменено. Ничего не отправлено.
numbers-not-active = Этот номер не активен, поэтому сейчас это сделать нельзя.

## Карточка номера.

numbers-status-active = ✅ активен
numbers-status-expired = ⌛ истёк
numbers-status-pending-restore = ♻️ восстанавливается
numbers-status-other = { $status }
numbers-card-dates = Куплен { $bought } · истекает { $expires }
numbers-card-days-left = ⏳ { $days ->
    [0] истекает сегодня
    [one] остался { $days } день
    [few] осталось { $days } дня
   *[other] осталось { $days } дней
}
numbers-card-restore-hint = ♻️ Его можно восстановить в течение 7 дней после окончания срока (дороже, чем новый номер).
numbers-card-auto-on = 🔁 Автопродление: вкл · следующее продление { $date }
numbers-card-auto-off = 🔁 Автопродление: выкл
numbers-card-tags = 🏷 Теги: { $tags }
numbers-caps-both = 💬 SMS: приём и отправка
numbers-caps-receive = 💬 SMS: только приём
numbers-caps-send = 💬 SMS: только отправка
numbers-caps-none = 💬 SMS: нет
numbers-renew-button = 🔄 Продлить
numbers-rename-button = ✏️ Переименовать
numbers-auto-turn-on = 🔁 Включить автопродление
numbers-auto-turn-off = ⏹ Выключить автопродление
numbers-auto-now = Автопродление теперь { $on ->
    [on] включено
   *[off] выключено
}.
numbers-history-button = 💬 История SMS
numbers-send-button = ✉️ Отправить SMS
numbers-verify-button = 🔐 Верификация Google
numbers-wait-button = ⏳ Ждать код
numbers-wait-stop = ⏹ Перестать ждать
numbers-simulate-button = 🧪 Имитировать входящее SMS
numbers-restore-one = ♻️ Восстановить
numbers-open-card = 📱 Открыть номер
numbers-refresh = 🔄 Обновить

## Переименование и продление.

numbers-rename-title = ✏️ Отправьте новое название для <code>{ $phone }</code> (до { $max } символов).
numbers-rename-empty = ⚠️ Название пустое. Отправьте текст.
numbers-renamed = ✅ Переименовано.
numbers-renew-step =
    🔄 <b>Продление</b> <code>{ $phone }</code> · { $place }
    Истекает { $expires }. На какой срок продлить?
numbers-renew-not-active = Продлить можно только активный номер. Истёкший можно восстановить (Номера → Восстановить истёкшие).
numbers-renew-no-price = Сейчас в piv.day нет цены для страны этого номера, поэтому продлить его нельзя. Попробуйте позже.
numbers-renew-card-title = Продление номера
numbers-renew-what = <code>{ $phone }</code> · { $place }
numbers-renew-for = + { $months ->
    [one] { $months } месяц
    [few] { $months } месяца
   *[other] { $months } месяцев
} (сейчас истекает { $expires })
numbers-renewed-title = ✅ Номер <code>{ $phone }</code> продлён
numbers-renewed-until = Теперь истекает { $expires }

## Восстановление.

numbers-restore-title =
    <b>♻️ Восстановление истёкших номеров</b>
    В течение 7 дней после окончания срока номер можно вернуть вместе с историей SMS. Восстановление дороже нового номера (примерно 1,5× месячной цены).
numbers-restore-selected = Выбрано { $count } из { $total } · около { $cost }
numbers-restore-max = Не больше { $max } номеров за одно восстановление.
numbers-restore-all = ☑️ Выбрать все
numbers-restore-clear = ⬜ Снять выбор
numbers-restore-go = ♻️ Восстановить { $count } · ≈{ $cost }
numbers-restore-none = Нет истёкших номеров для восстановления (номер можно восстановить в течение 7 дней после окончания срока).
numbers-restore-nothing = Ни один из выбранных номеров уже нельзя восстановить. Выберите заново.
numbers-restore-card-title = Восстановление номеров
numbers-restore-what = { $count ->
    [one] { $count } номер
    [few] { $count } номера
   *[other] { $count } номеров
}:
numbers-restore-more = … и ещё { $count }
numbers-restore-done = ♻️ Восстановление запрошено: в очереди { $queued }, пропущено { $skipped }.
numbers-restore-later = Результат по каждому номеру придёт сюда сообщением, когда piv.day закончит; за номера, которые не удалось вернуть, деньги вернутся автоматически.

## История SMS, отправка, верификация Google.

numbers-history-title = <b>💬 SMS · { $phone }</b> · { $total ->
    [one] { $total } сообщение
    [few] { $total } сообщения
   *[other] { $total } сообщений
}
numbers-history-empty = Сообщений пока нет.
numbers-sms-in = ⬇️ от <code>{ $peer }</code> · { $status } · { $at }
numbers-sms-out = ⬆️ на <code>{ $peer }</code> · { $status } · { $at }
numbers-sms-code = 🔑 Код: <code>{ $code }</code>
numbers-copy-code = 📋 Скопировать { $code }
numbers-send-to =
    ✉️ <b>Отправка SMS</b> с <code>{ $phone }</code> · шаг 1 из 2
    Отправьте номер получателя в международном формате, например <code>+14155551234</code>.
numbers-send-to-format = ⚠️ Это не номер телефона в международном формате: начните с + и кода страны, например +14155551234.
numbers-send-to-invalid = ⚠️ Такого номера не существует: проверьте код страны и цифры.
numbers-send-body =
    ✉️ С <code>{ $phone }</code> на <code>{ $to }</code> · шаг 2 из 2
    Отправьте текст SMS (до { $max } символов). Одна часть SMS стоит { $price }; длинный текст уходит несколькими частями.
numbers-send-body-empty = ⚠️ Текст пустой. Отправьте текст SMS.
numbers-send-body-too-long = ⚠️ Слишком длинно: { $length } символов, можно не больше { $max }.
numbers-send-body-control = ⚠️ В тексте есть символы, которые нельзя передать в SMS.
numbers-send-unavailable = Из страны этого номера нельзя отправлять SMS.
numbers-send-card-title = Отправка SMS
numbers-send-what = С <code>{ $phone }</code> на <code>{ $to }</code>:
numbers-send-parts = { $encoding }, символов: { $units } — { $parts ->
    [one] { $parts } часть SMS
    [few] { $parts } части SMS
   *[other] { $parts } частей SMS
} до { $per_part }
numbers-sent-title = ✅ SMS принято: <code>{ $phone }</code> → <code>{ $to }</code>
numbers-sent-status = Статус: { $status }
numbers-verify-title =
    🔐 <b>Верификация Google</b> с номером <code>{ $phone }</code>
    Вставьте ссылку верификации со страницы Google (ссылка https:// на google.com).
numbers-verify-not-url = ⚠️ Это не ссылка. Вставьте полную ссылку верификации со страницы Google.
numbers-verify-not-https = ⚠️ Ссылка должна начинаться с https://.
numbers-verify-not-google = ⚠️ Эта ссылка не на адресе Google (google.com). Вставьте ссылку со страницы самого Google.
numbers-verify-too-long = ⚠️ Ссылка слишком длинная.
numbers-verify-unavailable = Этот номер сейчас не может пройти верификацию Google: он должен быть активен и уметь отправлять SMS.
numbers-verify-card-title = Верификация Google
numbers-verify-what = <code>{ $phone }</code>
numbers-verify-link = Ссылка: <code>{ $url }</code>
numbers-verify-refund = Если Google её не примет, piv.day вернёт деньги за верификацию.
numbers-verify-started = 🔐 Верификация для <code>{ $phone }</code> запущена.
numbers-verify-answer = piv.day: { $message }
numbers-verify-later = Результат придёт сюда сообщением, когда Google ответит; за неудачную верификацию piv.day вернёт деньги.

## Ожидание кода и тестовое SMS песочницы.

numbers-wait-status = ⏳ Жду SMS с кодом на <code>{ $phone }</code>… Проверяю каждые несколько секунд до { $minutes } минут; каждое пришедшее SMS появится здесь.
numbers-wait-incoming = 💬 SMS на <code>{ $phone }</code> от <code>{ $sender }</code>:
numbers-wait-done = ✅ Код на <code>{ $phone }</code>: <code>{ $code }</code>
numbers-wait-timeout = ⌛ За { $minutes } минут код на <code>{ $phone }</code> не пришёл.
numbers-wait-stopped = ⏹ Больше не жду код на <code>{ $phone }</code>.
numbers-wait-key-gone = ⏹ Ожидание кода на <code>{ $phone }</code> остановлено: API-ключ удалён.
numbers-wait-number-gone = ⏹ Ожидание остановлено: номера <code>{ $phone }</code> больше нет в этом аккаунте.
numbers-wait-again = ⏳ Ждать снова
numbers-wait-already = Код на этот номер уже ожидается.
numbers-wait-not-active = На этот номер сейчас ничего не ожидается.
numbers-simulated = 🧪 Тестовое SMS доставлено: «{ $text }» Его видно в истории SMS или через «Ждать код».
numbers-simulate-failed = Песочница не приняла тестовое SMS (номер активен?).
