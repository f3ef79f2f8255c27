## Sites (piv.day whites): tiers, the new-site wizard, jobs, archives, the contacts swap.

sites-menu =
    <b>🧾 Sites</b>
    Generated websites (whites): pick a tier, describe the site, and piv.day builds a unique one. Download the archive when it is done, and swap its domain and contacts later without generating it again.
sites-new = ➕ New site
sites-my-jobs = 📋 My sites
sites-tiers = 💲 Tiers and prices
sites-back-to-jobs = 📋 My sites

sites-tiers-title = <b>Tiers and prices</b> (for your plan, per site)
sites-tier-line = • <b>{ $name }</b> — { $price }
sites-tier-articles =   blog: { $included } articles included, up to { $most }; each extra article { $price }
sites-tiers-extras = Premium quality and each extra site language cost more; piv.day computes that when the job starts.
sites-no-tiers = piv.day offers no tiers right now. Try again later.
sites-tier-landing = Landing
sites-tier-multipage = Multi-page
sites-tier-blog = Full + Blog

## The wizard

sites-ask-name = <b>New site</b> · Send a name for the job ({ $min }–{ $max } characters). Only you see it.
sites-ask-tier = <b>Pick a tier.</b>
sites-ask-niche = <b>What is the site about?</b> Send its niche (up to { $max } characters), e.g. IT Consulting.
sites-ask-country = <b>Which country is the site for?</b> Pick one, or send a two-letter code (DE) or a country name.
sites-ask-language = <b>The site's main language?</b> Pick one, or send a two-letter code (de) or a language name.
sites-extras-title =
    <b>Optional details</b>
    Fill in what you need with ✏️, leave the rest, then go on to the summary.
