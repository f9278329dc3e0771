"""Keys for records from sources that have none (the pipeline's JSON, CITATION.cff)."""

from __future__ import annotations

import re

from sphinx_ndif.model import Person
from sphinx_ndif.text import fold

_STOP_WORDS = frozenset(
    {
        "a", "an", "the", "of", "on", "in", "for", "and", "to", "do", "does", "how", "what",
        "why", "when", "is", "are", "can", "we", "with", "from", "via",
    }
)  # fmt: skip
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def make_key(authors: tuple[Person, ...], year: int | None, title: str) -> str:
    """``<first author's family name><year><first significant title word>``, ASCII."""
    family = _NOT_ALNUM.sub("", fold(authors[0].family)) if authors else "anonymous"
    words = [_NOT_ALNUM.sub("", word) for word in fold(title).split()]
    word = next((w for w in words if w and w not in _STOP_WORDS), words[0] if words else "")
    return f"{family or 'anonymous'}{year or ''}{word}"
