## API-ключи: подключение, список, переключение, переименование, удаление.

keys-button-connect = 🔑 Подключить API-ключ
keys-button-demo = 🧪 Демо-ключ (игрушечные деньги)
keys-demo-unavailable = Демо-ключа здесь нет: этот бот работает с настоящим piv.day. Подключите свой API-ключ.
keys-ask-paste =
    Вставьте API-ключ piv.day следующим сообщением (piv.day → Settings → API Keys).
    Я сразу удалю это сообщение, проверю ключ в piv.day и сохраню его в зашифрованном виде. /cancel — отмена.
keys-connected =
    ✅ Ключ подключён и активен: { $key }
    Баланс: <b>{ $balance }</b>
    Email: { $email }
keys-rejected-malformed = Это не похоже на API-ключ (одно слово без пробелов). Ничего не сохранено. Вставьте ключ ещё раз или /cancel.
keys-rejected-unauthorized = piv.day отклонил ключ (UNAUTHORIZED): он неверный, истёк или отозван. Ничего не сохранено. Вставьте другой ключ или /cancel.
keys-rejected-missing-scope = piv.day принял ключ, но у него нет права читать аккаунт (INSUFFICIENT_PERMISSIONS). Добавьте право в piv.day → Settings → API Keys и вставьте ключ снова. Ничего не сохранено.
keys-rejected-unreachable = Не удалось связаться с piv.day для проверки ключа, поэтому ничего не сохранено. Попробуйте через минуту.
keys-rejected-duplicate = Этот ключ уже подключён. Ничего не изменилось.
keys-rejected-limit = У вас уже максимальное число ключей. Сначала удалите один в /keys.
keys-group-warning = ⚠️ Я удалил сообщение с API-ключом. Никогда не публикуйте ключи в группе: его могли увидеть все участники, лучше перевыпустите ключ в piv.day. Подключайте ключи в личном чате со мной.
keys-group-private-only = Ключи подключаются только в личном чате со мной, не в группе. Откройте личный чат со мной и отправьте /key.
keys-list-title = <b>Ваши API-ключи</b> (активный отмечен ✅):
keys-list-empty = Ключей пока нет.
keys-row-active = ✅ { $key }
keys-row = ▫️ { $key }
keys-card =
    <b>Ключ</b> { $key }
    Email: { $email }
    Добавлен: { $added }
keys-card-active = Этот ключ активен: покупки и меню используют его.
keys-button-use = ✅ Использовать этот ключ
keys-button-rename = ✏️ Переименовать
keys-button-remove = 🗑 Удалить
keys-button-remove-yes = 🗑 Да, удалить
keys-now-active = Активный ключ: { $key }
keys-remove-confirm = Удалить ключ { $key }? Его зашифрованная копия будет удалена из базы бота.
keys-removed = Ключ удалён: { $key }
keys-rename-ask = Отправьте новое название для { $key } (до 64 символов). /cancel — отмена.
keys-renamed = Переименовано: { $key }
keys-rename-invalid = Название должно быть от 1 до 64 символов. Отправьте другое или /cancel.
keys-not-found = Этот ключ больше не подключён.
