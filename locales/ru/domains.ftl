## Раздел «Домены»: проверка, регистрация, продление, «Мои домены», карточка домена, очередь.

cmd-domain = Проверить домен (/domain имя.зона)
domains-menu =
    <b>🔗 Домены</b>
    Проверьте имя и зарегистрируйте его без KYC — с Cloudflare и SSL или со своими NS-серверами. Продление, автопродление и DNS-записи — в «Моих доменах».
domains-check-button = 🔎 Проверить домен
domains-list-button = 📋 Мои домены
domains-open-button = 🔗 Открыть домен
domains-back-to-card = ◀️ К домену
domains-refresh-button = 🔄 Обновить
domains-no-button = Нет

## Проверка
domains-check-prompt = Пришлите имя домена для проверки, например <code>mysite.com</code> (можно ссылкой, с www. и заглавными; подойдут и имена вроде пример.рф).
domains-available = ✅ Свободен
domains-taken = ❌ Недоступен для регистрации. Пришлите другое имя.
domains-prices = Регистрация: <b>{ $create }</b>/год · продление: { $renew }/год
domains-register-button = 📝 Зарегистрировать
domains-check-another = 🔎 Проверить другой
domains-check-gone = Эта проверка устарела. Проверьте имя ещё раз.

## Что не так с введённым
domains-problem-empty = ⚠️ Здесь нечего прочитать. Пришлите ещё раз.
domains-problem-too-long = ⚠️ Слишком длинно (имя — до 253 символов, TXT — до { $txt_max }).
domains-problem-bad-name = ⚠️ Это не имя: буквы, цифры и дефисы, части через точку, без дефиса в начале или конце части.
domains-problem-one-label = ⚠️ Нужно полное имя с точкой, например <code>mysite.com</code>.
domains-problem-ip-not-name = ⚠️ Это IP-адрес, а здесь нужно имя хоста.
domains-problem-ipv4 = ⚠️ Это не IPv4-адрес вида <code>203.0.113.10</code>.
domains-problem-ipv6 = ⚠️ Это не IPv6-адрес вида <code>2001:db8::1</code>.
domains-problem-ttl = ⚠️ TTL — это 1 (автоматически) или от { $ttl_min } до { $ttl_max } секунд.
domains-problem-priority = ⚠️ Приоритет — целое число от 0 до { $priority_max }.
domains-problem-control = ⚠️ В тексте переносы строк или управляющие символы; пришлите его одной строкой.
domains-problem-ns-count = ⚠️ Нужно от { $ns_min } до { $ns_max } NS-серверов.
domains-problem-ns-repeat = ⚠️ Один и тот же NS-сервер указан дважды.

## Мастер регистрации
domains-years = { $years ->
    [one] { $years } год
    [few] { $years } года
   *[other] { $years } лет
}
domains-period-option = { $years ->
    [one] { $years } год
    [few] { $years } года
   *[other] { $years } лет
} · { $cost }
domains-auto-renew-state = автопродление { $on ->
    [on] вкл.
   *[off] выкл.
}
domains-cloudflare-state = Cloudflare { $on ->
    [on] вкл.
   *[off] выкл.
}
domains-ssl-state = SSL { $mode }
domains-period-title = <b>Шаг 1</b> · На какой срок?
domains-auto-renew-title = <b>Шаг 2</b> · Продлевать автоматически перед окончанием?
domains-auto-renew-on = 🔁 Автопродление вкл.
domains-auto-renew-off = ⏹ Автопродление выкл.
domains-cloudflare-title =
    <b>Шаг 3</b> · Cloudflare?
    С Cloudflare piv.day настроит DNS и бесплатный SSL-сертификат, а записями вы управляете здесь. Без него домен смотрит на ваши NS-серверы.
domains-cloudflare-on = ☁️ Да, с Cloudflare и SSL
domains-cloudflare-off = 🧭 Нет, свои NS-серверы
domains-ssl-title =
    <b>Шаг 4</b> · Режим SSL между Cloudflare и вашим сервером
    Flexible: на сервере нет сертификата. Full: есть (любой). Strict: есть действительный.
domains-ssl-flexible = Flexible
domains-ssl-full = Full
domains-ssl-strict = Full (strict)
domains-records-title = <b>Шаг 5</b> · DNS-записи, которые создать вместе с доменом (необязательно, до { $max }). Их можно добавить и потом.
domains-records-add = ➕ Добавить запись
domains-records-undo = ↩️ Убрать последнюю
domains-records-done = ➡️ Дальше
domains-records-none = ➡️ Дальше без записей
domains-nameservers-title = <b>Шаг 4</b> · Пришлите свои NS-серверы, от { $min } до { $max }, по одному в строке или через пробел, например <code>ns1.myhost.com ns2.myhost.com</code>
domains-register-cancelled = ✖️ Регистрация отменена. Ничего не списано.
domains-stale-step = Этот шаг уже неактивен. Начните заново из раздела «Домены».
domains-no-longer-available = { $domain } больше недоступен для регистрации. Ничего не списано.
domains-price-unknown = piv.day сейчас не даёт цену на этот домен, поэтому предложить его нельзя. Попробуйте позже.

