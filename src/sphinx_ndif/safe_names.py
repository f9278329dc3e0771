"""Names made from data (class names, element ids, file names) in a safe alphabet.

Writers print some names raw: Sphinx's LaTeX writer puts each class name into
``\\DUrole{...}`` and ``sphinxuseclass``, so a tag ``}\\input{/etc/hostname}{`` would
compile a file of the build machine into the PDF. Every name derived from data is
reduced to ``a-z``, ``0-9`` and ``-`` here, and made unique where it must be.
"""

from __future__ import annotations

import re
from collections.abc import Container

from sphinx_ndif.text import fold

_NOT_NAME_CHARS = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """``text`` folded (case, accents) and reduced to ``a-z``, ``0-9`` and single ``-``."""
    return _NOT_NAME_CHARS.sub("-", fold(text)).strip("-")


def class_name(prefix: str, value: str) -> str:
    """A class name for a value from data: ``ndif-tag-model-editing``."""
    name = slug(value)
    return f"{prefix}-{name}" if name else prefix


class UniqueNames:
    """Hands out names unique within one scope (a page): the base name, else the base
    with the first free ``-2``, ``-3``... suffix. A name handed out is never handed out
    again, whatever base it was asked for (``a`` twice then ``a-2`` gives ``a``,
    ``a-2``, ``a-2-2``), so two names can never collide."""

    def __init__(self, taken: set[str] | None = None) -> None:
        self.taken: set[str] = set() if taken is None else taken

    def take(self, base: str, elsewhere: Container[str] = ()) -> str:
        """A new name from ``base``, also avoiding the names in ``elsewhere``."""
        name = base
        number = 1
        while name in self.taken or name in elsewhere:
            number += 1
            name = f"{base}-{number}"
        self.taken.add(name)
        return name


_PAGE_NAME_KEPT = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


def page_part(docname: str) -> str:
    """A page name as part of a file name, injectively: ``a-z``, ``0-9`` and ``-`` stay,
    ``/`` becomes ``.``, any other character ``_<hex>_`` (upper case too, so that two
    pages never share a file on a case-insensitive file system)."""
    return "".join(
        char if char in _PAGE_NAME_KEPT else "." if char == "/" else f"_{ord(char):x}_"
        for char in docname
    )


def download_stem(docname: str, name: str) -> str:
    """The file name (without suffix) of a page's download ``name`` (already unique on
    the page and in ``a-z0-9-``): ``<page>.<name>``. Both parts are injective and the
    name holds no ``.``, so two (page, name) pairs never give one file."""
    return f"{page_part(docname)}.{name}"
