## Сообщения о событиях: что говорит piv.day (и собственные напоминания бота).

events-copy-code = 📋 Скопировать { $code }
events-code = 🔑 Код: <code>{ $code }</code>
events-sms-title = 📩 <b>SMS</b> на { $number }
events-sms-from = От: { $sender }
events-open-number = 📱 Открыть номер
events-verify-done-title = ✅ <b>Верификация Google пройдена</b> на { $number }
events-verify-phone = Google писал с номера: { $phone }
events-verify-failed-title = ❌ <b>Верификация Google не удалась</b> на { $number }
events-refunded = Стоимость возвращена на баланс.
events-reason = Причина: { $reason }
events-sms-failed-title = ⚠️ <b>SMS не доставлено</b> с { $number } (сообщение { $message })
events-sms-status-title = 📤 <b>Статус SMS</b> с { $number } (сообщение { $message })
events-sms-status-change = Статус: { $old } → { $new }
events-more = …и ещё { $count }
events-restore-title = ♻️ <b>Восстановление завершено</b>: восстановлено { $restored }, не восстановлено { $failed }
events-restore-restored = Восстановлены:
events-restore-failed = Не восстановлены (деньги возвращены):
events-restore-refunded = Всего возвращено: <b>{ $amount }</b>
events-number-expires-title = ⏳ <b>Номер истекает { $days ->
    [one] в течение суток
    [few] через { $days } дня
   *[other] через { $days } дней
}</b>: { $number }
events-expires-at = Истекает: { $when }
events-number-expires-renew = Автопродление выключено: продлите номер, чтобы его сохранить.
events-renew = 🔁 Продлить
events-proxy-expires-title = ⏳ <b>Прокси скоро истекают</b>: заказ <code>{ $order }</code>
events-proxy-what = { $place } · { $quantity ->
    [one] { $quantity } прокси
   *[other] { $quantity } прокси
}
events-domain-expires-title = ⏳ <b>Домен скоро истекает</b>: { $domain }
events-domain-auto-renew-on = Автопродление включено: piv.day продлит его сам, делать ничего не нужно.
events-domain-auto-renew-off = Автопродление выключено: продлите домен, пока он не истёк.
events-domain-registered-title = 🌐 <b>Домен зарегистрирован</b>: { $domain }
events-domain-until = До { $when } · Cloudflare { $cloudflare ->
    [on] включён
   *[off] выключен
}
events-domain-registered-next = Дальше: добавьте DNS-записи или разместите на нём сайт.
events-open-domain = 🌐 Открыть домен
events-domain-failed-title = ❌ <b>Домен не зарегистрирован</b>: { $domain }
events-domain-failed-next = Деньги возвращены. Выберите другое имя и попробуйте снова.
events-white-completed-title = 🧾 <b>Сайт готов</b>: { $white }
events-white-completed-next = Архив можно скачать.
events-download = ⬇️ Скачать
events-white-failed-title = ❌ <b>Генерация сайта не удалась</b>: { $white }
events-white-failed-next = Деньги не потеряны: запустите новую задачу в разделе «Сайты».
events-test = 🔔 <b>Тестовое событие получено</b>: события piv.day доходят до этого чата.
events-generic-title = 🔔 <b>Событие piv.day</b> <code>{ $type }</code>
events-key = 🔑 { $key }
events-sandbox = 🧪 песочница
