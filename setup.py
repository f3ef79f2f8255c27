"""What goes into the wheel, where pyproject.toml cannot say it: packages are discovered (a new
subpackage needs no edit here), and the top-level `locales/` directory ships as `bot.locales`.

The repository keeps `locales/<lang>/*.ftl` at the top (the layout is fixed); an installed bot has
no repository around it, so the wheel carries the texts inside the package as `bot/locales/`.
`bot/i18n.py` looks there first and falls back to the checkout (editable installs, tests).
"""

from setuptools import find_namespace_packages, setup

# Each language directory is a (data-only) package of its own: setuptools copies data files of
# listed packages only, and warns about unlisted importable directories.
LOCALE_PACKAGES = ["bot.locales", *(f"bot.locales.{d}" for d in find_namespace_packages("locales"))]

setup(
    packages=[*find_namespace_packages(include=["bot*", "handlers*"]), *LOCALE_PACKAGES],
    package_dir={"bot.locales": "locales"},
    package_data={
        "bot.db.migrations": ["*.mako"],  # Alembic's template for new revisions
        **{package: ["*.ftl"] for package in LOCALE_PACKAGES},
    },
)
