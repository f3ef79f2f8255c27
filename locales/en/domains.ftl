## Domains section: check, register, renew, My domains, the domain card, the queue followed live.

cmd-domain = Check a domain (/domain name.tld)
domains-menu =
    <b>🔗 Domains</b>
    Check a name and register it without KYC, with Cloudflare and SSL or your own nameservers. Renew, switch auto-renew and manage DNS records in My domains.
domains-check-button = 🔎 Check a domain
domains-list-button = 📋 My domains
domains-open-button = 🔗 Open the domain
domains-back-to-card = ◀️ Back to the domain
domains-refresh-button = 🔄 Refresh
domains-no-button = No

## Check
domains-check-prompt = Send a domain name to check, e.g. <code>mysite.com</code> (a link, www. and capitals are fine; so are names like пример.рф).
domains-available = ✅ Available
domains-taken = ❌ Not available for registration. Send another name to check.
domains-prices = Registration: <b>{ $create }</b>/year · renewal: { $renew }/year
domains-register-button = 📝 Register
domains-check-another = 🔎 Check another
domains-check-gone = This check is too old. Check the name again.

## What was wrong with typed input
domains-problem-empty = ⚠️ Nothing to read there. Send it again.
domains-problem-too-long = ⚠️ That is too long (a name: at most 253 characters; TXT: at most { $txt_max }).
domains-problem-bad-name = ⚠️ That is not a valid name: letters, digits and hyphens, separated by dots, no hyphen at the start or end of a part.
domains-problem-one-label = ⚠️ A full name with a dot is needed, e.g. <code>mysite.com</code>.
domains-problem-ip-not-name = ⚠️ That is an IP address; a host name is needed here.
domains-problem-ipv4 = ⚠️ That is not an IPv4 address such as <code>203.0.113.10</code>.
domains-problem-ipv6 = ⚠️ That is not an IPv6 address such as <code>2001:db8::1</code>.
domains-problem-ttl = ⚠️ TTL is 1 (automatic) or from { $ttl_min } to { $ttl_max } seconds.
domains-problem-priority = ⚠️ Priority is a whole number from 0 to { $priority_max }.
domains-problem-control = ⚠️ The text contains line breaks or control characters; send it on one line.
domains-problem-ns-count = ⚠️ Give from { $ns_min } to { $ns_max } nameservers.
domains-problem-ns-repeat = ⚠️ The same nameserver is there twice.

## Registration wizard
domains-years = { $years ->
    [one] { $years } year
   *[other] { $years } years
}
domains-period-option = { $years ->
    [one] { $years } year
   *[other] { $years } years
} · { $cost }
domains-auto-renew-state = auto-renew { $on ->
    [on] on
   *[off] off
}
domains-cloudflare-state = Cloudflare { $on ->
    [on] on
   *[off] off
}
domains-ssl-state = SSL { $mode }
domains-period-title = <b>Step 1</b> · For how long?
domains-auto-renew-title = <b>Step 2</b> · Renew automatically before it expires?
domains-auto-renew-on = 🔁 Auto-renew on
domains-auto-renew-off = ⏹ Auto-renew off
domains-cloudflare-title =
    <b>Step 3</b> · Cloudflare?
    With Cloudflare, piv.day sets up DNS and a free SSL certificate; you manage records here. Without it, the domain points to your own nameservers.
domains-cloudflare-on = ☁️ Yes, with Cloudflare and SSL
domains-cloudflare-off = 🧭 No, my own nameservers
domains-ssl-title =
    <b>Step 4</b> · SSL mode between Cloudflare and your server
    Flexible: your server has no certificate. Full: it has one (any). Strict: it has a valid one.
