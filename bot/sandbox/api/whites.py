"""Whites: tiers, list/create/get, download links (NOT_READY before done), config swap.

Status codes: queued 0, processing 1, done 10, failed -1 (the list filter takes the words).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Awaitable, Callable
from html import escape
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.sandbox import catalog as cat
from bot.sandbox import flows
from bot.sandbox.errors import ApiError, iso, ok, validation
from bot.sandbox.models import WHITE_STATUS, DownloadLink, White
from bot.sandbox.routing import Ctx, EndpointTable
from bot.sandbox.validation import HOSTNAME, Fields, page, query_choice

if TYPE_CHECKING:
    from bot.sandbox.state import Sandbox

table = EndpointTable()
READ, WRITE = "whites:read", "whites:write"
FORMATS = ("php", "html")
OPTIONAL_TEXT = (
    "email", "phone", "address", "legal_name", "style_hint", "contacts_template",
    "facebook", "instagram", "linkedin", "youtube", "tiktok",
)  # fmt: skip
CONFIG_FIELDS = ("company", "domain", "email", "phone", "address", "legal")


def _own_white(ctx: Ctx) -> White:
    white = ctx.sb.whites_by_id.get(ctx.params["id"])
    if white is None or white.account is not ctx.account:
        raise ApiError("NOT_FOUND", "White not found")
    return white


@table.get("/whites/tiers", scope=READ)
async def tiers(ctx: Ctx) -> web.Response:
    return ok({"tiers": [t.card() for t in ctx.sb.tiers.values()]})


@table.get("/whites", scope=READ)
async def list_whites(ctx: Ctx) -> web.Response:
    status = query_choice(ctx.query, "status", WHITE_STATUS)
    tier_key = query_choice(ctx.query, "tier_key", ctx.sb.tiers)
    found = [
        w
        for w in ctx.sb.whites_by_id.values()
        if w.account is ctx.account
        and (status is None or w.status == WHITE_STATUS[status])
        and (tier_key is None or w.tier_key == tier_key)
    ]
    items, pagination = page(ctx.query, found, default_limit=100, max_limit=500)
    return ok({"whites": [w.card() for w in items], "pagination": pagination})


def _lang(f: Fields, name: str) -> str:
    return f.req_str(name, min_len=2, max_len=2).lower()


@table.post("/whites", scope=WRITE)
async def create_white(ctx: Ctx) -> web.Response:
    f = await ctx.fields()
    name = f.req_str("name", min_len=2, max_len=20)
    tier_key = f.req_str("tier_key", max_len=50)
    if tier_key not in ctx.sb.tiers:
        raise ApiError("INVALID_TIER", f"No tier with key {tier_key!r}")
    tier = ctx.sb.tiers[tier_key]
    niche = f.req_str("niche", min_len=1, max_len=25)
    country = f.req_str("country", min_len=2, max_len=2).upper()
    language = _lang(f, "language")
    quality = f.str_("quality", required=False, choices=("standard", "premium")) or "standard"
    asked_languages = f.str_list("languages", required=False, max_items=20, item_max_len=5)
    languages = asked_languages or [language]
    domain = f.str_("domain", required=False, max_len=253)
    if domain is not None and not HOSTNAME.match(domain):
        raise validation("domain", "must be a full domain such as example.com")
    blog_count = f.int_("blog_count", required=False, lo=3, hi=20)
    if blog_count is not None and tier.max_articles == 0:
        raise validation("blog_count", f"only allowed on tiers with a blog, not {tier_key}")
    contacts_mode = f.str_("contacts_mode", required=False, choices=("same", "template"))
    options: dict[str, Any] = {
        name_: f.str_(name_, required=False, max_len=500) for name_ in OPTIONAL_TEXT
    }
    # The job remembers everything it was asked for (tests compare it with what was entered).
    options |= {"languages": asked_languages, "blog_count": blog_count}
    options["contacts_mode"] = contacts_mode
    for list_field in ("keywords", "banned_words"):
        options[list_field] = f.str_list(list_field, required=False, max_items=100)
    articles = blog_count if blog_count is not None else tier.min_articles
    cost = flows.white_price(ctx.sb, tier_key, quality, len(languages), articles)
    ctx.sb.charge(ctx.account, cost)
    white = White(
        id=f"job-{ctx.sb.new_uuid()}",
        account=ctx.account,
        owner=ctx.key,
        name=name,
        tier_key=tier_key,
        quality=quality,
        niche=niche,
        country=country,
        language=language,
        domain=domain,
        cost=cost,
        created_at=ctx.sb.now(),
        options={k: v for k, v in options.items() if v is not None},
    )
    flows.start_white(ctx.sb, white)
    return ok({"status": "queued", "white": white.card()})


@table.get("/whites/{id}", scope=READ)
async def get_white(ctx: Ctx) -> web.Response:
    return ok({"white": _own_white(ctx).card()})


def _require_done(white: White) -> None:
    if white.status == WHITE_STATUS["failed"]:
        raise ApiError("NOT_READY", "Generation failed; start a new job")
    if white.status != WHITE_STATUS["done"]:
        raise ApiError("NOT_READY", "White page is still generating")


@table.get("/whites/{id}/download", scope=READ)
async def download(ctx: Ctx) -> web.Response:
    white = _own_white(ctx)
    fmt = query_choice(ctx.query, "format", FORMATS) or "php"
    _require_done(white)
    now = ctx.sb.now()
    site = white.domain or white.name.replace(" ", "-").lower()
    filename = f"{site}_{now:%Y-%m-%d}_{white.country}_{white.language}.zip"
    link = DownloadLink(ctx.sb.new_token(32), white, fmt, filename, now + cat.DOWNLOAD_TTL)
    ctx.sb.downloads[link.token] = link
    url = f"{ctx.request.url.origin()}/files/{link.token}?format={fmt}&filename={filename}"
    return ok({"url": url, "filename": filename, "format": fmt, "expires_at": link.expires_at})


@table.post("/whites/{id}/config", scope=WRITE)
async def update_config(ctx: Ctx) -> web.Response:
    f = await ctx.fields()
    values = {name: f.str_(name, required=False, max_len=500) for name in CONFIG_FIELDS}
    if all(v is None for v in values.values()):
        raise validation("body", f"pass at least one of {', '.join(CONFIG_FIELDS)}")
    if values["domain"] is not None and not HOSTNAME.match(values["domain"]):
        raise validation("domain", "must be a full domain such as example.com")
    white = _own_white(ctx)
    _require_done(white)
    if values["domain"] is not None:
        white.domain = values["domain"]
    white.options.update({k: v for k, v in values.items() if v is not None})
    return ok({"white": white.card()})


def _archive(link: DownloadLink) -> bytes:
    """A small site: the index, a contacts page with the current contact data (a config swap
    shows up in the next download, no re-generation) and, with a domain, a sitemap on it."""
    white = link.white
    buffer = io.BytesIO()
    index = "index.php" if link.format == "php" else "index.html"
    contacts = {
        "company": white.options.get("company") or white.options.get("legal_name"),
        "legal": white.options.get("legal") or white.options.get("legal_name"),
        "domain": white.domain,
        "email": white.options.get("email"),
        "phone": white.options.get("phone"),
        "address": white.options.get("address"),
    }
    lines = "".join(f"<p>{k}: {escape(v)}</p>" for k, v in contacts.items() if v)
    with zipfile.ZipFile(buffer, "w") as archive:
        page_html = (
            f"<html><title>{escape(white.name)}</title><body>{escape(white.niche)}</body></html>"
        )
        archive.writestr(index, page_html)
        archive.writestr("contacts.html", f"<html><body>{lines}</body></html>")
        if white.domain:
            archive.writestr(
                "sitemap.xml", f"<urlset><url><loc>https://{white.domain}/</loc></url></urlset>"
            )
        archive.writestr("README.txt", f"piv.day sandbox archive, generated {iso(link.expires_at)}")
    return buffer.getvalue()


def file_handler(sb: Sandbox) -> Callable[[web.Request], Awaitable[web.Response]]:
    """The short-lived signed link itself: valid until expires_at, then 410."""

    async def handle(request: web.Request) -> web.Response:
        link = sb.downloads.get(request.match_info["token"])
        if link is None:
            raise ApiError("NOT_FOUND", "Unknown download link")
        if sb.now() >= link.expires_at:
            err = ApiError("NOT_FOUND", "Download link expired; call /download again")
            err.status = 410
            raise err
        return web.Response(
            body=_archive(link),
            content_type="application/zip",
            headers={"Content-Disposition": f'attachment; filename="{link.filename}"'},
        )

    return handle