## Карточки подтверждения и результаты
domains-register-title = Регистрация домена
domains-confirm-period = { $years ->
    [one] { $years } год
    [few] { $years } года
   *[other] { $years } лет
} · автопродление { $on ->
    [on] вкл.
   *[off] выкл.
}
domains-confirm-cloudflare = Cloudflare вкл. · режим SSL { $mode }
domains-confirm-records = { $count ->
    [one] { $count } DNS-запись:
    [few] { $count } DNS-записи:
   *[other] { $count } DNS-записей:
}
domains-confirm-nameservers = Свои NS-серверы:
domains-register-queued = ✅ Оплачено. { $domain } в очереди на регистрацию в piv.day.
domains-follow-note = Это сообщение покажет, когда всё будет готово.
domains-renew-title = Продление домена
domains-confirm-renew = Добавить { $years ->
    [one] { $years } год
    [few] { $years } года
   *[other] { $years } лет
} (сейчас истекает: { $expires })
domains-renew-queued = ✅ Оплачено. { $domain } продлевается; новая дата окончания: { $expires }.

## Очередь в реальном времени
domains-job-register = 📝 Регистрация { $domain } на { $years ->
    [one] { $years } год
    [few] { $years } года
   *[other] { $years } лет
}
domains-job-renew = 🔁 Продление { $domain } на { $years ->
    [one] { $years } год
    [few] { $years } года
   *[other] { $years } лет
}
domains-queue-pending = ⏳ Ждёт в очереди…
domains-queue-processing = ⚙️ Регистратор обрабатывает…
domains-queue-other = ⏳ Статус в очереди: { $status }
domains-queue-failed =
    ❌ Не получилось: { $reason }
    Деньги вернулись на баланс. Выберите другое имя и попробуйте снова.
domains-queue-timeout = ⌛ Не готово и через час. piv.day доведёт дело до конца; проверьте домен позже.
domains-queue-stopped = ⏹ Больше не отслеживается здесь (API-ключ удалён). Проверьте домен позже.
domains-registered = ✅ Зарегистрирован! Истекает { $expires }.
domains-renewed = ✅ Продлён. Теперь истекает { $expires }.

## Продление
domains-renew-screen =
    <b>Продление</b> { $domain }
    Истекает: { $expires } · продление { $price }/год
    На какой срок?
domains-not-renewable = Этот домен сейчас нельзя продлить (статус: { $status }).

## Мои домены
domains-list-title = <b>📋 Мои домены</b> ({ $total })
domains-list-empty = У вас пока нет доменов. Проверьте имя и зарегистрируйте его.
domains-list-none-filtered = Под эти фильтры домены не подходят.
domains-list-line = { $number }. { $domain } · { $status } · до { $expires }
domains-filter-status-any = Статус: любой
domains-filter-status-active = Статус: активен
domains-filter-status-pending = Статус: регистрируется
domains-filter-status-expired = Статус: истёк
domains-filter-cloudflare = Cloudflare: { $value }
domains-filter-auto-renew = Автопродление: { $value }
domains-filter-any = любое
domains-filter-on = вкл.
domains-filter-off = выкл.
domains-filter-search = 🔎 Поиск
domains-filter-search-clear = ✖️ «{ $text }»
domains-search-prompt = Пришлите часть имени домена для поиска.

## Карточка домена
domains-status-active = ✅ активен
domains-status-purchasing = ⏳ регистрируется
domains-status-expired = ⌛ истёк
domains-status-failed = ❌ не зарегистрирован
domains-card-status = Статус: { $status }
domains-card-dates = Зарегистрирован: { $registered } · истекает: { $expires }
domains-card-auto-renew = Автопродление: { $on ->
    [on] вкл.
   *[off] выкл.
}
domains-card-cloudflare-on = Cloudflare: вкл. ({ $status })
domains-card-cloudflare-off = Cloudflare: выкл.
domains-ssl-line = SSL: { $type }, { $status }, режим { $mode }, до { $expires }
domains-card-dns-count = { $count ->
    [one] { $count } DNS-запись
    [few] { $count } DNS-записи
   *[other] { $count } DNS-записей
}
domains-card-ns = NS-серверы:
domains-renew-button = 🔁 Продлить
domains-auto-renew-turn-on = Включить автопродление
domains-auto-renew-turn-off = Выключить автопродление
domains-dns-button = 🌐 DNS-записи
domains-cloudflare-button = ☁️ Включить Cloudflare
domains-ns-button = 🧭 Указать NS-серверы
domains-cloudflare-question =
    Включить Cloudflare для { $domain }?
    piv.day перенесёт его DNS в Cloudflare с бесплатным SSL-сертификатом, а ваши NS-серверы перестанут использоваться. Выключить это из бота нельзя.