domains-ssl-flexible = Flexible
domains-ssl-full = Full
domains-ssl-strict = Full (strict)
domains-records-title = <b>Step 5</b> · DNS records to create with the domain (optional, up to { $max }). You can add them later too.
domains-records-add = ➕ Add a record
domains-records-undo = ↩️ Remove the last one
domains-records-done = ➡️ Continue
domains-records-none = ➡️ Continue without records
domains-nameservers-title = <b>Step 4</b> · Send your nameservers, from { $min } to { $max }, one per line or separated by spaces, e.g. <code>ns1.myhost.com ns2.myhost.com</code>
domains-register-cancelled = ✖️ Registration cancelled. Nothing was charged.
domains-stale-step = This step is no longer active. Start again from Domains.
domains-no-longer-available = { $domain } is no longer available for registration. Nothing was charged.
domains-price-unknown = piv.day gives no price for this domain right now, so it can't be offered. Try again later.

## Confirmation cards and results
domains-register-title = Register a domain
domains-confirm-period = { $years ->
    [one] { $years } year
   *[other] { $years } years
} · auto-renew { $on ->
    [on] on
   *[off] off
}
domains-confirm-cloudflare = Cloudflare on · SSL mode { $mode }
domains-confirm-records = { $count ->
    [one] { $count } DNS record:
   *[other] { $count } DNS records:
}
domains-confirm-nameservers = Own nameservers:
domains-register-queued = ✅ Paid. { $domain } is in piv.day's registration queue.
domains-follow-note = This message will show when it is done.
domains-renew-title = Renew a domain
domains-confirm-renew = Add { $years ->
    [one] { $years } year
   *[other] { $years } years
} (expires now: { $expires })
domains-renew-queued = ✅ Paid. { $domain } is being renewed; new expiry date: { $expires }.

## The queue, followed live
domains-job-register = 📝 Registering { $domain } for { $years ->
    [one] { $years } year
   *[other] { $years } years
}
domains-job-renew = 🔁 Renewing { $domain } for { $years ->
    [one] { $years } year
   *[other] { $years } years
}
domains-queue-pending = ⏳ Waiting in the queue…
domains-queue-processing = ⚙️ The registry is processing it…
domains-queue-other = ⏳ Queue status: { $status }
domains-queue-failed =
    ❌ It failed: { $reason }
    The money was returned to your balance. Pick another name and try again.
domains-queue-timeout = ⌛ Still not done after an hour. piv.day will finish it; check the domain later.
domains-queue-stopped = ⏹ No longer followed here (the API key was removed). Check the domain later.
domains-registered = ✅ Registered! Expires { $expires }.
domains-renewed = ✅ Renewed. Now expires { $expires }.

## Renew
domains-renew-screen =
    <b>Renew</b> { $domain }
    Expires: { $expires } · renewal { $price }/year
    For how long?
domains-not-renewable = This domain can't be renewed now (status: { $status }).

## My domains
domains-list-title = <b>📋 My domains</b> ({ $total })
domains-list-empty = You have no domains yet. Check a name and register it.
domains-list-none-filtered = No domains match these filters.
domains-list-line = { $number }. { $domain } · { $status } · until { $expires }
domains-filter-status-any = Status: any
domains-filter-status-active = Status: active
domains-filter-status-pending = Status: registering
domains-filter-status-expired = Status: expired
domains-filter-cloudflare = Cloudflare: { $value }
domains-filter-auto-renew = Auto-renew: { $value }
domains-filter-any = any
domains-filter-on = on
domains-filter-off = off
domains-filter-search = 🔎 Search
domains-filter-search-clear = ✖️ “{ $text }”
domains-search-prompt = Send a part of the domain name to look for.

## The domain card
domains-status-active = ✅ active
domains-status-purchasing = ⏳ registering
domains-status-expired = ⌛ expired
domains-status-failed = ❌ failed
domains-card-status = Status: { $status }
domains-card-dates = Registered: { $registered } · expires: { $expires }
domains-card-auto-renew = Auto-renew: { $on ->
    [on] on
   *[off] off
}
domains-card-cloudflare-on = Cloudflare: on ({ $status })
domains-card-cloudflare-off = Cloudflare: off
domains-ssl-line = SSL: { $type }, { $status }, mode { $mode }, until { $expires }
domains-card-dns-count = { $count ->
    [one] { $count } DNS record
   *[other] { $count } DNS records
}
domains-card-ns = Nameservers:
domains-renew-button = 🔁 Renew
domains-auto-renew-turn-on = Turn auto-renew on
domains-auto-renew-turn-off = Turn auto-renew off
domains-dns-button = 🌐 DNS records
domains-cloudflare-button = ☁️ Enable Cloudflare
domains-ns-button = 🧭 Set nameservers
domains-cloudflare-question =
    Enable Cloudflare for { $domain }?
    piv.day moves its DNS to Cloudflare with a free SSL certificate, and your own nameservers stop being used. This can't be turned off from the bot.
