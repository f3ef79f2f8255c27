## Карточки подтверждения: общие для всех платных действий.

confirm-cost = Стоимость: <b>{ $cost }</b>
confirm-balance = Баланс: { $before } → { $after }
confirm-short = ⚠️ На балансе не хватает <b>{ $missing }</b>. Пополните баланс на piv.day, иначе piv.day откажет (деньги не спишутся).
confirm-ttl = Кнопка действует { $minutes ->
    [one] { $minutes } минуту
    [few] { $minutes } минуты
   *[other] { $minutes } минут
}.
confirm-ok = ✅ Подтвердить · { $cost }
confirm-no = ✖️ Отмена
confirm-cost-estimate = Стоимость: около <b>{ $cost }</b> (оценка: piv.day спишет точную сумму)
confirm-cost-unknown = Стоимость: piv.day спишет свою текущую цену при запуске задачи (заранее цена не публикуется).
confirm-balance-now = Баланс сейчас: { $balance }
confirm-ok-estimate = ✅ Подтвердить · ≈{ $cost }
confirm-ok-unknown = ✅ Подтвердить
confirm-processing = ⏳ Выполняется…
confirm-failed = ❌ Не выполнено.
confirm-unrecorded = ⚠️ piv.day это выполнил, но я не смог сохранить это у себя (код <code>{ $ref }</code>). Проверьте результат в piv.day, прежде чем повторять.
confirm-cancelled = ✖️ Отменено. Ничего не списано.
confirm-expired = ⌛ Срок подтверждения истёк. Ничего не списано; начните заново, чтобы получить актуальную цену.
confirm-generic-title = Подтвердите действие
confirm-alert-invalid = Эта кнопка недействительна (или уже устарела). Ничего не сделано.
confirm-alert-not-yours = Подтвердить может только тот, кто это запросил.
confirm-alert-expired = Срок подтверждения истёк. Ничего не списано; начните заново.
confirm-alert-used = Уже подтверждено: выполняется только один раз.
confirm-alert-cancelled = Это подтверждение отменено.
confirm-alert-processing = Выполняется…

## Общие элементы: постраничные списки и шаги мастера.

paging-prev = ⬅️
paging-next = ➡️
paging-position = { $page }/{ $pages }
wizard-back = ◀️ Назад
wizard-skip = Пропустить ▶️
wizard-cancel = ✖️ Отмена
wizard-edit = ✏️ { $field }
wizard-unset = —
wizard-field = { $field }: { $value }
