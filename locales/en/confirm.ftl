## Confirmation cards: shared by every paid action.

confirm-cost = Cost: <b>{ $cost }</b>
confirm-balance = Balance: { $before } → { $after }
confirm-short = ⚠️ Your balance is short by <b>{ $missing }</b>. Top up at piv.day first, or piv.day will refuse (no money moves).
confirm-ttl = This button is valid for { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}.
confirm-ok = ✅ Confirm · { $cost }
confirm-no = ✖️ Cancel
confirm-cost-estimate = Cost: about <b>{ $cost }</b> (an estimate: piv.day charges the exact amount)
confirm-cost-unknown = Cost: piv.day charges its current price when the task starts (the price is not published in advance).
confirm-balance-now = Balance now: { $balance }
confirm-ok-estimate = ✅ Confirm · ≈{ $cost }
confirm-ok-unknown = ✅ Confirm
confirm-processing = ⏳ Processing…
confirm-failed = ❌ Not done.
confirm-unrecorded = ⚠️ piv.day did this, but I could not save it in my records (reference <code>{ $ref }</code>). Check the result in piv.day before trying again.
confirm-cancelled = ✖️ Cancelled. Nothing was charged.
confirm-expired = ⌛ This confirmation expired. Nothing was charged; start again for a fresh price.
confirm-generic-title = Confirm the action
confirm-alert-invalid = This button is not valid (anymore). Nothing was done.
confirm-alert-not-yours = Only the person who asked for this can confirm it.
confirm-alert-expired = This confirmation expired. Nothing was charged; start again.
confirm-alert-used = Already confirmed: this runs only once.
confirm-alert-cancelled = This confirmation was cancelled.
confirm-alert-processing = Processing…

## Shared controls: paged lists and wizard steps.

paging-prev = ⬅️
paging-next = ➡️
paging-position = { $page }/{ $pages }
wizard-back = ◀️ Back
wizard-skip = Skip ▶️
wizard-cancel = ✖️ Cancel
wizard-edit = ✏️ { $field }
wizard-unset = —
wizard-field = { $field }: { $value }
