"""Hypothesis strategies for hostile data: every JSON type, odd digits, huge values."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from sphinx_ndif.model import PaperRecord, Person

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))

HUGE_INT = "9" * 5000
"""Digits Python refuses to turn into an int (over 4,300)."""
DEEP = "[" * 3000 + "]" * 3000
"""Nesting deeper than Python's recursion limit."""
_RAW = {"@@huge@@": HUGE_INT, "@@deep@@": DEEP, "@@negative-huge@@": "-" + HUGE_INT}

ODD_TEXT = st.sampled_from(
    [
        "²⁰²⁴", "٢٠٢٤", "２０２４", "𝟚𝟘𝟚𝟜", "2024", " 2024 ", "0", "-1", "99999", "1e400", "NaN",
        "", " ", "\x00", "\x01\x1b[31m", "\ud800", "\u202e", "\r\n", "}\\input{/etc/hostname}{",
        "\nER  - \nTY  - JOUR", "}}\n@misc{fake, title={Injected}", "javascript:alert(1)",
        "https://evil.com\\.github.com/x", "http://[::1", "https://x\\V[HOME]", ".so /etc/passwd",
        "@@huge@@", "@@deep@@", "@@negative-huge@@", "a" * 300, "Doe, Jane and Roe, R.",
    ]
)  # fmt: skip
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**30, max_value=10**60)
    | st.floats(allow_nan=False)
    | ODD_TEXT
    | st.text(max_size=20)
)
JSON_VALUES: st.SearchStrategy[Any] = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


def field_values(names: tuple[str, ...], inner: st.SearchStrategy[Any] | None = None) -> Any:
    """An object with any subset of ``names``, each holding any JSON value."""
    values = JSON_VALUES if inner is None else JSON_VALUES | inner
    return st.fixed_dictionaries({}, optional=dict.fromkeys(names, values))


def dumps(data: Any) -> str:
    """JSON text, with the placeholders replaced by what ``json.dumps`` cannot write."""
    text = json.dumps(data)
    for marker, raw in _RAW.items():
        text = text.replace(f'"{marker}"', raw)
    return text


def assert_well_typed(record: PaperRecord) -> None:
    """Every field of a loaded record has its declared type (and text has no controls)."""
    for name in ("key", "entry_type", "title", "venue", "summary", "intro", "note", "container"):
        assert isinstance(getattr(record, name), str), name
    for name in ("url", "alt_url", "project_url", "doi", "arxiv_id", "image"):
        assert getattr(record, name) is None or isinstance(getattr(record, name), str), name
    assert record.year is None or (isinstance(record.year, int) and 1000 <= record.year <= 9999)
    assert all(isinstance(person, Person) for person in record.authors)
    for person in record.authors:
        assert all(isinstance(part, str) for part in (person.given, person.von, person.family))
    assert all(isinstance(tag, str) and tag for tag in record.tags)
