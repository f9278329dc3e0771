"""Probable duplicates: one paper listed under two titles (a preprint and its published,
renamed version), which no identifier ties together.

Run by ``sphinx-ndif check`` and builds with ``ndif_check_data`` only, never by a plain
build. Records are bucketed by the family names of their first two authors, so only
records sharing an author are compared (near-linear on real bibliographies); two entries
of one keyed file are never compared, as they are never merged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sphinx_ndif.bibtex_syntax import bibtex_value
from sphinx_ndif.checks import describe, place
from sphinx_ndif.model import PaperRecord, Problem
from sphinx_ndif.text import fold
from sphinx_ndif.warnings import NdifWarning

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_ARXIV_VENUE = re.compile(r"^\W*arxiv\b", re.IGNORECASE)
_STOP_WORDS = frozenset(
    {
        "the", "and", "for", "from", "with", "via", "into", "onto", "their", "its", "are",
        "how", "what", "why", "when", "does", "can", "using", "use", "towards", "toward",
        "this", "that", "these", "those", "our", "new", "study", "paper", "authors",
        "we", "which", "while", "also", "show", "find", "large", "language", "models", "model",
    }
)  # fmt: skip
MIN_AUTHOR_OVERLAP = 0.6
"""Share of the shorter author list found in the other (one list may be cut short)."""
MAX_YEAR_GAP = 2
MAX_BUCKET = 1000
"""A family name shared by more records says nothing (a common name, or one person's
generated list): such a bucket is not compared, which keeps the check near-linear."""


@dataclass(slots=True)
class _Facts:
    """What the comparison needs of one record; the word sets only once it is compared
    (most records of a large bibliography never are)."""

    record: PaperRecord
    group: str
    families: dict[str, str]  # family -> first initial ("" when no given name)
    preprint: bool
    _title: frozenset[str] | None = None
    _summary: frozenset[str] | None = None

    @property
    def title(self) -> frozenset[str]:
        if self._title is None:
            self._title = _words(self.record.title)
        return self._title

    @property
    def summary(self) -> frozenset[str]:
        if self._summary is None:
            self._summary = _words(self.record.summary)
        return self._summary


def _words(text: str) -> frozenset[str]:
    words = (_NOT_ALNUM.sub(" ", fold(text))).split()
    return frozenset(
        word[:-1] if len(word) > 4 and word.endswith("s") else word
        for word in words
        if len(word) > 2 and word not in _STOP_WORDS
    )


def _facts(record: PaperRecord, index: int) -> _Facts:
    families: dict[str, str] = {}
    for person in record.authors:
        family = _NOT_ALNUM.sub("", fold(person.family))
        if family:
            families.setdefault(family, fold(person.given)[:1])
    # Two entries of one keyed file share a group: their keys say they differ.
    group = record.origin.path if record.keyed else f"#{index}"
    preprint = record.year is None or bool(_ARXIV_VENUE.match(record.venue))
    return _Facts(record, group, families, preprint)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    shortest = min(len(a), len(b))
    return len(a & b) / shortest if shortest else 0.0


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _signals(a: _Facts, b: _Facts) -> list[str] | None:
    """Why ``a`` and ``b`` look like one paper, or ``None`` when they don't."""
    one, two = a.record, b.record
    if one.arxiv_id and two.arxiv_id and one.arxiv_id != two.arxiv_id:
        return None  # two arXiv papers are two papers
    if one.year and two.year and abs(one.year - two.year) > MAX_YEAR_GAP:
        return None
    shared = [
        family
        for family, initial in a.families.items()
        if family in b.families and (not initial or not b.families[family]
                                     or initial == b.families[family])
    ]  # fmt: skip
    fewest = min(len(a.families), len(b.families))
    if not fewest or len(shared) / fewest < MIN_AUTHOR_OVERLAP:
        return None
    signals = ["same authors"]
    score = 0
    if a.title and b.title:
        overlap = _overlap(a.title, b.title)
        if overlap >= 0.7:
            signals.append("nearly the same title")
            score += 2
        elif overlap >= 0.3 and len(a.title & b.title) >= 2:
            signals.append("related titles")
            score += 1
    if a.summary and b.summary:
        similarity = _jaccard(a.summary, b.summary)
        if similarity >= 0.6:
            signals.append("near-identical descriptions")
            score += 2
        elif similarity >= 0.3:
            signals.append("similar descriptions")
            score += 1
    if a.preprint != b.preprint:
        older = a.record if a.preprint else b.record
        why = "no year" if older.year is None else f"venue {older.venue!r}"
        signals.append(f"{why} on {describe(older)}")
        score += 1
    return signals if score >= 2 else None


def _pairs(facts: list[_Facts]) -> set[tuple[int, int]]:
    """Index pairs sharing one of their first two authors, from different groups."""
    buckets: dict[str, list[int]] = {}
    for index, fact in enumerate(facts):
        for family in list(fact.families)[:2]:
            buckets.setdefault(family, []).append(index)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        if not 2 <= len(members) <= MAX_BUCKET:
            continue
        by_group: dict[str, list[int]] = {}
        for index in members:
            by_group.setdefault(facts[index].group, []).append(index)
        if len(by_group) < 2:
            continue  # one keyed file: nothing to compare, however large
        groups = list(by_group.values())
        for g, first in enumerate(groups):
            for second in groups[g + 1 :]:
                pairs.update((min(i, j), max(i, j)) for i in first for j in second)
    return pairs


def _same_as_hint(located: PaperRecord, other: PaperRecord) -> str:
    name = other.key if other.keyed else other.title
    if Path(located.origin.path).suffix.lower() == ".json":
        return f'"same_as": {json.dumps(name, ensure_ascii=False)}'
    return f"ndif-sameas = {{{bibtex_value(name)}}}"  # a value that cannot end the entry


def probable_pairs(records: Sequence[PaperRecord]) -> list[tuple[int, int, list[str]]]:
    """Each pair of records (indices, the first earlier) that look like one paper under
    two titles, with the signals that say so."""
    facts = [_facts(record, index) for index, record in enumerate(records)]
    found = []
    for i, j in sorted(_pairs(facts)):
        signals = _signals(facts[i], facts[j])
        if signals is not None:
            found.append((i, j, signals))
    return found


def probable_duplicates(records: Sequence[PaperRecord]) -> list[Problem]:
    """A finding for each pair of records that look like one paper under two titles,
    located at the one a maintainer would mark (the later one, or the one without key)."""
    found = []
    for i, j, signals in probable_pairs(records):
        earlier, later = records[i], records[j]
        if later.keyed and not earlier.keyed:
            earlier, later = later, earlier
        found.append(
            Problem(
                later.origin,
                NdifWarning.PROBABLE_DUPLICATE,
                f"this entry ({describe(later)}) is probably the paper {describe(earlier)} "
                f"of {place(earlier.origin)} under another title ({', '.join(signals)}); "
                f"if it is, say so with {_same_as_hint(later, earlier)}",
            )
        )
    return found
