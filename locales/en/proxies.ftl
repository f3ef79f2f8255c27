## Proxies section: buying, orders, renew, restore and proxy lists as files.

proxies-menu =
    <b>🌐 Proxies</b>
    Residential IPv6 proxies (SOCKS5 and HTTP). Buy up to 500 in one order, renew it, restore an expired order with the same logins, and get the list as a .txt file.
proxies-buy-button = 🛒 Buy proxies
proxies-orders-button = 📋 My orders
proxies-open-order = 📋 Order card
proxies-buy-title = Buy proxies
proxies-renew-card-title = Renew a proxy order
proxies-restore-card-title = Restore a proxy order
proxies-servers-title =
    <b>Buy proxies</b> · step 1 of 3
    Choose a server. Prices are per proxy per month.
proxies-server-line = { $place } · <b>{ $name }</b> · SOCKS5 :{ $socks5 } · HTTP :{ $http } · { $price }/mo
proxies-no-servers = piv.day has no proxy servers on sale right now. Try again later.
proxies-server-gone = ⚠️ That server is no longer on sale. Pick another one.
proxies-order-ref = Order <code>{ $id }</code>
proxies-price-each = { $price } per proxy/mo
proxies-count = { $count ->
    [one] { $count } proxy
   *[other] { $count } proxies
}
proxies-quantity-title = <b>Step 2 of 3</b> · How many proxies? Tap an amount or send a number from { $lo } to { $hi }.
proxies-quantity-option = { $count } · { $cost }/mo
proxies-months-title = <b>Step 3 of 3</b> · For how long? Tap or send a number of months from { $lo } to { $hi }.
proxies-renew-title = <b>Renew</b> · For how many more months? Tap or send a number from { $lo } to { $hi }.
proxies-months-option = { $months ->
    [one] { $months } month
   *[other] { $months } months
} · { $cost }
proxies-typed-not-number = ⚠️ That is not a whole number. Send digits only, from { $lo } to { $hi }.
proxies-typed-too-small = ⚠️ Too few: the minimum is { $lo }.
proxies-typed-too-large = ⚠️ Too many: the maximum is { $hi }.
proxies-cancelled = ✖️ Cancelled. Nothing was charged.
proxies-stale-step = This step is no longer active. Start again from Proxies.
proxies-orders-title = <b>📋 My proxy orders</b> · { $total } found
proxies-orders-filter = Showing: { $name }
proxies-orders-search = Search: “{ $text }”
proxies-orders-empty = No orders here yet.
proxies-filter-all = All
proxies-filter-active = Active
proxies-filter-expired = Expired
proxies-search-button = 🔎 Search
proxies-search-clear = ✖️ Clear search
proxies-search-title = 🔎 Send a word to look for (an order id, a country code such as DE, a server name), up to { $max } characters.
proxies-order-button = { $mark } { $flag } { $country } · { $count } · until { $until }
proxies-status = Status: { $status ->
    [active] ✅ active
    [expired] ⌛ expired
   *[other] { $status }
}
proxies-card-title = <b>🌐 Proxy order</b> <code>{ $id }</code>
proxies-card-country = Country: { $place }
proxies-card-quantity = Proxies: { $count }
proxies-card-price = Price: { $price } per proxy per month
proxies-card-total = Paid at purchase: { $total }
proxies-card-bought = Bought: { $date }
proxies-card-expires = Expires: { $date } ({ $days ->
    [one] { $days } day left
   *[other] { $days } days left
})
proxies-card-expired = Expired: { $date }
proxies-card-auto-renew = Auto-renew: { $on ->
    [on] on
   *[off] off
}
proxies-card-files = Logins and passwords are never shown in chat: get the list as a .txt file below.
proxies-renew-button = 🔁 Renew
proxies-restore-button = ♻️ Restore
proxies-export-button = 📄 { $format }
proxies-format-socks5 = SOCKS5
proxies-format-http = HTTP
proxies-format-both = Both
proxies-renew-expired = ⚠️ This order has expired, so it cannot be renewed. Restore it instead: same logins, passwords and IPv6 addresses.
proxies-restore-active = ⚠️ Only an expired order can be restored; this one is still running. Renew it instead.
proxies-price-unknown = ⚠️ piv.day did not state this order's price per proxy, so it cannot be priced here. Try again later.
proxies-file-caption = 📄 Order <code>{ $id }</code> · { $format } · { $count ->
    [one] { $count } line
   *[other] { $count } lines
}
proxies-file-empty = This order has no proxies to list.
proxies-card-buy = { $count ->
    [one] { $count } proxy
   *[other] { $count } proxies
} × { $months ->
    [one] { $months } month
   *[other] { $months } months
} × { $price }
proxies-card-renew = +{ $months ->
    [one] { $months } month
   *[other] { $months } months
} × { $price } per proxy (now until { $date })
proxies-card-restore = Back for { $months ->
    [one] { $months } month
   *[other] { $months } months
} at { $price } per proxy, with the same logins, passwords and IPv6 addresses
proxies-charged = Charged: { $cost }
proxies-bought-title = ✅ <b>Proxies bought</b>
proxies-bought-details = { $place } · { $count ->
    [one] { $count } proxy
   *[other] { $count } proxies
} · until { $date }
proxies-bought-files = Logins and passwords are not shown in chat. Get the list as a .txt file:
proxies-renewed-title = ✅ <b>Order renewed</b>
proxies-renewed-until = Now until { $date }
proxies-restored-title = ✅ <b>Order restored</b>
proxies-restored-until = Running again until { $date }, with the same logins and passwords
