## Numbers section: menu, prices, the buy wizard, My numbers, the number card, SMS, codes.

numbers-menu =
    <b>📱 Numbers</b>
    Your virtual numbers: buy, renew and restore them, read and send SMS, wait for a code.
numbers-buy-button = ➕ Buy a number
numbers-section-button = 📱 Numbers
numbers-back-home = 🏠 Main menu
numbers-buy-title = Buy a number
numbers-countries-title =
    <b>Buy a number</b> · step 1 of 4
    Choose a country. Prices are for your plan, per month.
numbers-no-countries = piv.day has no countries on sale right now. Try again later.
numbers-price-month = { $price }/mo
numbers-saving = save { $percent }% vs { $base }
numbers-sms-both = SMS in + out ({ $price })
numbers-sms-receive = SMS in only
numbers-sms-send = SMS out only ({ $price })
numbers-sms-none = no SMS
numbers-months = { $months ->
    [one] { $months } month
   *[other] { $months } months
}
numbers-renew-state = auto-renew { $on ->
    [on] on
   *[off] off
}
numbers-duration-title = <b>Step 2 of 4</b> · For how long?
numbers-duration-option = { $months ->
    [one] { $months } month
   *[other] { $months } months
} · { $cost }
numbers-renew-title = <b>Step 3 of 4</b> · Renew automatically when the period ends?
numbers-renew-on = 🔁 Auto-renew on
numbers-renew-off = ⏹ Auto-renew off
numbers-name-title = <b>Step 4 of 4</b> · Send a name for the number (up to { $max } characters), or tap Skip.
numbers-name-empty = ⚠️ The name is empty. Send some text, or tap Skip.
numbers-name-too-long = ⚠️ The name is too long: at most { $max } characters.
numbers-name-bad-chars = ⚠️ The name contains characters that cannot be used.
numbers-buy-cancelled = ✖️ Purchase cancelled. Nothing was charged.
numbers-country-gone = This country is no longer on sale. Pick another one.
numbers-stale-step = This step is no longer active. Start again from Numbers.
numbers-card-what = { $place } · { $months ->
    [one] { $months } month
   *[other] { $months } months
}
numbers-card-renew = Auto-renew: { $on ->
    [on] on
   *[off] off
}
numbers-card-name = Name: { $name }
numbers-bought-title = ✅ Number bought
numbers-bought-details = { $place } · until { $expires } · auto-renew { $on ->
    [on] on
   *[off] off
}
numbers-bought-charged = Charged: { $cost }

cmd-numbers = Your numbers (/numbers text searches them)

## Countries and prices, My numbers.

numbers-prices-button = 🌍 Countries & prices
numbers-prices-title =
    <b>🌍 Countries and prices</b>
    Per month, for your plan. Tap a country to buy a number there.
numbers-list-button = 📋 My numbers
numbers-search-button = 🔍 Search
numbers-restore-button = ♻️ Restore expired
numbers-list-title = <b>📋 My numbers</b> · { $total }
numbers-list-filters = Showing: { $filters }
numbers-list-empty = You have no numbers yet. Buy one with “➕ Buy a number”.
numbers-list-none-match = No numbers match these filters.
numbers-row-days = { $days } d
numbers-row-expired = ⌛ expired
numbers-row-restoring = ♻️ restoring
numbers-row-renew-on = 🔁
numbers-row-renew-off = ⏹
numbers-all = All
numbers-filter-status = Status: { $value }
numbers-filter-country = Country: { $value }
numbers-filter-search = “{ $text }”
numbers-filter-clear = ✖️ Clear filters
numbers-pick-status = Show numbers with which status?
numbers-pick-country = Show numbers from which country?
numbers-search-title = 🔍 Send a part of a number or of its name to search for (up to { $max } characters).
numbers-search-empty = ⚠️ The search text is empty. Send some text.
numbers-search-too-long = ⚠️ Too long: at most { $max } characters.
numbers-need-text = ⚠️ Please send text.
numbers-step-cancelled = ✖️ Cancelled. Nothing was sent.
numbers-not-active = This number is not active, so it can't do this now.

