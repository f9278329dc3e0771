"""Every label the extension writes, through Sphinx's translation machinery."""

from __future__ import annotations

from sphinx.locale import get_translation, get_translator

MESSAGE_CATALOG = "sphinx_ndif"

_ = get_translation(MESSAGE_CATALOG)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The label for ``count`` things, by the plural rule of the page's language (its
    catalog's ``Plural-Forms``: two forms in English and German, three in Polish...).
    Untranslated, English's rule."""
    return get_translator(MESSAGE_CATALOG).ngettext(singular, plural, count)
