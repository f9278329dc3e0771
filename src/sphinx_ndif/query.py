"""The filter, sort and group language shared by the directives (and the command line).

Option strings are parsed here into a :class:`PaperQuery`; :func:`select` answers it
from the dataset's indexes (the tag index, else the year index; never a scan of the
whole dataset when an index can answer) and :func:`group` splits the answer for display.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

from sphinx_ndif.dataset import Dataset
from sphinx_ndif.model import PaperRecord
from sphinx_ndif.text import fold
from sphinx_ndif.warnings import NdifWarning


class Match(enum.StrEnum):
    ANY = "any"
    ALL = "all"


class SortKey(enum.StrEnum):
    YEAR = "year"
    TITLE = "title"
    AUTHOR = "author"


class GroupBy(enum.StrEnum):
    YEAR = "year"
    TAG = "tag"


# Matched against the stripped text: spaces at both ends of the pattern made it quadratic.
_YEAR_SPEC = re.compile(r"^(?:(\d{4})?\s*(-)\s*(\d{4})?|(>=|<=)\s*(\d{4})|(\d{4}))$")
_YEAR_FORMS = "2024, 2023-2025, >=2024 (or 2024-), <=2024 (or -2024)"


@dataclass(frozen=True, slots=True)
class YearRange:
    """Inclusive year bounds; ``None`` is open-ended."""

    low: int | None = None
    high: int | None = None

    @classmethod
    def parse(cls, text: str) -> YearRange:
        """Parse ``2024``, ``2023-2025``, ``>=2024``/``2024-`` or ``<=2024``/``-2024``.

        The dash forms exist for MyST, whose option syntax reads a leading ``>`` as
        YAML's folded-text marker unless the value is quoted.
        """
        match = _YEAR_SPEC.match(text.strip())
        if match is None or (match.group(2) and not (match.group(1) or match.group(3))):
            raise ValueError(f"{text!r} is not a year or year range: use {_YEAR_FORMS}")
        first, _dash, last, operator, bound, single = match.groups()
        if single:
            return cls(int(single), int(single))
        if operator:
            return cls(int(bound), None) if operator == ">=" else cls(None, int(bound))
        low = int(first) if first else None
        high = int(last) if last else None
        if low is not None and high is not None and low > high:
            raise ValueError(f"year range {text!r} runs backwards")
        return cls(low, high)

    def __contains__(self, year: int | None) -> bool:
        if year is None:
            return False
        return (self.low is None or year >= self.low) and (self.high is None or year <= self.high)


@dataclass(frozen=True, slots=True)
class PaperQuery:
    """What a directive asks for. Empty fields don't filter."""

    tags: tuple[str, ...] = ()
    match: Match = Match.ANY
    exclude_tags: tuple[str, ...] = ()
    years: YearRange | None = None
    author: str = ""
    venue: str = ""
    keys: tuple[str, ...] = ()
    sort: SortKey | None = None
    reverse: bool = False
    limit: int | None = None
    group_by: GroupBy | None = None

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> PaperQuery:
        """The query named by converted ``ndif-papers`` options (a flag counts when
        present); the command line passes its options under the same names."""
        return cls(
            tags=options.get("tags", ()),
            match=options.get("match", Match.ANY),
            exclude_tags=options.get("exclude-tags", ()),
            years=options.get("year"),
            author=options.get("author", ""),
            venue=options.get("venue", ""),
            keys=options.get("keys", ()),
            sort=options.get("sort"),
            reverse="reverse" in options,
            limit=options.get("limit"),
            group_by=options.get("group-by"),
        )


@dataclass(frozen=True, slots=True)
class Group:
    """A run of papers sharing a year or a tag (``by`` is ``None`` when not grouped)."""

    by: GroupBy | None
    name: str
    """The year or the tag name; empty for "year unknown" or "no other tag"."""
    records: tuple[PaperRecord, ...]


SUGGESTED = 5
"""How many unknown names of one option get "did you mean" suggestions: each costs a
search of the known names, and 10,000 unknown names must not cost 10,000 searches."""
CLOSE_MATCH_POOL = 5_000
"""The most known names one suggestion compares against (difflib's cost is linear in
them, and an unknown key once cost seconds against a large bibliography). A larger
set is narrowed first to the names sharing the unknown one's first letters, which a
typo rarely changes."""


def close_matches(word: str, known: Collection[str], cutoff: float) -> list[str]:
    """Up to three known names close to ``word``, at a bounded cost."""
    pool = sorted(known)
    for prefix in (word[:1], word[:2], word[:3]):
        if len(pool) <= CLOSE_MATCH_POOL:
            break
        folded = prefix.casefold()
        pool = [name for name in pool if name[: len(prefix)].casefold() == folded]
    return get_close_matches(word, pool[:CLOSE_MATCH_POOL], n=3, cutoff=cutoff)


def unknown_tags(dataset: Dataset, query: PaperQuery) -> dict[str, list[str]]:
    """Each tag the query names that the data doesn't know, with the closest known tags
    (for the first :data:`SUGGESTED` of them)."""
    known = dataset.known_tags  # a set made on each call: make it once
    unknown = dict.fromkeys(tag for tag in (*query.tags, *query.exclude_tags) if tag not in known)
    return {
        tag: close_matches(tag, known, 0.5) if number < SUGGESTED else []
        for number, tag in enumerate(unknown)
    }


def unknown_keys(dataset: Dataset, query: PaperQuery) -> dict[str, list[str]]:
    """Each key the query names that the data doesn't hold, with the closest keys (for
    the first :data:`SUGGESTED` of them)."""
    unknown = dict.fromkeys(key for key in query.keys if key not in dataset.records)
    return {
        key: close_matches(key, dataset.records.keys(), 0.6) if number < SUGGESTED else []
        for number, key in enumerate(unknown)
    }


