"""piv.day's events in chat: receiver → inbox → router → outbox → Telegram.

- `receiver`: POST /pivday/events/{token}, stored (group commit) before the 2xx.
- `inbox`: one row per (key, body hash): piv.day's retries change nothing; leased routing.
- `routing`: recipients (private chat, bound groups/topics, per-type filters), messages
  rendered by bot.ui.events in each reader's language, then pokes the watches they end.
- `outbox` + `sender` + `limits`: every message is a row first; one sender per process
  drains them in order per chat within Telegram's flood limits.
- `reminders`: number expiry warnings (piv.day has no event for them).
- `sandbox`: `make sandbox` wiring (loopback webhooks, simulate an incoming SMS).
- `runtime`: builds the background side once per process (bot.runner starts it).
"""
