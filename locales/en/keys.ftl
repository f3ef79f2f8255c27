## API keys: connect, list, switch, rename, remove.

keys-button-connect = 🔑 Connect API key
keys-button-demo = 🧪 Use the demo key (play money)
keys-demo-unavailable = There is no demo key here: this bot talks to the real piv.day. Connect your own API key.
keys-ask-paste =
    Paste your piv.day API key as the next message (piv.day → Settings → API Keys).
    I delete that message at once, check the key with piv.day and store it encrypted. /cancel to stop.
keys-connected =
    ✅ Key connected and active: { $key }
    Balance: <b>{ $balance }</b>
    Email: { $email }
keys-rejected-malformed = That doesn't look like an API key (a single word without spaces). Nothing was stored. Paste the key again or /cancel.
keys-rejected-unauthorized = piv.day refused this key (UNAUTHORIZED): it is wrong, expired or revoked. Nothing was stored. Paste another key or /cancel.
keys-rejected-missing-scope = piv.day accepted the key but it lacks the scope to read the account (INSUFFICIENT_PERMISSIONS). Add the scope in piv.day → Settings → API Keys, then paste it again. Nothing was stored.
keys-rejected-unreachable = piv.day could not be reached to check the key, so nothing was stored. Try again in a minute.
keys-rejected-duplicate = This key is already connected. Nothing changed.
keys-rejected-limit = You already have the maximum number of keys. Remove one in /keys first.
keys-group-warning = ⚠️ I deleted a message that contained an API key. Never post keys in a group: anyone here could have seen it, so consider rotating it in piv.day. Connect keys in a private chat with me.
keys-group-private-only = Keys are connected only in a private chat with me, never in a group. Open a private chat with me and send /key.
keys-list-title = <b>Your API keys</b> (the active one is marked ✅):
keys-list-empty = No keys connected yet.
keys-row-active = ✅ { $key }
keys-row = ▫️ { $key }
keys-card =
    <b>Key</b> { $key }
    Email: { $email }
    Added: { $added }
keys-card-active = This key is active: purchases and menus use it.
keys-button-use = ✅ Use this key
keys-button-rename = ✏️ Rename
keys-button-remove = 🗑 Remove
keys-button-remove-yes = 🗑 Yes, remove
keys-now-active = Active key: { $key }
keys-remove-confirm = Remove the key { $key }? Its encrypted copy is deleted from the bot's database.
keys-removed = Key removed: { $key }
keys-rename-ask = Send the new name for { $key } (up to 64 characters). /cancel to stop.
keys-renamed = Renamed: { $key }
keys-rename-invalid = The name must be 1 to 64 characters. Send another one or /cancel.
keys-not-found = This key is no longer connected.
