"""Typed docutils option converters: a bad value fails at the directive's line."""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from docutils.parsers.rst import directives

from sphinx_ndif.query import Match, SortKey, YearRange
from sphinx_ndif.render.cards import Layout
from sphinx_ndif.text import normalise_tag

E = TypeVar("E", bound=enum.StrEnum)


def comma_list(argument: str | None) -> tuple[str, ...]:
    """``a, b,c`` -> ``("a", "b", "c")``; an empty value is an error."""
    items = tuple(dict.fromkeys(part.strip() for part in (argument or "").split(",")))
    items = tuple(item for item in items if item)
    if not items:
        raise ValueError("expected a comma-separated list")
    return items


def tag_list(argument: str | None) -> tuple[str, ...]:
    """A comma list of tags, normalised as data tags are (lower case, spaces to ``-``)."""
    return tuple(normalise_tag(item) for item in comma_list(argument))


def parts_of(allowed: Sequence[str]) -> Callable[[str | None], frozenset[str]]:
    """A converter for a comma list drawn from ``allowed`` (for ``:show:``)."""

    def convert(argument: str | None) -> frozenset[str]:
        items = comma_list(argument)
        unknown = [item for item in items if item not in allowed]
        if unknown:
            raise ValueError(f"unknown {', '.join(unknown)}; choose from {', '.join(allowed)}")
        return frozenset(items)

    return convert


def one_of(kind: type[E]) -> Callable[[str | None], E]:
    """A converter for one value of a string enum."""

    def convert(argument: str | None) -> E:
        value = directives.choice((argument or "").strip().lower(), [m.value for m in kind])
        return kind(value)

    return convert


def layout(argument: str | None) -> Layout:
    """``list`` (the default) or ``cards``, for ``ndif-papers``."""
    return one_of(Layout)(argument)


def year_range(argument: str | None) -> YearRange:
    return YearRange.parse(argument or "")


def text(argument: str | None) -> str:
    """A non-empty string."""
    value = (argument or "").strip()
    if not value:
        raise ValueError("expected a value")
    return value


def style(argument: str | None) -> str:
    """A citation style: ``plain``, a CSL style name, or a path to a ``.csl`` file."""
    from sphinx_ndif.render.styles import UnknownStyle, check_style

    try:
        return check_style(argument)
    except UnknownStyle as error:
        raise ValueError(str(error)) from None


def formats(argument: str | None) -> tuple[str, ...]:
    """A comma list of formats (reference, bibtex, biblatex, ris, csl-json) and styles."""
    from sphinx_ndif.render.formats import FORMATS

    return tuple(name if name in FORMATS else style(name) for name in comma_list(argument))


FILTERS: dict[str, Callable[[str], Any]] = {
    "tags": tag_list,
    "match": one_of(Match),
    "exclude-tags": tag_list,
    "year": year_range,
    "author": text,
    "venue": text,
    "keys": comma_list,
    "sort": one_of(SortKey),
    "reverse": directives.flag,
    "limit": directives.positive_int,
}
"""The options that choose papers, shared by ``ndif-papers`` and ``sphinx-ndif list``
(and read by :meth:`~sphinx_ndif.query.PaperQuery.from_options`)."""
