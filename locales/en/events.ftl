## Event messages: what piv.day (and the bot's own reminders) say in chat.

events-copy-code = 📋 Copy { $code }
events-code = 🔑 Code: <code>{ $code }</code>
events-sms-title = 📩 <b>SMS</b> to { $number }
events-sms-from = From: { $sender }
events-open-number = 📱 Open the number
events-verify-done-title = ✅ <b>Google verification done</b> on { $number }
events-verify-phone = Google texted from: { $phone }
events-verify-failed-title = ❌ <b>Google verification failed</b> on { $number }
events-refunded = The cost was refunded to your balance.
events-reason = Reason: { $reason }
events-sms-failed-title = ⚠️ <b>SMS not delivered</b> from { $number } (message { $message })
events-sms-status-title = 📤 <b>SMS status</b> from { $number } (message { $message })
events-sms-status-change = Status: { $old } → { $new }
events-more = …and { $count } more
events-restore-title = ♻️ <b>Restore finished</b>: { $restored } restored, { $failed } not restored
events-restore-restored = Restored:
events-restore-failed = Not restored (refunded):
events-restore-refunded = Refunded in total: <b>{ $amount }</b>
events-number-expires-title = ⏳ <b>Number expires { $days ->
    [one] within a day
   *[other] in { $days } days
}</b>: { $number }
events-expires-at = Expires: { $when }
events-number-expires-renew = Auto-renew is off: renew it to keep the number.
events-renew = 🔁 Renew
events-proxy-expires-title = ⏳ <b>Proxies expire soon</b>: order <code>{ $order }</code>
events-proxy-what = { $place } · { $quantity ->
    [one] { $quantity } proxy
   *[other] { $quantity } proxies
}
events-domain-expires-title = ⏳ <b>Domain expires soon</b>: { $domain }
events-domain-auto-renew-on = Auto-renew is on: piv.day renews it, nothing to do.
events-domain-auto-renew-off = Auto-renew is off: renew it before it lapses.
events-domain-registered-title = 🌐 <b>Domain registered</b>: { $domain }
events-domain-until = Until { $when } · Cloudflare { $cloudflare ->
    [on] on
   *[off] off
}
events-domain-registered-next = Next: add DNS records or put a site on it.
events-open-domain = 🌐 Open the domain
events-domain-failed-title = ❌ <b>Domain not registered</b>: { $domain }
events-domain-failed-next = The cost was refunded. Pick another name and try again.
events-white-completed-title = 🧾 <b>Site ready</b>: { $white }
events-white-completed-next = The archive is ready to download.
events-download = ⬇️ Download
events-white-failed-title = ❌ <b>Site generation failed</b>: { $white }
events-white-failed-next = No money lost: start a new job in Sites.
events-test = 🔔 <b>Test event received</b>: piv.day events reach this chat.
events-generic-title = 🔔 <b>piv.day event</b> <code>{ $type }</code>
events-key = 🔑 { $key }
events-sandbox = 🧪 sandbox