domains-cloudflare-yes = ☁️ Yes, enable
domains-ns-prompt = Send the nameservers for { $domain }, from { $min } to { $max }, one per line or separated by spaces.
domains-done-auto-renew = Auto-renew is { $on ->
    [on] on
   *[off] off
} now.
domains-done-cloudflare = ✅ Cloudflare is on (SSL mode { $mode }).
domains-done-nameservers = ✅ Nameservers saved.

## DNS records
dns-list-title = <b>🌐 DNS records</b> of { $domain } ({ $total })
dns-list-empty = No records yet.
dns-add-button = ➕ Add a record
dns-back-to-domain = ◀️ Back to the domain
dns-back-to-records = ◀️ Back to the records
dns-unavailable = DNS records are managed through Cloudflare: enable it for this domain first (or wait until it is registered).
dns-record-gone = This record is no longer there.
dns-record-title = <b>DNS record</b> of { $domain }
dns-record-type = Type: { $type }
dns-record-name = Name: <code>{ $name }</code>
dns-record-content = Content:
dns-record-priority = Priority: { $priority }
dns-record-ttl = TTL: { $ttl }
dns-record-proxied = Cloudflare proxy: { $on ->
    [on] on
   *[off] off
}
dns-ttl-auto = TTL auto
dns-ttl-seconds = TTL { $seconds ->
    [60] 1 min
    [300] 5 min
    [3600] 1 h
    [86400] 1 day
   *[other] { $seconds } s
}
dns-edit-button = ✏️ Change
dns-delete-button = 🗑 Delete
dns-edit-title = What to change in { $record }?
dns-field-name = Name
dns-field-content = Content
dns-field-ttl = TTL
dns-field-priority = Priority
dns-proxy-turn-on = ☁️ Turn the Cloudflare proxy on
dns-proxy-turn-off = Turn the Cloudflare proxy off
dns-edit-prompt = Send the new { $field } for { $record }.
dns-delete-question = Delete { $record }?
dns-delete-yes = 🗑 Yes, delete
dns-delete-no = No
dns-done-added = ✅ Record added.
dns-done-changed = ✅ Record changed.
dns-done-deleted = ✅ Record deleted.
dns-draft-dropped = The record was not added.

## Building a record
dns-draft-title = <b>New DNS record</b> for { $domain }
dns-type-title = Choose the record type.
dns-name-title = Send the name, or tap one below.
dns-name-hint = <code>@</code> is { $domain } itself, <code>www</code> is www.{ $domain }, <code>*</code> is any name that has no record of its own.
dns-content-title = Send the content.
dns-content-hint-a = An IPv4 address, e.g. <code>203.0.113.10</code>.
dns-content-hint-aaaa = An IPv6 address, e.g. <code>2001:db8::1</code>.
dns-content-hint-cname = The host name it points to, e.g. <code>target.example.net</code>.
dns-content-hint-mx = The mail server's host name, e.g. <code>mx1.mailhost.com</code>.
dns-content-hint-txt = Any text up to { $max } characters, e.g. <code>v=spf1 include:_spf.google.com ~all</code>.
dns-content-hint-ns = A nameserver's host name, e.g. <code>ns1.myhost.com</code>.
dns-priority-title = Send the MX priority, or tap one below.
dns-priority-hint = A number from 0 to { $max }; mail tries the lowest first.
dns-ttl-title = How long may resolvers cache it (TTL)?
dns-ttl-hint = Tap one, or send seconds from { $min } to { $max } (1 = automatic).
dns-proxied-title = Send traffic through Cloudflare's proxy (hides your server's address, adds caching), or DNS only?
dns-proxied-on = ☁️ Through the Cloudflare proxy
dns-proxied-off = DNS only
