## 🔔 Уведомления: адрес для событий, что приходит в личный чат, командные группы (/bind).

notifications-title = <b>🔔 Уведомления</b> · ключ { $key }
notifications-url =
    piv.day присылает события (коды из SMS, предупреждения об истечении, готовые задачи) на один адрес вебхука для каждого API-ключа. Адрес этого ключа:
    <code>{ $url }</code>

    <b>Настройка, один раз</b>
    1. Откройте piv.day → Settings → API Keys.
    2. Откройте ключ, оканчивающийся на { $mask }, вставьте адрес в поле webhook URL и сохраните.
    3. Нажмите «Отправить тестовое событие» ниже: так проверяется, что адрес доходит до бота.
    Не показывайте адрес другим: кто его знает, может присылать сюда события. «Новый адрес» заменяет его.
notifications-no-public-url =
    piv.day пока не может достучаться до бота: администратор не задал <code>PUBLIC_URL</code> (HTTPS-адрес бота, например https://bot.example.com, с обратным прокси на его HTTP-порт).
    Без него работает: всё, что вы делаете в этом чате, и коды, которых вы ждёте на карточке номера (бот сам спрашивает их у piv.day).
notifications-sandbox = 🧪 Песочница: события локального piv.day приходят боту сами, настраивать адрес не нужно. Попробуйте «Смоделировать входящее SMS» на карточке номера.
notifications-private-title = <b>В этот чат приходят</b>
notifications-summary-status = Статусы SMS: { $mode }
notifications-summary-off = Выключены: { $types }
notifications-summary-all = Остальное: включено
notifications-mode-on = все
notifications-mode-off = выключены
notifications-mode-failures = только ошибки
notifications-groups = Привязан к { $count ->
    [one] группе
   *[other] группам ({ $count })
}: { $groups }. То, что получает группа, приходит туда, а не сюда.
notifications-no-groups = Группы: нет. Чтобы получать события в командной группе, добавьте меня туда и отправьте /bind.
notifications-a-group = группа
notifications-topic = (тема)
notifications-test-button = 📨 Отправить тестовое событие
notifications-regen-button = 🔄 Новый адрес
notifications-prefs-button = ⚙️ Что приходит сюда
notifications-regen-ask = Сделать новый адрес? Текущий сразу перестанет работать: передайте piv.day новый (Settings → API Keys), иначе события потеряются.
notifications-regen-yes = Да, новый адрес
notifications-regen-done = ✅ Новый адрес готов. Вставьте его в piv.day сейчас: старый больше не работает.
notifications-test-sending = Отправляю тестовое событие…
notifications-test-ok = ✅ Тестовое событие вернулось через { $host } (HTTP { $status }, { $ms } мс). Его сообщение уже идёт туда, куда приходят события этого ключа.
notifications-test-refused = ❌ { $host } ответил HTTP { $status }: событие не дошло до бота. Проверьте, что обратный прокси передаёт /pivday/events/ на HTTP-порт бота.
notifications-test-unreachable = ❌ { $host } не ответил ({ $error }). Проверьте PUBLIC_URL, DNS и HTTPS перед HTTP-портом бота.
notifications-prefs-title =
    <b>Что приходит в этот личный чат</b>
    Нажмите на тип, чтобы переключить: ✅ включено · 🚫 выключено · ⚠️ только ошибки (статусы SMS). Типы, которые получает привязанная группа, приходят туда.
notifications-type-sms = Коды из SMS
notifications-type-verify-done = Верификация пройдена
notifications-type-verify-failed = Верификация не удалась
notifications-type-sms-status = Статусы SMS
notifications-type-restore = Восстановления
notifications-type-number-expires = Номера истекают
notifications-type-proxy-expires = Прокси истекают
notifications-type-domain-expires = Домены истекают
notifications-type-domain-registered = Домены готовы
notifications-type-domain-failed = Домены не вышли
notifications-type-white-done = Сайты готовы
notifications-type-white-failed = Сайты не вышли
notifications-type-other = Другие события

bind-group-only = /bind, /binding и /unbind работают в группе: добавьте меня в командную группу и отправьте их там.
bind-need-key = Сначала подключите ключ piv.day в личном чате со мной (/key), затем снова отправьте /bind здесь.
bind-not-admin = Направлять события своего ключа в эту группу может только её администратор.
bind-anonymous = Отправьте /bind от своего имени, а не анонимно: мне нужно знать, чей это ключ.
bind-where-group = эту группу
bind-where-topic = эту тему
bind-done = 🔔 События ключа { $key } теперь приходят в { $where }: коды из SMS, предупреждения об истечении, готовые задачи. /binding сужает их по типам, /unbind отключает. Покупки остаются в личном чате.
binding-none = Сюда не приходят события ни одного ключа. Администратор группы с подключённым ключом может отправить /bind.
binding-title = <b>Какие события приходят сюда</b>
binding-key = Ключ { $key }
binding-hint = Нажмите на тип, чтобы переключить (может только владелец ключа). /unbind отключает события.
binding-not-yours = Менять, что приходит сюда, может только владелец этого ключа.
binding-gone = Этой привязки больше нет.
unbind-nothing = Здесь не привязано ничего вашего.
unbind-done = Отключено: { $keys }. Их события снова приходят владельцам в личные чаты.
binding-disabled = 🔕 Я больше не могу писать в { $group } (бот заблокирован или удалён), поэтому события ключа { $key } снова приходят сюда. Отправьте там /bind, когда я вернусь.

cmd-notifications = Уведомления: адрес для событий, что приходит
cmd-bind = Присылать события вашего ключа в эту группу
cmd-binding = Какие события приходят в эту группу
cmd-unbind = Больше не присылать сюда события вашего ключа
