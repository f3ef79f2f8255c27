## Numbers section and the buy-a-number wizard.

numbers-menu =
    <b>📱 Numbers</b>
    Buy a virtual number for SMS codes. Your numbers, SMS and renewals come to this section in a later update.
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
