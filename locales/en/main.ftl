## Main menu, navigation, account, help, settings, language, fallback.

banner-sandbox = 🧪 <b>Sandbox mode</b>: play money on a local piv.day. Nothing here is real.
start-intro =
    I'm your piv.day assistant in Telegram.
    Buy and manage virtual numbers, SMS, proxies, domains and sites from this chat.
    Every purchase waits for your Confirm, and SMS codes arrive here within seconds.
menu-title = Main menu: pick a section.
menu-no-key = No API key connected yet. Tap “Connect API key” to start (get a key at piv.day → Settings → API Keys).
menu-balance = Balance: <b>{ $balance }</b> · key { $key }
menu-balance-unavailable = Balance unavailable right now · key { $key }
menu-back = « Back
menu-button-home = 🏠 Main menu
menu-button-numbers = 📱 Numbers
menu-button-proxies = 🌐 Proxies
menu-button-domains = 🔗 Domains
menu-button-sites = 🧾 Sites (whites)
menu-button-notifications = 🔔 Notifications
menu-button-keys = 🔑 Keys
menu-button-settings = ⚙️ Settings
menu-button-account = 💳 Account
section-coming-soon = <b>{ $section }</b>: this section arrives in a later version of the bot.

common-yes = Yes
common-no = No

private-only = This works in a private chat with me: open one and try again there.
key-required = Connect a piv.day API key first: I need it to talk to piv.day for you.

account-title = <b>Account</b>
account-balance = Balance: <b>{ $balance }</b>
account-email = Email: { $email }
account-user-id = Account id: <code>{ $user_id }</code>
account-team = Team: <code>{ $team_id }</code>
account-team-member = Team member key: { $member }
account-no-team = Team: none (personal account)
account-key = Key: { $key }

help-text =
    <b>What I can do</b>
    • Numbers (/numbers): buy, renew and restore virtual numbers, read and send SMS, wait for a code.
    • Proxies: buy residential IPv6 proxies, renew or restore an order, get the list as a .txt file.
    • Domains: check a name (/domain mysite.com), register it with Cloudflare and SSL or your own nameservers, renew it, manage DNS records.
    • Sites: generate a website (a white) for your niche and country, watch it being built, download the archive, swap its domain and contacts.
    • Every purchase shows its price and your balance after it, and waits for your Confirm.
    • Keys: connect one or more piv.day API keys; only a masked form is ever shown.
    • Notifications: SMS codes, expiry warnings and finished jobs come here within seconds, or to your team group (/bind there).

    <b>How to get a key</b>
    piv.day → Settings → API Keys (Business plan). Then send /key here and paste it; I delete your message at once and store the key encrypted.

    <b>Commands</b>
    /start main menu · /account balance · /keys your keys · /key connect a key
    /notifications events · /settings · /language · /cancel leave any step

cancel-done = Cancelled. Nothing more will happen in that step.
cancel-nothing = Nothing to cancel.

settings-text =
    <b>Settings</b>
    Language: { $language }
language-choose = Choose the language:
language-set = Language saved.
language-name-en = English
language-name-ru = Русский

allowlist-refusal = Sorry, this bot is private: its operator has limited it to specific people.

fallback-text = I didn't understand that. Use the menu below or /help.
fallback-button = This button is no longer active. Open /start for a fresh menu.

cmd-start = Main menu
cmd-help = What the bot can do, how to get a key
cmd-account = Balance and account
cmd-keys = Your API keys
cmd-key = Connect an API key
cmd-settings = Settings
cmd-language = Change language
cmd-cancel = Leave the current step
