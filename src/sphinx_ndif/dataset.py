"""The dataset: every source loaded once, duplicates resolved, indexed by tag and year.

Merge rules, in load order (the bundled data first, then ``ndif_data_files``):

- **Same key** in two keyed sources (BibTeX, CSL-JSON): the later definition replaces
  the earlier one, with a ``duplicate-key`` warning naming both places.
- **Same paper** (shared DOI, shared arXiv id, or the same title after folding case,
  accents and punctuation with the same first author's family name): one record,
  with a ``merged-duplicate`` warning naming both places. Never applied to two
  entries of one keyed file, whose different keys say they are different entries.
  The record from a keyed source wins over one without keys, else the earlier one
  wins; it keeps its key and every field it has, takes each field it lacks from the
  other, and the tags of both. The loser's link becomes the "other version" when the
  winner has none.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Container, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sphinx_ndif.checks import check_record
from sphinx_ndif.model import Level, LoadResult, Origin, PaperRecord, Problem, Role, SearchText, Tag
from sphinx_ndif.sources import detect
from sphinx_ndif.sources.clean import clean_problem, clean_record
from sphinx_ndif.sources.files import file_problem
from sphinx_ndif.sources.vocabulary import load_vocabulary
from sphinx_ndif.styles import StyleCache
from sphinx_ndif.text import fold

DATA_DIR = Path(__file__).parent / "data"
BUNDLED_BIB = DATA_DIR / "ndif.bib"
BUNDLED_VOCABULARY = DATA_DIR / "tags.toml"
DEFAULT_CITATION_KEY = "fiotto-kaufman2025nnsight"
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


@dataclass
class Dataset:
    """All records by key, indexed, with every problem met while loading."""

    records: dict[str, PaperRecord] = field(default_factory=dict)
    vocabulary: dict[str, Tag] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: tuple[Path, ...] = ()
    by_tag: dict[str, list[str]] = field(default_factory=dict)
    by_year: dict[int | None, list[str]] = field(default_factory=dict)
    styles: StyleCache = field(default_factory=StyleCache)
    """Formatted references, once per record and style for the build."""
    _search: dict[str, SearchText] = field(default_factory=dict)

    def search_text(self, key: str) -> SearchText:
        """A record's folded text, computed on first use (only text filters need it)."""
        text = self._search.get(key)
        if text is None:
            text = self._search[key] = SearchText.of(self.records[key])
        return text

    @property
    def papers(self) -> list[PaperRecord]:
        """The research records, in dataset order (citation records left out)."""
        return [record for record in self.records.values() if record.role is Role.PAPER]

    @property
    def known_tags(self) -> set[str]:
        """Tags a directive may name: the vocabulary's and any a record uses."""
        return set(self.vocabulary) | set(self.by_tag)

    def tag_label(self, name: str) -> str:
        tag = self.vocabulary.get(name)
        return tag.label if tag is not None else name


def load_source(path: Path) -> LoadResult:
    """Load one data file, in the format its extension (and content) says; control
    characters are dropped from its text (see :mod:`~sphinx_ndif.sources.clean`)."""
    loader = detect(path)
    if loader is None:
        return LoadResult.failed(
            Origin(str(path)),
            "unknown-format",
            f"data file {path} is in no known format; use .bib, .json "
            "(NDIF pipeline or CSL-JSON) or CITATION.cff",
        )
    try:
        result = loader(path)
    except OSError as error:  # unreadable, or replaced by a FIFO or device since checked
        message = f"data file {path} cannot be read: {error.strerror or error}"
        return LoadResult.failed(Origin(str(path)), "missing-file", message)
    result.records = [clean_record(record) for record in result.records]
    result.problems = [clean_problem(problem) for problem in result.problems]
    return result


def identities(record: PaperRecord) -> list[str]:
    """What makes two records the same paper: DOI, arXiv id, title with first author."""
    found = []
    if record.doi:
        found.append("doi:" + record.doi.strip().lower())
    if record.arxiv_id:
        found.append("arxiv:" + record.arxiv_id.lower())
    title = _NOT_ALNUM.sub(" ", fold(record.title)).strip()
    if title and record.authors:
        family = _NOT_ALNUM.sub(" ", fold(record.authors[0].family)).strip()
        found.append(f"title:{title}|{family}")
    return found


