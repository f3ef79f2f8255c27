## 🔔 Notifications: the event URL, what a private chat receives, team groups (/bind).

notifications-title = <b>🔔 Notifications</b> · key { $key }
notifications-url =
    piv.day sends events (SMS codes, expiry warnings, finished jobs) to one webhook URL per API key. This key's URL:
    <code>{ $url }</code>

    <b>Set it up once</b>
    1. Open piv.day → Settings → API Keys.
    2. Open the key ending in { $mask }, paste the URL into its webhook URL field and save.
    3. Tap “Send a test event” below: it checks that the URL reaches this bot.
    Keep the URL to yourself: whoever has it can post events here. “New URL” replaces it.
notifications-no-public-url =
    piv.day cannot reach this bot yet: its operator has not set <code>PUBLIC_URL</code> (the bot's HTTPS address, e.g. https://bot.example.com, with a reverse proxy to its HTTP port).
    What works without it: everything you do in this chat, and the codes you wait for on a number's card (the bot asks piv.day for them).
notifications-sandbox = 🧪 Sandbox: events from the local piv.day come to this bot by themselves, there is no URL to set. Try “Simulate an incoming SMS” on a number's card.
notifications-private-title = <b>This chat receives</b>
notifications-summary-status = SMS status updates: { $mode }
notifications-summary-off = Off: { $types }
notifications-summary-all = Everything else: on
notifications-mode-on = all
notifications-mode-off = off
notifications-mode-failures = failures only
notifications-groups = Bound to { $count ->
    [one] a group
   *[other] { $count } groups
}: { $groups }. What a group receives comes there instead of here.
notifications-no-groups = Groups: none. To get events in a team group, add me there and send /bind.
notifications-a-group = a group
notifications-topic = (topic)
notifications-test-button = 📨 Send a test event
notifications-regen-button = 🔄 New URL
notifications-prefs-button = ⚙️ Choose what comes here
notifications-regen-ask = Make a new URL? The current one stops working at once: give piv.day the new one (Settings → API Keys), or events are lost.
notifications-regen-yes = Yes, a new URL
notifications-regen-done = ✅ New URL made. Paste it into piv.day now: the old one no longer works.
notifications-test-sending = Sending a test event…
notifications-test-ok = ✅ The test event came back through { $host } (HTTP { $status }, { $ms } ms). Its message is on its way to where this key's events go.
notifications-test-refused = ❌ { $host } answered HTTP { $status }: the event did not reach the bot. Check that the reverse proxy forwards /pivday/events/ to the bot's HTTP port.
notifications-test-unreachable = ❌ { $host } did not answer ({ $error }). Check PUBLIC_URL, DNS and HTTPS in front of the bot's HTTP port.
notifications-prefs-title =
    <b>What comes to this private chat</b>
    Tap a type to switch it: ✅ on · 🚫 off · ⚠️ failures only (SMS status updates). Types a bound group receives go there instead.
notifications-type-sms = SMS codes
notifications-type-verify-done = Verification done
notifications-type-verify-failed = Verification failed
notifications-type-sms-status = SMS status
notifications-type-restore = Restores
notifications-type-number-expires = Numbers expiring
notifications-type-proxy-expires = Proxies expiring
notifications-type-domain-expires = Domains expiring
notifications-type-domain-registered = Domains registered
notifications-type-domain-failed = Domains failed
notifications-type-white-done = Sites ready
notifications-type-white-failed = Sites failed
notifications-type-other = Other events

bind-group-only = /bind, /binding and /unbind work in a group: add me to your team group and send them there.
bind-need-key = Connect a piv.day key in a private chat with me first (/key), then send /bind here again.
bind-not-admin = Only a group admin can send their key's events to this group.
bind-anonymous = Send /bind as yourself, not anonymously: I need to know whose key it is.
bind-where-group = this group
bind-where-topic = this topic
bind-done = 🔔 Events of key { $key } now come to { $where }: SMS codes, expiry warnings, finished jobs. /binding narrows them by type, /unbind stops them. Purchases stay in private chat.
binding-none = No key's events come here. A group admin who has connected a key can send /bind.
binding-title = <b>Events that come here</b>
binding-key = Key { $key }
binding-hint = Tap a type to switch it (only the key's owner can). /unbind stops them.
binding-not-yours = Only the owner of this key can change what comes here.
binding-gone = This binding no longer exists.
unbind-nothing = Nothing of yours is bound here.
unbind-done = Stopped: { $keys }. Their events go to their owners' private chats again.
binding-disabled = 🔕 I can no longer post in { $group } (blocked or removed), so the events of key { $key } come here again. Send /bind there once I'm back.

cmd-notifications = Notifications: event URL, what comes here
cmd-bind = Send your key's events to this group
cmd-binding = Which events come to this group
cmd-unbind = Stop your key's events here