domains-cloudflare-yes = ☁️ Да, включить
domains-ns-prompt = Пришлите NS-серверы для { $domain }, от { $min } до { $max }, по одному в строке или через пробел.
domains-done-auto-renew = Автопродление теперь { $on ->
    [on] включено
   *[off] выключено
}.
domains-done-cloudflare = ✅ Cloudflare включён (режим SSL { $mode }).
domains-done-nameservers = ✅ NS-серверы сохранены.

## DNS-записи
dns-list-title = <b>🌐 DNS-записи</b> { $domain } ({ $total })
dns-list-empty = Записей пока нет.
dns-add-button = ➕ Добавить запись
dns-back-to-domain = ◀️ К домену
dns-back-to-records = ◀️ К записям
dns-unavailable = DNS-записи ведутся через Cloudflare: сначала включите его для домена (или дождитесь окончания регистрации).
dns-record-gone = Этой записи уже нет.
dns-record-title = <b>DNS-запись</b> { $domain }
dns-record-type = Тип: { $type }
dns-record-name = Имя: <code>{ $name }</code>
dns-record-content = Значение:
dns-record-priority = Приоритет: { $priority }
dns-record-ttl = TTL: { $ttl }
dns-record-proxied = Прокси Cloudflare: { $on ->
    [on] вкл.
   *[off] выкл.
}
dns-ttl-auto = TTL авто
dns-ttl-seconds = TTL { $seconds ->
    [60] 1 мин
    [300] 5 мин
    [3600] 1 ч
    [86400] 1 день
   *[other] { $seconds } с
}
dns-edit-button = ✏️ Изменить
dns-delete-button = 🗑 Удалить
dns-edit-title = Что изменить в { $record }?
dns-field-name = Имя
dns-field-content = Значение
dns-field-ttl = TTL
dns-field-priority = Приоритет
dns-proxy-turn-on = ☁️ Включить прокси Cloudflare
dns-proxy-turn-off = Выключить прокси Cloudflare
dns-edit-prompt = Пришлите новое поле «{ $field }» для { $record }.
dns-delete-question = Удалить { $record }?
dns-delete-yes = 🗑 Да, удалить
dns-delete-no = Нет
dns-done-added = ✅ Запись добавлена.
dns-done-changed = ✅ Запись изменена.
dns-done-deleted = ✅ Запись удалена.
dns-draft-dropped = Запись не добавлена.

## Новая запись
dns-draft-title = <b>Новая DNS-запись</b> для { $domain }
dns-type-title = Выберите тип записи.
dns-name-title = Пришлите имя или нажмите вариант ниже.
dns-name-hint = <code>@</code> — сам { $domain }, <code>www</code> — www.{ $domain }, <code>*</code> — любое имя без собственной записи.
dns-content-title = Пришлите значение.
dns-content-hint-a = IPv4-адрес, например <code>203.0.113.10</code>.
dns-content-hint-aaaa = IPv6-адрес, например <code>2001:db8::1</code>.
dns-content-hint-cname = Имя хоста, на который она указывает, например <code>target.example.net</code>.
dns-content-hint-mx = Имя почтового сервера, например <code>mx1.mailhost.com</code>.
dns-content-hint-txt = Любой текст до { $max } символов, например <code>v=spf1 include:_spf.google.com ~all</code>.
dns-content-hint-ns = Имя NS-сервера, например <code>ns1.myhost.com</code>.
dns-priority-title = Пришлите приоритет MX или нажмите вариант ниже.
dns-priority-hint = Число от 0 до { $max }; почта сначала пробует наименьший.
dns-ttl-title = Сколько резолверам хранить запись в кэше (TTL)?
dns-ttl-hint = Нажмите вариант или пришлите число секунд от { $min } до { $max } (1 — автоматически).
dns-proxied-title = Пускать трафик через прокси Cloudflare (скрывает адрес сервера, кэширует) или только DNS?
dns-proxied-on = ☁️ Через прокси Cloudflare
dns-proxied-off = Только DNS
