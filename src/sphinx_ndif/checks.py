"""Data-quality checks on loaded records: what ``sphinx-ndif check`` reports.

These findings don't break data, so a Sphinx build shows them only with
``ndif_check_data = True`` (a large user bibliography without summaries must not
flood every build). Faults that do break data are reported by the loaders.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from sphinx_ndif.model import PaperRecord, Problem

# Words that belong to a venue, not a person's name ("Association for Computational
# Linguistics 2025, Kfir Bar" has been seen in an author list).
_VENUE_WORDS = frozenset(
    {
        "association", "conference", "proceedings", "workshop", "symposium", "journal",
        "findings", "transactions", "arxiv", "preprint", "volume", "acl", "emnlp", "naacl",
        "neurips", "icml", "iclr", "aaai", "ijcai", "cvpr", "iccv", "eccv", "colm",
    }
)  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+|\d+")
_YEAR_IN_TEXT = re.compile(r"\b(?:19|20)\d{2}\b")
# A summary describes the paper; these describe a conversation with the reader, or
# a text generator declining to write one.
_NOT_A_SUMMARY = re.compile(
    r"\b(?:i'?m sorry|i am sorry|i apologi[sz]e|i cannot|i can'?t|i'm unable|i am unable|"
    r"as an ai|language model developed|click here|read more|you can|you will|you should|"
    r"check out|see (?:the )?link|subscribe)\b",
    re.IGNORECASE,
)
MIN_SUMMARY_WORDS = 8


def check_record(record: PaperRecord, vocabulary: Collection[str]) -> list[Problem]:
    """Every quality finding for one record, located at its origin."""
    found: list[tuple[str, str]] = []
    for person in record.authors:
        if not (person.given or person.von or person.suffix):
            continue  # one braced name ({Association for Computing Machinery}): an institution
        name = person.display
        words = {word.casefold() for word in _WORD.findall(name)}
        if any(char.isdigit() for char in name) or words & _VENUE_WORDS:
            found.append(("suspect-author", f"author {name!r} looks like a venue or a date"))
    if record.summary:
        if _NOT_A_SUMMARY.search(record.summary):
            found.append(
                ("not-a-summary", f"the summary of {record.key!r} does not describe the paper")
            )
        elif len(record.summary.split()) < MIN_SUMMARY_WORDS:
            found.append(("short-summary", f"the summary of {record.key!r} is too short"))
    years = {int(year) for year in _YEAR_IN_TEXT.findall(record.venue)}
    if record.year is not None and years and record.year not in years:
        found.append(("venue-year", f"venue {record.venue!r} disagrees with year {record.year}"))
    if vocabulary:
        for tag in record.tags:
            if tag not in vocabulary:
                found.append(("unknown-data-tag", f"tag {tag!r} is not in the tag vocabulary"))
    return [Problem(record.origin, subtype, message, quality=True) for subtype, message in found]