sites-to-summary = Summary ▶️
sites-ask-quality = <b>{ $field }</b>: premium costs more than standard (piv.day computes the price when the job starts).
sites-ask-domain = <b>{ $field }</b>: send the full domain, e.g. example.com (no https://, nothing is added for you).
sites-ask-email = <b>{ $field }</b>: send the full address, e.g. info@example.com.
sites-ask-phone = <b>{ $field }</b>: send the contact phone, e.g. +49 30 123456.
sites-ask-address = <b>{ $field }</b>: send the company address.
sites-ask-legal-name = <b>{ $field }</b>: send the company's legal name.
sites-ask-style = <b>{ $field }</b>: pick a style or describe one in a few words.
sites-ask-keywords = <b>{ $field }</b>: send SEO keywords, separated by commas.
sites-ask-banned = <b>{ $field }</b>: send words the texts must not use, separated by commas.
sites-ask-blog-count = <b>Blog articles</b>: how many ({ $min }–{ $max })? { $included } are included in the tier price; each extra one costs { $price }.
sites-ask-languages = <b>{ $field }</b>: send more languages besides the main one, as codes or names separated by commas (en, fr). Each extra language costs more.
sites-ask-contacts = <b>{ $field }</b>: use the contact details above as they are, or a contact page template?
sites-ask-contacts-template = <b>{ $field }</b>: send the contact page template.
sites-ask-url = <b>{ $field }</b>: send the full link, starting with https://.
sites-clear = 🗑 Clear
sites-summary-title = <b>New site</b> · check everything, change what you need, then see the price.
sites-summary-optional = <b>Optional details</b>
sites-none = No optional details.
sites-optional-fields = Optional details
sites-to-quote = 💲 Price and confirm
sites-draft-found = You have a draft from before. Go on with it (you land on its summary), or start over?
sites-resume = ▶️ Resume the draft
sites-restart = 🆕 Start over
sites-left = Left the new-site wizard. Your answers are kept: “New site” → “Resume the draft”.
sites-tier-gone = This tier is no longer offered. Pick another one.
sites-stale-step = This step is no longer active. Start again from Sites.
sites-list-value = { $count } · { $items }

sites-field-name = Name
sites-field-tier = Tier
sites-field-niche = Niche
sites-field-country = Country
sites-field-language = Language
sites-field-quality = Quality
sites-field-domain = Domain
sites-field-email = Email
sites-field-phone = Phone
sites-field-address = Address
sites-field-legal-name = Legal name
sites-field-style = Style
sites-field-keywords = Keywords
sites-field-banned = Banned words
sites-field-blog-count = Blog articles
sites-field-languages = Extra languages
sites-field-contacts = Contacts
sites-field-contacts-template = Contact page template
sites-field-facebook = Facebook
sites-field-instagram = Instagram
sites-field-linkedin = LinkedIn
sites-field-youtube = YouTube
sites-field-tiktok = TikTok
sites-field-company = Company
sites-field-legal = Legal name
sites-quality-standard = Standard
sites-quality-premium = Premium (costs more)
sites-contacts-same = The details above
sites-contacts-template = A template

sites-problem-empty = ⚠️ { $field }: the answer is empty.
sites-problem-length = ⚠️ { $field } must be { $min }–{ $max } characters long.
sites-problem-chars = ⚠️ { $field } contains characters that cannot be used.
sites-problem-country = ⚠️ I don't know that country. Send a two-letter code (DE, US) or its name.
sites-problem-language = ⚠️ I don't know that language. Send a two-letter code (de, en) or its name.
sites-problem-domain = ⚠️ That is not a domain. Send it like example.com: no https://, no slashes.
sites-problem-email = ⚠️ That is not an email address. Send it like info@example.com.
sites-problem-phone = ⚠️ That is not a phone number: digits, spaces, + ( ) - only, 5 to 20 digits.
sites-problem-url = ⚠️ That is not a full link. Send it starting with https://.
sites-problem-url-site = ⚠️ That link is not on { $field }. Send the link to the { $field } page.
sites-problem-number = ⚠️ Send a number from { $min } to { $max }.
sites-problem-item = ⚠️ { $field }: each item may have at most { $max } characters.
sites-problem-count = ⚠️ { $field }: at most { $max } items.
sites-problem-choice = ⚠️ Use the buttons for this one.
sites-problem-text = ⚠️ Send the answer as text.

## Confirmation and result

sites-create-title = Generate a site
sites-cost-tier = Tier price: { $price }
sites-cost-articles = Articles beyond the { $included } included: { $count } × { $price } = { $total } (in the cost below)
sites-cost-open = ⚠️ Not in the cost below: { $items }. piv.day adds their price when the job starts.
sites-cost-premium = premium quality
sites-cost-languages = { $count ->
    [one] { $count } extra language
   *[other] { $count } extra languages
}
sites-cost-may-add = Nothing chosen that costs more (premium quality, extra languages, articles beyond { $included }).
sites-created-title = ✅ <b>Site generation started</b>
sites-created-next = Its card updates itself while piv.day builds it; then download the archive there.
sites-follow = 📡 Follow progress

## Jobs

sites-jobs-title = <b>My sites</b> ({ $total })
sites-filters = Status: { $status } · tier: { $tier }
sites-filter-any = any
sites-no-jobs = No sites here yet.
sites-filter = 🔎 Filter
sites-filter-title = <b>Filter my sites</b>
sites-filter-show = Show ▶️
sites-status-queued = queued
sites-status-processing = being generated
sites-status-done = done
sites-status-failed = failed
sites-status-unknown = ❔ unknown ({ $code })
sites-card-status = Status: { $status }
sites-card-created = Started: { $when }
sites-card-live = ⏳ This card updates itself until the site is ready.
sites-card-failed = Generation failed: the money went back to your balance. Start a new site to try again.
sites-refresh = 🔄 Refresh
sites-follow-timeout = This card stopped updating itself. Tap Refresh to look again.
sites-follow-key-gone = This card stopped updating itself: the API key it used was removed.
sites-nothing-to-renew = Sites are paid once, per generation: there is nothing to renew.

## Archive

sites-download = ⬇️ Download the archive
sites-archive-preparing = Preparing the archive…
sites-archive-caption = 🗜 { $filename }
sites-archive-too-large = The archive is larger than the { $limit } MB a bot may send, so here is its download link:
sites-archive-unfetched = I could not fetch the archive myself, so here is its download link:
sites-link-expires = The link expires in about 5 minutes (at { $when }); tap Download again for a fresh one.
sites-not-ready = ⏳ The archive is not ready yet: piv.day is still generating the site. This card updates itself; Download appears here when it is done.
sites-not-ready-failed = ❌ There is no archive: generating this site failed (nothing was charged). Start a new site to try again.

## Swap domain and contacts

sites-swap = 🔁 Swap domain and contacts
sites-swap-title =
    <b>Swap domain and contacts</b> · { $name }
    Set what should change (the site is not generated again, nothing is charged), then Apply.
sites-ask-company = <b>{ $field }</b>: send the company (brand) name.
sites-ask-legal = <b>{ $field }</b>: send the company's legal name.
sites-swap-apply = ✅ Apply
sites-swap-nothing = Set at least one field to change first.
sites-swap-done = ✅ Updated: { $fields }. Download the archive again to get the new version.
sites-swap-cancelled = ✖️ Swap cancelled. Nothing was changed.
