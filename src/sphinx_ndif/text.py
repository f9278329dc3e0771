"""Small text functions shared by the loader, the query and the renderer."""

from __future__ import annotations

import re
import unicodedata

_NOT_ID_CHARS = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")
_TAG_SEPARATORS = re.compile(r"[,;]")


def fold(text: str) -> str:
    """Fold case and strip accents, so "Clément" and "clement" compare equal."""
    if text.isascii():  # the common case, and a fast one
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def paper_id(key: str) -> str:
    """The HTML id of a paper: ``paper-<key>`` with the key reduced to a-z, 0-9 and ``-``."""
    slug = _NOT_ID_CHARS.sub("-", key.lower()).strip("-")
    return f"paper-{slug}" if slug else "paper"


def join_names(names: list[str]) -> str:
    """Join names as "A", "A and B", or "A, B, and C"."""
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def normalise_tag(text: str) -> str:
    """A tag as written in data or options -> its name: "Model Editing" -> ``model-editing``."""
    return _SPACES.sub("-", text.strip().lower())


def split_tags(value: str) -> tuple[str, ...]:
    """Tags from keywords written in one string, comma or semicolon separated, each
    once: "Probing; model editing" -> ``("probing", "model-editing")``."""
    tags = map(normalise_tag, _TAG_SEPARATORS.split(value))
    return tuple(dict.fromkeys(tag for tag in tags if tag))


def split_names(value: str) -> tuple[str, ...]:
    """Keys or titles written in one string, separated by semicolons (titles hold commas):
    "a2024x; Another Title" -> ``("a2024x", "Another Title")``."""
    return tuple(
        dict.fromkeys(
            name for name in (" ".join(part.split()) for part in value.split(";")) if name
        )
    )
