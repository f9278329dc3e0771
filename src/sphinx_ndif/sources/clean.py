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

from sphinx_ndif.model import PaperRecord, Person, Problem

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]|([\ud800-\udfff])")


def _replace(match: re.Match[str]) -> str:
    return "\ufffd" if match.group(1) else ""


def clean_text(text: str) -> str:
    """``text`` without control characters other than tab and newline."""
    return _UNSAFE.sub(_replace, text) if _UNSAFE.search(text) else text


def _clean_person(person: Person) -> Person:
    parts = (person.given, person.von, person.family, person.suffix)
    if not any(map(_UNSAFE.search, parts)):
        return person
    return Person(*map(clean_text, parts))


def clean_record(record: PaperRecord) -> PaperRecord:
    """The record with every text field cleaned; the same object when already clean."""
    changes: dict[str, object] = {}
    for field in dataclasses.fields(record):
        value = getattr(record, field.name)
        if isinstance(value, str) and _UNSAFE.search(value):
            changes[field.name] = clean_text(value)
    authors = tuple(map(_clean_person, record.authors))
    if authors != record.authors:
        changes["authors"] = authors
    if any(_UNSAFE.search(tag) for tag in record.tags):
        changes["tags"] = tuple(dict.fromkeys(t for t in map(clean_text, record.tags) if t))
    if any(_UNSAFE.search(name) or _UNSAFE.search(value) for name, value in record.fields):
        changes["fields"] = tuple(
            (clean_text(name), clean_text(value)) for name, value in record.fields
        )
    return dataclasses.replace(record, **changes) if changes else record  # type: ignore[arg-type]


def clean_problem(problem: Problem) -> Problem:
    """A problem whose message (which may quote data) holds no control character: it is
    printed to the terminal of whoever builds the docs."""
    message = clean_text(problem.message)
    return problem if message is problem.message else dataclasses.replace(problem, message=message)
