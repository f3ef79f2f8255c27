## Раздел «Прокси»: покупка, заказы, продление, восстановление и списки прокси файлом.

proxies-menu =
    <b>🌐 Прокси</b>
    Резидентные IPv6-прокси (SOCKS5 и HTTP). До 500 штук в одном заказе, продление, восстановление истёкшего заказа с теми же логинами и список файлом .txt.
proxies-buy-button = 🛒 Купить прокси
proxies-orders-button = 📋 Мои заказы
proxies-open-order = 📋 Карточка заказа
proxies-buy-title = Покупка прокси
proxies-renew-card-title = Продление заказа прокси
proxies-restore-card-title = Восстановление заказа прокси
proxies-servers-title =
    <b>Покупка прокси</b> · шаг 1 из 3
    Выберите сервер. Цены за один прокси в месяц.
proxies-server-line = { $place } · <b>{ $name }</b> · SOCKS5 :{ $socks5 } · HTTP :{ $http } · { $price }/мес
proxies-no-servers = Сейчас у piv.day нет серверов прокси в продаже. Попробуйте позже.
proxies-server-gone = ⚠️ Этот сервер больше не продаётся. Выберите другой.
proxies-order-ref = Заказ <code>{ $id }</code>
proxies-price-each = { $price } за прокси/мес
proxies-count = { $count } прокси
proxies-quantity-title = <b>Шаг 2 из 3</b> · Сколько прокси? Нажмите количество или отправьте число от { $lo } до { $hi }.
proxies-quantity-option = { $count } · { $cost }/мес
proxies-months-title = <b>Шаг 3 из 3</b> · На какой срок? Нажмите или отправьте число месяцев от { $lo } до { $hi }.
proxies-renew-title = <b>Продление</b> · На сколько месяцев продлить? Нажмите или отправьте число от { $lo } до { $hi }.
proxies-months-option = { $months ->
    [one] { $months } месяц
    [few] { $months } месяца
   *[other] { $months } месяцев
} · { $cost }
proxies-typed-not-number = ⚠️ Это не целое число. Отправьте только цифры, от { $lo } до { $hi }.
proxies-typed-too-small = ⚠️ Слишком мало: минимум { $lo }.
proxies-typed-too-large = ⚠️ Слишком много: максимум { $hi }.
proxies-cancelled = ✖️ Отменено. Ничего не списано.
proxies-stale-step = Этот шаг уже неактивен. Начните заново из раздела «Прокси».
proxies-orders-title = <b>📋 Мои заказы прокси</b> · найдено: { $total }
proxies-orders-filter = Показаны: { $name }
proxies-orders-search = Поиск: «{ $text }»
proxies-orders-empty = Заказов здесь пока нет.
proxies-filter-all = Все
proxies-filter-active = Активные
proxies-filter-expired = Истёкшие
proxies-search-button = 🔎 Поиск
proxies-search-clear = ✖️ Сбросить поиск
proxies-search-title = 🔎 Отправьте, что искать (номер заказа, код страны, например DE, имя сервера), до { $max } символов.
proxies-order-button = { $mark } { $flag } { $country } · { $count } · до { $until }
proxies-status = Статус: { $status ->
    [active] ✅ активен
    [expired] ⌛ истёк
   *[other] { $status }
}
proxies-card-title = <b>🌐 Заказ прокси</b> <code>{ $id }</code>
proxies-card-country = Страна: { $place }
proxies-card-quantity = Прокси: { $count }
proxies-card-price = Цена: { $price } за прокси в месяц
proxies-card-total = Оплачено при покупке: { $total }
proxies-card-bought = Куплен: { $date }
proxies-card-expires = Действует до: { $date } ({ $days ->
    [one] остался { $days } день
    [few] осталось { $days } дня
   *[other] осталось { $days } дней
})
proxies-card-expired = Истёк: { $date }
proxies-card-auto-renew = Автопродление: { $on ->
    [on] вкл.
   *[off] выкл.
}
proxies-card-files = Логины и пароли никогда не показываются в чате: получите список файлом .txt кнопками ниже.
proxies-renew-button = 🔁 Продлить
proxies-restore-button = ♻️ Восстановить
proxies-export-button = 📄 { $format }
proxies-format-socks5 = SOCKS5
proxies-format-http = HTTP
proxies-format-both = Оба
proxies-renew-expired = ⚠️ Этот заказ истёк, продлить его нельзя. Восстановите его: те же логины, пароли и IPv6-адреса.
proxies-restore-active = ⚠️ Восстановить можно только истёкший заказ, а этот ещё действует. Продлите его.
proxies-price-unknown = ⚠️ piv.day не сообщил цену прокси для этого заказа, поэтому посчитать стоимость нельзя. Попробуйте позже.
proxies-file-caption = 📄 Заказ <code>{ $id }</code> · { $format } · { $count ->
    [one] { $count } строка
    [few] { $count } строки
   *[other] { $count } строк
}
proxies-file-empty = В этом заказе нет прокси для списка.
proxies-card-buy = { $count } прокси × { $months ->
    [one] { $months } месяц
    [few] { $months } месяца
   *[other] { $months } месяцев
} × { $price }
proxies-card-renew = +{ $months ->
    [one] { $months } месяц
    [few] { $months } месяца
   *[other] { $months } месяцев
} × { $price } за прокси (сейчас до { $date })
proxies-card-restore = Снова на { $months ->
    [one] { $months } месяц
    [few] { $months } месяца
   *[other] { $months } месяцев
} по { $price } за прокси, с теми же логинами, паролями и IPv6-адресами
proxies-charged = Списано: { $cost }
proxies-bought-title = ✅ <b>Прокси куплены</b>
proxies-bought-details = { $place } · { $count } прокси · до { $date }
proxies-bought-files = Логины и пароли не показываются в чате. Получите список файлом .txt:
proxies-renewed-title = ✅ <b>Заказ продлён</b>
proxies-renewed-until = Теперь до { $date }
proxies-restored-title = ✅ <b>Заказ восстановлен</b>
proxies-restored-until = Снова работает до { $date }, с теми же логинами и паролями
