"""Well-formed BibTeX and RIS whatever the data: the serialising layer of the exports.

A value is data; the file around it is syntax. Without this layer a quoted title
``"}}\\n@misc{fake, title={Injected}"`` closed its entry and began another, and a DOI
holding ``\\nER  - \\nTY  - JOUR`` forged a second RIS record. Readers parse these files
with BibTeX or biber (which count every brace) and with bibtexparser and reference
managers (which skip ``\\{`` and start an entry at ``@`` after a line break): a value is
written so that all of them read exactly one value.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator

from sphinx_ndif.model import PaperRecord
from sphinx_ndif.safe_names import UniqueNames

_KEY_BREAKERS = re.compile(r"[^\w:./+-]+")
_TYPE = re.compile(r"[a-z][a-z0-9_-]*")
_FIELD_NAME = re.compile(r"[a-z][a-z0-9_:.+-]*")
_BRACE_TEXT = {"{": "\\textbraceleft{}", "}": "\\textbraceright{}"}


def bibtex_key(key: str) -> str:
    """A key as BibTeX reads keys: what would end it or the entry becomes ``-``."""
    if key and not _KEY_BREAKERS.search(key):
        return key  # already a key BibTeX reads (a trailing "-" included): unchanged
    return _KEY_BREAKERS.sub("-", key).strip("-") or "entry"


def bibtex_type(entry_type: str) -> str:
    """An entry type BibTeX reads (``misc`` for anything else)."""
    name = entry_type.lower()
    return name if _TYPE.fullmatch(name) else "misc"


def is_field_name(name: str) -> bool:
    """Whether ``name`` can be written as a field name (others are left out)."""
    return _FIELD_NAME.fullmatch(name) is not None


def _balanced(value: str) -> bool:
    """Whether every parser sees the braces pair up: counting every brace (BibTeX) and
    counting only those not after a backslash (bibtexparser)."""
    every = unescaped = 0
    previous = ""
    for char in value:
        if char in "{}":
            step = 1 if char == "{" else -1
            every += step
            if previous != "\\":
                unescaped += step
            if every < 0 or unescaped < 0:
                return False
        previous = char
    return every == 0 and unescaped == 0 and not value.endswith("\\")


def bibtex_value(value: str) -> str:
    """The text to write between a field's braces.

    Line breaks become spaces (BibTeX reads them as spaces; bibtexparser starts a new
    entry at ``@`` after one). A value whose braces pair up for every parser is kept as
    written; otherwise escaped braces and unmatched braces become ``\\textbraceleft{}``
    and ``\\textbraceright{}``, which every parser reads as text and LaTeX prints.
    """
    if (
        "\n" in value
        or "\r" in value
        or any(c in value for c in "\v\f\x1c\x1d\x1e\x85\u2028\u2029")
    ):
        value = " ".join(value.splitlines())
    if _balanced(value):
        return value
    out: list[str] = []
    opened: list[int] = []  # positions in ``out`` of "{" not closed yet
    for char in value:
        if char in "{}" and out and out[-1] == "\\":
            out[-1] = _BRACE_TEXT[char]
        elif char == "{":
            opened.append(len(out))
            out.append(char)
        elif char == "}" and opened:
            opened.pop()
            out.append(char)
        else:
            out.append(_BRACE_TEXT.get(char, char))
    for position in opened:
        out[position] = _BRACE_TEXT["{"]
    if out and out[-1] == "\\":
        out.append(" ")  # a final backslash would escape the closing brace
    return "".join(out)


def ris_line(line: str) -> str:
    """One ``TAG  - value`` line with its value on one line (runs of white space,
    line breaks included, become one space); empty when the value is."""
    tag, value = line[:6], " ".join(line[6:].split())
    return f"{tag}{value}" if value else ""


def unique_keys(records: Iterable[PaperRecord]) -> Iterator[PaperRecord]:
    """The records, each key unique once written (``a{b`` and ``a}b`` both read ``a-b``)."""
    names = UniqueNames()
    for record in records:
        key = names.take(bibtex_key(record.key))
        yield record if key == record.key else dataclasses.replace(record, key=key)
