## Сайты (вайты piv.day): тарифы, мастер нового сайта, задания, архивы, замена контактов.

sites-menu =
    <b>🧾 Сайты</b>
    Сгенерированные сайты (вайты): выберите тариф, опишите сайт, и piv.day соберёт уникальный. Когда он готов, скачайте архив, а домен и контакты можно сменить позже без повторной генерации.
sites-new = ➕ Новый сайт
sites-my-jobs = 📋 Мои сайты
sites-tiers = 💲 Тарифы и цены
sites-back-to-jobs = 📋 Мои сайты

sites-tiers-title = <b>Тарифы и цены</b> (для вашего плана, за сайт)
sites-tier-line = • <b>{ $name }</b> — { $price }
sites-tier-articles =   блог: { $included } статьи включены, до { $most }; каждая следующая { $price }
sites-tiers-extras = Премиум-качество и каждый дополнительный язык сайта стоят дороже; piv.day считает это при запуске задания.
sites-no-tiers = Сейчас у piv.day нет тарифов. Попробуйте позже.
sites-tier-landing = Лендинг
sites-tier-multipage = Многостраничный
sites-tier-blog = Полный + блог

## Мастер

sites-ask-name = <b>Новый сайт</b> · Пришлите название задания ({ $min }–{ $max } символов). Его видите только вы.
sites-ask-tier = <b>Выберите тариф.</b>
sites-ask-niche = <b>О чём сайт?</b> Пришлите нишу (до { $max } символов), например «IT Consulting».
sites-ask-country = <b>Для какой страны сайт?</b> Выберите или пришлите двухбуквенный код (DE) или название страны.
sites-ask-language = <b>Основной язык сайта?</b> Выберите или пришлите двухбуквенный код (de) или название языка.
sites-extras-title =
    <b>Дополнительно</b>
    Заполните нужное кнопками ✏️, остальное оставьте и переходите к сводке.