## The number card.

numbers-status-active = ✅ active
numbers-status-expired = ⌛ expired
numbers-status-pending-restore = ♻️ being restored
numbers-status-other = { $status }
numbers-card-dates = Bought { $bought } · expires { $expires }
numbers-card-days-left = ⏳ { $days ->
    [0] expires today
    [one] { $days } day left
   *[other] { $days } days left
}
numbers-card-restore-hint = ♻️ It can be restored within 7 days of expiry (restoring costs more than a new number).
numbers-card-auto-on = 🔁 Auto-renew: on · next renewal { $date }
numbers-card-auto-off = 🔁 Auto-renew: off
numbers-card-tags = 🏷 Tags: { $tags }
numbers-caps-both = 💬 SMS: receive and send
numbers-caps-receive = 💬 SMS: receive only
numbers-caps-send = 💬 SMS: send only
numbers-caps-none = 💬 SMS: none
numbers-renew-button = 🔄 Renew
numbers-rename-button = ✏️ Rename
numbers-auto-turn-on = 🔁 Turn auto-renew on
numbers-auto-turn-off = ⏹ Turn auto-renew off
numbers-auto-now = Auto-renew is now { $on ->
    [on] on
   *[off] off
}.
numbers-history-button = 💬 SMS history
numbers-send-button = ✉️ Send SMS
numbers-verify-button = 🔐 Google verification
numbers-wait-button = ⏳ Wait for a code
numbers-wait-stop = ⏹ Stop waiting
numbers-simulate-button = 🧪 Simulate an incoming SMS
numbers-restore-one = ♻️ Restore
numbers-open-card = 📱 Open the number
numbers-refresh = 🔄 Refresh

## Rename and renew.

numbers-rename-title = ✏️ Send a new name for <code>{ $phone }</code> (up to { $max } characters).
numbers-rename-empty = ⚠️ The name is empty. Send some text.
numbers-renamed = ✅ Renamed.
numbers-renew-step =
    🔄 <b>Renew</b> <code>{ $phone }</code> · { $place }
    Expires { $expires }. For how long?
numbers-renew-not-active = Only an active number can be renewed. An expired one can be restored (Numbers → Restore expired).
numbers-renew-no-price = piv.day has no price for this number's country right now, so it can't be renewed. Try again later.
numbers-renew-card-title = Renew a number
numbers-renew-what = <code>{ $phone }</code> · { $place }
numbers-renew-for = + { $months ->
    [one] { $months } month
   *[other] { $months } months
} (now expires { $expires })
numbers-renewed-title = ✅ Renewed <code>{ $phone }</code>
numbers-renewed-until = Now expires { $expires }

## Restore.

numbers-restore-title =
    <b>♻️ Restore expired numbers</b>
    Within 7 days of expiry a number comes back with its SMS history. Restoring costs more than a new number (about 1.5× the monthly price).
numbers-restore-selected = Selected { $count } of { $total } · about { $cost }
numbers-restore-max = At most { $max } numbers per restore.
numbers-restore-all = ☑️ Select all
numbers-restore-clear = ⬜ Clear
numbers-restore-go = ♻️ Restore { $count } · ≈{ $cost }
numbers-restore-none = You have no expired numbers to restore (a number can be restored within 7 days of expiry).
numbers-restore-nothing = None of the chosen numbers can be restored any more. Pick again.
numbers-restore-card-title = Restore numbers
numbers-restore-what = { $count ->
    [one] { $count } number
   *[other] { $count } numbers
}:
numbers-restore-more = … and { $count } more
numbers-restore-done = ♻️ Restore requested: { $queued } queued, { $skipped } skipped.
numbers-restore-later = Each number's outcome comes here as a message when piv.day finishes; numbers that can't come back are refunded automatically.

## SMS history, sending, Google verification.

