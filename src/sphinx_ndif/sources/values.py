"""Values read from JSON and YAML data, checked: a field of any type never raises.

JSON and YAML give a field any type (a number, a list, a mapping, a huge integer, a
date); the loaders ask these functions for the one type they need, and get ``None``
(the caller reports a located ``bad-field``) when the value is not of it.
"""

from __future__ import annotations

import datetime
import re

# A year is four ASCII digits: ``int()`` reads other digits ("²⁰²⁴" is not even
# decimal), and a year the reader cannot read as written is a data-quality finding.
_YEAR = re.compile(r"[0-9]{4}", re.ASCII)
_YEAR_IN_TEXT = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])", re.ASCII)
MAX_INT_DIGITS = 100
"""JSON integers longer than this are kept as their digits: Python refuses to turn
more than 4,300 digits into an ``int``, and no field of ours needs such a number."""


def json_int(digits: str) -> int | str:
    """``parse_int`` for :func:`json.loads`: a huge integer stays text."""
    return int(digits) if len(digits) <= MAX_INT_DIGITS else digits


def scalar_text(value: object) -> str | None:
    """A text, number or date as one line of text; ``None`` for anything else
    (``None``, a boolean, a list, a mapping)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str | int | float | datetime.date):
        return " ".join(str(value).split())
    return None


def year_of(text: str) -> int | None:
    """The year a value is, if it is exactly four ASCII digits (spaces around allowed)."""
    match = _YEAR.fullmatch(text.strip())
    return int(match.group()) if match else None


def year_in(text: str) -> int | None:
    """The first run of exactly four ASCII digits in a text ("2024-05-01" -> 2024)."""
    match = _YEAR_IN_TEXT.search(text)
    return int(match.group()) if match else None


def year_value(value: object) -> int | None:
    """A JSON/YAML year field: an integer in 1000-9999 or four digits as text."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1000 <= value <= 9999 else None
    if isinstance(value, str):
        return year_of(value)
    return None