def unknown_names(dataset: Dataset, query: PaperQuery) -> list[tuple[NdifWarning, str]]:
    """One ``(subtype, message)`` for the tags the query names that the data lacks and
    one for its unknown keys, each naming all of them, with the closest known names:
    what the directives, the roles and the command line report ("unknown tag
    'steerng'; did you mean steering?")."""
    found = []
    tags = unknown_tags(dataset, query)
    if tags:
        close = list(dict.fromkeys(name for names in tags.values() for name in names))
        hint = _did_you_mean(close) or f"; known tags: {', '.join(sorted(dataset.known_tags))}"
        found.append((NdifWarning.UNKNOWN_TAG, f"{_unknown('tag', list(tags))}{hint}"))
    keys = unknown_keys(dataset, query)
    if keys:
        close = list(dict.fromkeys(name for names in keys.values() for name in names))
        found.append(
            (NdifWarning.UNKNOWN_KEY, f"{_unknown('key', list(keys))}{_did_you_mean(close)}")
        )
    return found


def _unknown(kind: str, names: list[str]) -> str:
    listed = ", ".join(map(repr, names))
    return f"unknown {kind} {listed}" if len(names) == 1 else f"unknown {kind}s {listed}"


def _did_you_mean(close: list[str]) -> str:
    return f"; did you mean {', '.join(close)}?" if close else ""


def select(dataset: Dataset, query: PaperQuery) -> list[PaperRecord]:
    """The records the query asks for, filtered, sorted and limited."""
    if query.keys:
        # Named keys come in the order named; citation records only when named.
        candidates = [
            dataset.records[key] for key in dict.fromkeys(query.keys) if key in dataset.records
        ]
    else:
        candidates = _from_index(dataset, query)
    excluded = set(query.exclude_tags)
    author = fold(query.author.strip())
    venue = fold(query.venue.strip())
    chosen = [
        record
        for record in candidates
        if (not query.keys or not query.tags or _has_tags(record, query))
        and not excluded.intersection(record.tags)
        and (query.years is None or record.year in query.years)
        and (not author or any(author in name for name in dataset.search_text(record.key).authors))
        and (not venue or venue in dataset.search_text(record.key).venue)
    ]
    if query.sort is not None or not query.keys:
        chosen = sort_records(chosen, query.sort or SortKey.YEAR)
    if query.reverse:
        chosen.reverse()
    return chosen[: query.limit] if query.limit is not None else chosen


def _from_index(dataset: Dataset, query: PaperQuery) -> list[PaperRecord]:
    """Candidate papers from the tag index, else from the year index, else every paper."""
    if query.tags:
        sets = [set(dataset.by_tag.get(tag, ())) for tag in query.tags]
        keys = set.union(*sets) if query.match is Match.ANY else set.intersection(*sets)
        return [dataset.records[key] for key in keys]
    if query.years is not None:
        years = query.years
        return [
            dataset.records[key]
            for year, held in dataset.by_year.items()
            if year in years
            for key in held
        ]
    return dataset.papers


def _has_tags(record: PaperRecord, query: PaperQuery) -> bool:
    have = set(record.tags)
    wanted = set(query.tags)
    return bool(have & wanted) if query.match is Match.ANY else wanted <= have


def sort_records(records: list[PaperRecord], key: SortKey) -> list[PaperRecord]:
    """Sort by year (newest first, then title), title, or first author's family name;
    the key breaks ties, so the order never depends on where the candidates came from."""
    if key is SortKey.TITLE:
        return sorted(records, key=lambda r: (fold(r.title), r.key))
    if key is SortKey.AUTHOR:
        return sorted(
            records,
            key=lambda r: (
                fold(r.authors[0].family) if r.authors else "\uffff",
                fold(r.title),
                r.key,
            ),
        )
    # Unknown years sort after every known one.
    return sorted(
        records,
        key=lambda r: (-(r.year if r.year is not None else -1), fold(r.title), r.key),
    )


def group(dataset: Dataset, records: list[PaperRecord], query: PaperQuery) -> list[Group]:
    """Split sorted records into groups; each group keeps the records' order."""
    if query.group_by is GroupBy.YEAR:
        years: dict[int | None, list[PaperRecord]] = {}
        for record in records:
            years.setdefault(record.year, []).append(record)
        ascending = query.sort in (None, SortKey.YEAR) and query.reverse
        order = sorted(
            years,
            key=lambda year: (year is None, year if ascending else -(year or 0)),
        )
        return [
            Group(GroupBy.YEAR, "" if year is None else str(year), tuple(years[year]))
            for year in order
        ]
    if query.group_by is GroupBy.TAG:
        if query.tags:
            names = list(query.tags)
        else:  # every tag but the categories, vocabulary order first
            vocabulary = [n for n, tag in dataset.vocabulary.items() if tag.kind != "category"]
            used = {t for r in records for t in r.tags} - set(dataset.vocabulary)
            names = vocabulary + sorted(used)
        groups = []
        for name in names:
            members = tuple(record for record in records if name in record.tags)
            if members:
                groups.append(Group(GroupBy.TAG, name, members))
        if not query.tags:  # a paper tagged with categories only still gets listed
            grouped = {record.key for g in groups for record in g.records}
            rest = tuple(record for record in records if record.key not in grouped)
            if rest:
                groups.append(Group(GroupBy.TAG, "", rest))
        return groups
    return [Group(None, "", tuple(records))]