numbers-history-title = <b>💬 SMS · { $phone }</b> · { $total ->
    [one] { $total } message
   *[other] { $total } messages
}
numbers-history-empty = No messages yet.
numbers-sms-in = ⬇️ from <code>{ $peer }</code> · { $status } · { $at }
numbers-sms-out = ⬆️ to <code>{ $peer }</code> · { $status } · { $at }
numbers-sms-code = 🔑 Code: <code>{ $code }</code>
numbers-copy-code = 📋 Copy { $code }
numbers-send-to =
    ✉️ <b>Send an SMS</b> from <code>{ $phone }</code> · step 1 of 2
    Send the recipient's number in international format, e.g. <code>+14155551234</code>.
numbers-send-to-format = ⚠️ That is not a phone number in international format: start with + and the country code, e.g. +14155551234.
numbers-send-to-invalid = ⚠️ No such number exists: check the country code and the digits.
numbers-send-body =
    ✉️ From <code>{ $phone }</code> to <code>{ $to }</code> · step 2 of 2
    Send the text of the SMS (up to { $max } characters). One SMS part costs { $price }; a long text goes out in several parts.
numbers-send-body-empty = ⚠️ The text is empty. Send the text of the SMS.
numbers-send-body-too-long = ⚠️ Too long: { $length } characters, at most { $max }.
numbers-send-body-control = ⚠️ The text contains characters an SMS cannot carry.
numbers-send-unavailable = SMS can't be sent from this number's country.
numbers-send-card-title = Send an SMS
numbers-send-what = From <code>{ $phone }</code> to <code>{ $to }</code>:
numbers-send-parts = { $encoding }, { $units } characters: { $parts ->
    [one] { $parts } SMS part
   *[other] { $parts } SMS parts
} of up to { $per_part }
numbers-sent-title = ✅ SMS accepted: <code>{ $phone }</code> → <code>{ $to }</code>
numbers-sent-status = Status: { $status }
numbers-verify-title =
    🔐 <b>Google verification</b> with <code>{ $phone }</code>
    Paste the verification link from Google's page (an https:// link on google.com).
numbers-verify-not-url = ⚠️ That is not a link. Paste the full verification link from Google's page.
numbers-verify-not-https = ⚠️ The link must start with https://.
numbers-verify-not-google = ⚠️ That link is not on a Google address (google.com). Paste the link from Google's own page.
numbers-verify-too-long = ⚠️ That link is too long.
numbers-verify-unavailable = This number can't run a Google verification now: it must be active and able to send SMS.
numbers-verify-card-title = Google verification
numbers-verify-what = <code>{ $phone }</code>
numbers-verify-link = Link: <code>{ $url }</code>
numbers-verify-refund = If Google does not accept it, piv.day refunds the verification.
numbers-verify-started = 🔐 Verification started for <code>{ $phone }</code>.
numbers-verify-answer = piv.day: { $message }
numbers-verify-later = The result comes here as a message when Google answers; a failed verification is refunded by piv.day.

## Waiting for a code, and the sandbox's test SMS.

numbers-wait-status = ⏳ Waiting for an SMS code on <code>{ $phone }</code>… I look every few seconds for up to { $minutes } minutes; each SMS that arrives appears here.
numbers-wait-incoming = 💬 SMS to <code>{ $phone }</code> from <code>{ $sender }</code>:
numbers-wait-done = ✅ Code received on <code>{ $phone }</code>: <code>{ $code }</code>
numbers-wait-timeout = ⌛ No code arrived on <code>{ $phone }</code> within { $minutes } minutes.
numbers-wait-stopped = ⏹ Stopped waiting for a code on <code>{ $phone }</code>.
numbers-wait-key-gone = ⏹ Stopped waiting for a code on <code>{ $phone }</code>: the API key was removed.
numbers-wait-number-gone = ⏹ Stopped waiting: <code>{ $phone }</code> is no longer on this account.
numbers-wait-again = ⏳ Wait again
numbers-wait-already = A code is already being waited for on this number.
numbers-wait-not-active = Nothing is being waited for on this number.
numbers-simulated = 🧪 Test SMS delivered: “{ $text }” See it in SMS history or with “Wait for a code”.
numbers-simulate-failed = The sandbox did not take the test SMS (is the number active?).