sites-to-summary = Сводка ▶️
sites-ask-quality = <b>{ $field }</b>: премиум дороже стандарта (цену piv.day считает при запуске задания).
sites-ask-domain = <b>{ $field }</b>: пришлите домен целиком, например example.com (без https://, ничего не дописывается).
sites-ask-email = <b>{ $field }</b>: пришлите адрес целиком, например info@example.com.
sites-ask-phone = <b>{ $field }</b>: пришлите контактный телефон, например +49 30 123456.
sites-ask-address = <b>{ $field }</b>: пришлите адрес компании.
sites-ask-legal-name = <b>{ $field }</b>: пришлите юридическое название компании.
sites-ask-style = <b>{ $field }</b>: выберите стиль или опишите его парой слов.
sites-ask-keywords = <b>{ $field }</b>: пришлите SEO-ключи через запятую.
sites-ask-banned = <b>{ $field }</b>: пришлите слова, которых не должно быть в текстах, через запятую.
sites-ask-blog-count = <b>Статьи блога</b>: сколько ({ $min }–{ $max })? { $included } входят в цену тарифа, каждая следующая стоит { $price }.
sites-ask-languages = <b>{ $field }</b>: пришлите языки кроме основного — коды или названия через запятую (en, fr). Каждый дополнительный язык стоит дороже.
sites-ask-contacts = <b>{ $field }</b>: использовать контакты выше как есть или шаблон страницы контактов?
sites-ask-contacts-template = <b>{ $field }</b>: пришлите шаблон страницы контактов.
sites-ask-url = <b>{ $field }</b>: пришлите полную ссылку, начиная с https://.
sites-clear = 🗑 Очистить
sites-summary-title = <b>Новый сайт</b> · проверьте всё, поправьте нужное и смотрите цену.
sites-summary-optional = <b>Дополнительно</b>
sites-none = Дополнительных данных нет.
sites-optional-fields = Дополнительно
sites-to-quote = 💲 Цена и подтверждение
sites-draft-found = У вас есть черновик. Продолжить его (откроется сводка) или начать заново?
sites-resume = ▶️ Продолжить черновик
sites-restart = 🆕 Начать заново
sites-left = Вы вышли из мастера нового сайта. Ответы сохранены: «Новый сайт» → «Продолжить черновик».
sites-tier-gone = Этого тарифа больше нет. Выберите другой.
sites-stale-step = Этот шаг уже неактивен. Начните заново из раздела «Сайты».
sites-list-value = { $count } · { $items }

sites-field-name = Название
sites-field-tier = Тариф
sites-field-niche = Ниша
sites-field-country = Страна
sites-field-language = Язык
sites-field-quality = Качество
sites-field-domain = Домен
sites-field-email = Email
sites-field-phone = Телефон
sites-field-address = Адрес
sites-field-legal-name = Юр. название
sites-field-style = Стиль
sites-field-keywords = Ключевые слова
sites-field-banned = Запрещённые слова
sites-field-blog-count = Статьи блога
sites-field-languages = Доп. языки
sites-field-contacts = Контакты
sites-field-contacts-template = Шаблон контактов
sites-field-facebook = Facebook
sites-field-instagram = Instagram
sites-field-linkedin = LinkedIn
sites-field-youtube = YouTube
sites-field-tiktok = TikTok
sites-field-company = Компания
sites-field-legal = Юр. название
sites-quality-standard = Стандарт
sites-quality-premium = Премиум (дороже)
sites-contacts-same = Данные выше
sites-contacts-template = Шаблон

sites-problem-empty = ⚠️ { $field }: пустой ответ.
sites-problem-length = ⚠️ { $field }: от { $min } до { $max } символов.
sites-problem-chars = ⚠️ { $field }: есть символы, которые нельзя использовать.
sites-problem-country = ⚠️ Не знаю такой страны. Пришлите двухбуквенный код (DE, US) или название.
sites-problem-language = ⚠️ Не знаю такого языка. Пришлите двухбуквенный код (de, en) или название.
sites-problem-domain = ⚠️ Это не домен. Пришлите так: example.com — без https:// и слешей.
sites-problem-email = ⚠️ Это не адрес почты. Пришлите так: info@example.com.
sites-problem-phone = ⚠️ Это не телефон: только цифры, пробелы и + ( ) -, от 5 до 20 цифр.
sites-problem-url = ⚠️ Это не полная ссылка. Пришлите ссылку, начиная с https://.
sites-problem-url-site = ⚠️ Эта ссылка не на { $field }. Пришлите ссылку на страницу в { $field }.
sites-problem-number = ⚠️ Пришлите число от { $min } до { $max }.
sites-problem-item = ⚠️ { $field }: в каждом пункте не больше { $max } символов.
sites-problem-count = ⚠️ { $field }: не больше { $max } пунктов.
sites-problem-choice = ⚠️ Здесь отвечайте кнопками.
sites-problem-text = ⚠️ Пришлите ответ текстом.

## Подтверждение и результат

sites-create-title = Сгенерировать сайт
sites-cost-tier = Цена тарифа: { $price }
sites-cost-articles = Статьи сверх { $included } включённых: { $count } × { $price } = { $total } (в стоимости ниже)
sites-cost-open = ⚠️ Не входит в стоимость ниже: { $items }. Их цену piv.day добавит при запуске задания.
sites-cost-premium = премиум-качество
sites-cost-languages = { $count ->
    [one] { $count } дополнительный язык
    [few] { $count } дополнительных языка
   *[other] { $count } дополнительных языков
}
sites-cost-may-add = Ничего дорогого не выбрано (премиум-качество, дополнительные языки, статьи сверх { $included }).
sites-created-title = ✅ <b>Генерация сайта запущена</b>
sites-created-next = Карточка обновляется сама, пока piv.day собирает сайт; там же потом скачайте архив.
sites-follow = 📡 Следить за ходом

## Задания

sites-jobs-title = <b>Мои сайты</b> ({ $total })
sites-filters = Статус: { $status } · тариф: { $tier }
sites-filter-any = любой
sites-no-jobs = Здесь пока нет сайтов.
sites-filter = 🔎 Фильтр
sites-filter-title = <b>Фильтр сайтов</b>
sites-filter-show = Показать ▶️
sites-status-queued = в очереди
sites-status-processing = генерируется
sites-status-done = готов
sites-status-failed = ошибка
sites-status-unknown = ❔ неизвестно ({ $code })
sites-card-status = Статус: { $status }
sites-card-created = Запущен: { $when }
sites-card-live = ⏳ Карточка обновляется сама, пока сайт не готов.
sites-card-failed = Генерация не удалась: деньги вернулись на баланс. Запустите новый сайт, чтобы попробовать ещё раз.
sites-refresh = 🔄 Обновить
sites-follow-timeout = Карточка больше не обновляется сама. Нажмите «Обновить», чтобы посмотреть снова.
sites-follow-key-gone = Карточка больше не обновляется: API-ключ, через который она работала, удалён.
sites-nothing-to-renew = Сайт оплачивается один раз за генерацию: продлевать нечего.

## Архив

sites-download = ⬇️ Скачать архив
sites-archive-preparing = Готовлю архив…
sites-archive-caption = 🗜 { $filename }
sites-archive-too-large = Архив больше { $limit } МБ, которые может отправить бот, поэтому вот ссылка на скачивание:
sites-archive-unfetched = Не получилось скачать архив самому, поэтому вот ссылка на скачивание:
sites-link-expires = Ссылка действует около 5 минут (до { $when }); для новой нажмите «Скачать» ещё раз.
sites-not-ready = ⏳ Архив ещё не готов: piv.day генерирует сайт. Карточка обновляется сама; когда всё будет готово, здесь появится «Скачать».
sites-not-ready-failed = ❌ Архива нет: генерация этого сайта не удалась (деньги не списаны). Запустите новый сайт, чтобы попробовать ещё раз.

## Замена домена и контактов

sites-swap = 🔁 Сменить домен и контакты
sites-swap-title =
    <b>Смена домена и контактов</b> · { $name }
    Укажите, что изменить (сайт заново не генерируется, денег это не стоит), и нажмите «Применить».
sites-ask-company = <b>{ $field }</b>: пришлите название компании (бренда).
sites-ask-legal = <b>{ $field }</b>: пришлите юридическое название компании.
sites-swap-apply = ✅ Применить
sites-swap-nothing = Сначала укажите хотя бы одно поле.
sites-swap-done = ✅ Обновлено: { $fields }. Скачайте архив заново, чтобы получить новую версию.
sites-swap-cancelled = ✖️ Замена отменена. Ничего не изменено.
