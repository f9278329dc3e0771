"""Text from data made safe to display: control characters dropped from every field.

A control character in a title makes an EPUB's XHTML (and Sphinx's XML) ill-formed,
and an ESC reaches a reader's terminal through text and man output. Every record a
source loads passes through :func:`clean_record` (tab and newline are kept: they are
layout, and every writer handles them). A lone surrogate, which no UTF-8 file can
hold, becomes U+FFFD; the two code points XML forbids (U+FFFE, U+FFFF) are dropped.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from sphinx_ndif.model import PaperRecord, Person, Problem

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]|([\ud800-\udfff])")
# The same characters as one class: a search for it scans fast, where the alternation
# above (needed to tell surrogates apart) tries both branches at every position.
_ANY_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def _replace(match: re.Match[str]) -> str:
    return "\ufffd" if match.group(1) else ""


def clean_text(text: str) -> str:
    """``text`` without control characters other than tab and newline."""
    return _UNSAFE.sub(_replace, text) if _ANY_UNSAFE.search(text) else text


# What is left of a clean ASCII text once its printable characters, tab and newline are
# deleted: nothing. bytes.translate does that in one C loop, five times faster than the
# search above on a large data file (most are ASCII).
_SAFE_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n"
# Control characters that separate words (line and page breaks, separators): read as a
# space in a file's text, so that dropping them never glues two words together.
_BREAKS = re.compile("\r\n?|[\x0b\x0c\x1c-\x1f\x85]")


def clean_file_text(text: str) -> str:
    """A data file's whole text, cleaned before it is parsed: line ends made ``\\n``
    (``\\r\\n`` and a lone ``\\r`` each count as one line, as Python reads text),
    other breaks read as a space, every other control character dropped.

    A record parsed from cleaned text holds none, unless its parser makes one itself
    (the LaTeX decoder cleans what it makes): the BibTeX loader cleans its file once
    instead of every record (see :attr:`~sphinx_ndif.model.LoadResult.cleaned`).
    """
    if text.isascii():
        if not text.encode("ascii").translate(None, _SAFE_ASCII):
            return text
    elif not _ANY_UNSAFE.search(text):
        return text
    return clean_text(_BREAKS.sub(_break, text))


def _break(match: re.Match[str]) -> str:
    return "\n" if match.group()[0] == "\r" else " "


def _person_texts(person: Person) -> tuple[str, str, str, str]:
    return (person.given, person.von, person.family, person.suffix)


def _texts(value: object) -> Iterator[str]:
    """Every text a field's value holds: a string, people, strings, (name, value) pairs."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            if isinstance(item, str):
                yield item
            elif isinstance(item, Person):
                yield from _person_texts(item)
            elif isinstance(item, tuple):
                yield from (text for text in item if isinstance(text, str))


def _cleaned(value: object) -> object:
    """The value with every text in it cleaned (same shapes as :func:`_texts`)."""
    if isinstance(value, str):
        return clean_text(value)
    if not isinstance(value, tuple):
        return value
    items = [
        clean_text(item)
        if isinstance(item, str)
        else Person(*map(clean_text, _person_texts(item)))
        if isinstance(item, Person)
        else tuple(clean_text(t) if isinstance(t, str) else t for t in item)
        if isinstance(item, tuple)
        else item
        for item in value
    ]
    return tuple(items)


_FIELD_NAMES = tuple(field.name for field in dataclasses.fields(PaperRecord))


def clean_record(record: PaperRecord) -> PaperRecord:
    """The record with every text in every field cleaned (names, tags, links and source
    fields included); the same object when already clean.

    Almost every record is clean, so the check is one search over all of its text joined
    (written out for speed: a search per field was a large part of loading a big file).
    """
    values = {name: getattr(record, name) for name in _FIELD_NAMES}
    texts: list[str] = []
    for value in values.values():
        if isinstance(value, str):
            texts.append(value)
        elif value and isinstance(value, tuple):
            texts.extend(_texts(value))
    if _ANY_UNSAFE.search("\n".join(texts)) is None:
        return record
    changes: dict[str, object] = {}
    for name, value in values.items():
        if any(map(_ANY_UNSAFE.search, _texts(value))):
            changes[name] = _cleaned(value)
    if "tags" in changes:  # a tag that was only control characters goes
        changes["tags"] = tuple(
            dict.fromkeys(clean_text(tag) for tag in record.tags if clean_text(tag))
        )
    return dataclasses.replace(record, **changes)  # type: ignore[arg-type]


def clean_problem(problem: Problem) -> Problem:
    """A problem whose message (which may quote data) holds no control character: it is
    printed to the terminal of whoever builds the docs."""
    message = clean_text(problem.message)
    return problem if message is problem.message else dataclasses.replace(problem, message=message)