class _Builder:
    """Adds records one by one, applying the merge rules of this module."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.owners: dict[str, str] = {}  # identity -> key
        self.identities: dict[str, list[str]] = {}  # key -> its identities

    def add(self, record: PaperRecord) -> None:
        records = self.dataset.records
        if record.keyed and record.key in records:
            previous = records.pop(record.key)
            if previous.origin.path != record.origin.path:  # else the loader said so
                self.problem(
                    record,
                    "duplicate-key",
                    f"key {record.key!r} is defined again (first at {previous.origin}); "
                    "the later definition wins",
                )
            self.forget(previous.key)
        own = identities(record)  # folding titles is the costly part: once per record
        match = self.duplicate_of(record, own)
        if match is not None:
            winner, loser = (record, match) if record.keyed and not match.keyed else (match, record)
            merged = merge(winner, loser)
            del records[match.key]
            records[merged.key] = merged
            self.forget(match.key)
            self.remember(merged.key, identities(merged))
            self.problem(
                record,
                "merged-duplicate",
                f"{record.key!r} is the same paper as {match.key!r} at {match.origin}; "
                f"merged as {merged.key!r}",
            )
            return
        if not record.keyed:
            record = dataclasses.replace(record, key=free_key(record.key, records))
        records[record.key] = record
        self.remember(record.key, own)

    def duplicate_of(self, record: PaperRecord, own: list[str]) -> PaperRecord | None:
        for identity in own:
            key = self.owners.get(identity)
            if key is None:
                continue
            other = self.dataset.records[key]
            same_keyed_file = (
                other.keyed and record.keyed and other.origin.path == record.origin.path
            )
            if not same_keyed_file:
                return other
        return None

    def remember(self, key: str, own: list[str]) -> None:
        self.identities[key] = own
        for identity in own:
            self.owners.setdefault(identity, key)

    def forget(self, key: str) -> None:
        for identity in self.identities.pop(key, ()):
            if self.owners.get(identity) == key:
                del self.owners[identity]

    def problem(self, record: PaperRecord, subtype: str, message: str) -> None:
        self.dataset.problems.append(Problem(record.origin, subtype, message))


def free_key(key: str, taken: Container[str]) -> str:
    """``key``, or ``key-2``, ``key-3``... the first not ``taken``: the key of a record
    whose source has no keys (pipeline JSON, CITATION.cff) when another holds it."""
    if key not in taken:
        return key
    suffix = 2
    while f"{key}-{suffix}" in taken:
        suffix += 1
    return f"{key}-{suffix}"


def merge(winner: PaperRecord, loser: PaperRecord) -> PaperRecord:
    """One record from two of the same paper: the winner's fields, gaps filled."""
    filled = {
        name: getattr(loser, name)
        for name in ("title", "authors", "year", "venue", "url", "doi", "summary", "intro",
                     "note", "arxiv_id", "image", "project_url", "alt_url")
        if not getattr(winner, name) and getattr(loser, name)
    }  # fmt: skip
    if not winner.alt_url and loser.url and loser.url != winner.url:
        filled["alt_url"] = loser.url
    tags = tuple(dict.fromkeys((*winner.tags, *loser.tags)))
    return dataclasses.replace(winner, tags=tags, **filled)


def load_dataset(
    sources: Sequence[Path], vocabulary: Path = BUNDLED_VOCABULARY, *, check: bool = True
) -> Dataset:
    """Load the vocabulary and every source in order, then index the records.

    With ``check`` the data-quality checks run too (builds skip them unless
    ``ndif_check_data`` asks: they are never shown otherwise).
    """
    dataset = Dataset(files=(*sources, vocabulary))
    dataset.vocabulary, dataset.problems = load_vocabulary(vocabulary)
    builder = _Builder(dataset)
    for path in sources:
        missing = file_problem(path)
        if missing is not None:
            dataset.problems.append(
                Problem(Origin(str(path)), "missing-file", missing, Level.ERROR)
            )
            continue
        result = load_source(path)
        dataset.problems.extend(result.problems)
        for record in result.records:
            builder.add(record)
    for record in dataset.records.values():
        if check:
            dataset.problems.extend(check_record(record, dataset.vocabulary))
        if record.role is not Role.PAPER:
            continue
        for tag in record.tags:
            dataset.by_tag.setdefault(tag, []).append(record.key)
        dataset.by_year.setdefault(record.year, []).append(record.key)
    return dataset
