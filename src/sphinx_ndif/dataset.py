"""The dataset: every source loaded once, duplicates resolved, indexed by tag and year.

Merge rules, in load order (the bundled data first, then ``ndif_data_files``):

- **Same key** in two keyed sources (BibTeX, CSL-JSON): the later definition replaces
  the earlier one, with a ``duplicate-key`` warning naming both places (a whole record
  is dropped: worth a warning).
- **Same paper** (shared DOI, shared arXiv id, the same title after folding case,
  accents and punctuation with the same first author's family name, or declared by
  ``ndif-sameas`` / the pipeline's ``same_as``): one record. Never applied by the
  identifiers to two entries of one keyed file, whose different keys say they are
  different entries (a declaration still merges them).
- **Which record is kept**: a citation record over a paper, then one with a key over
  one without, then the higher :class:`~sphinx_ndif.model.SourceRank` (the bundled
  curated ``.bib`` over the user's BibTeX, CSL-JSON and CITATION.cff over NDIF's
  pipeline JSON; ranked by kind, not by load order), then the earlier. It keeps its key
  and every field it has, and takes each field it lacks from the other, and the tags of
  both, except that a citation record takes nothing, and no record takes a link (url,
  DOI, arXiv id, other version, project url) from a source ranked below its own.
  The other's link becomes the "other version" when the kept record has none.

A merge these rules settle is a data-quality finding (``merged-duplicate``, and
``link-not-taken`` / ``citation-kept`` for what was not taken), shown by
``sphinx-ndif check`` and by builds with ``ndif_check_data``; only what they cannot
settle warns: one record matching two others (``ambiguous-duplicate``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Container, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sphinx_ndif.checks import check_dataset, check_record, describe, place
from sphinx_ndif.model import (
    Level,
    LoadResult,
    Origin,
    PaperRecord,
    Problem,
    Role,
    SearchText,
    SourceRank,
    Tag,
)
from sphinx_ndif.sources import detect
from sphinx_ndif.sources.clean import clean_problem, clean_record
from sphinx_ndif.sources.vocabulary import load_vocabulary
from sphinx_ndif.text import fold
from sphinx_ndif.warnings import NdifWarning

DATA_DIR = Path(__file__).parent / "data"
BUNDLED_BIB = DATA_DIR / "ndif.bib"
BUNDLED_VOCABULARY = DATA_DIR / "tags.toml"
DEFAULT_CITATION_KEY = "fiotto-kaufman2025nnsight"
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Merge:
    """Two records found to be one paper: the key of the record kept, and the other."""

    kept: str
    absorbed: PaperRecord
    reason: str


@dataclass
class Dataset:
    """All records by key, indexed, with every problem met while loading."""

    records: dict[str, PaperRecord] = field(default_factory=dict)
    vocabulary: dict[str, Tag] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: tuple[Path, ...] = ()
    by_tag: dict[str, list[str]] = field(default_factory=dict)
    by_year: dict[int | None, list[str]] = field(default_factory=dict)
    merges: list[Merge] = field(default_factory=list)
    """Every merge of two records of one paper, in the order made."""
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


def file_fault(path: Path) -> Problem | None:
    """Why ``path`` cannot be read as a data file at all (missing, a directory, a FIFO or
    device, which would hang or never end the read), if so."""
    if path.is_file():
        return None
    if path.exists():
        kind = "a directory" if path.is_dir() else "not a regular file (a FIFO, device or socket)"
        return Problem(
            Origin(str(path)), NdifWarning.NOT_A_FILE, f"data file {path} is {kind}", Level.ERROR
        )
    return Problem(
        Origin(str(path)), NdifWarning.MISSING_FILE, f"data file not found: {path}", Level.ERROR
    )


def load_source(path: Path) -> LoadResult:
    """Load one data file, in the format its extension (and content) says; control
    characters are dropped from its text (see :mod:`~sphinx_ndif.sources.clean`). A file
    that cannot be read or holds no entry at all (empty, not data) is one located error."""
    fault = file_fault(path)
    if fault is not None:
        return LoadResult(problems=[clean_problem(fault)])
    loader = detect(path)
    if loader is None:
        return LoadResult.failed(
            Origin(str(path)),
            NdifWarning.UNKNOWN_FORMAT,
            f"data file {path} is in no known format; use .bib, .json "
            "(NDIF pipeline or CSL-JSON) or CITATION.cff",
        )
    try:
        result = loader(path)
    except OSError as error:  # unreadable, or replaced by a FIFO or device since checked
        reason = error.strerror or str(error)
        failed = LoadResult.failed(
            Origin(str(path)), NdifWarning.UNREADABLE_FILE, f"cannot read {path}: {reason}"
        )
        failed.problems = [clean_problem(problem) for problem in failed.problems]
        return failed
    if not result.cleaned:
        result.records = [clean_record(record) for record in result.records]
    result.problems = [clean_problem(problem) for problem in result.problems]
    if not result.records and not any(p.level is Level.ERROR for p in result.problems):
        result.problems.append(
            Problem(
                Origin(str(path)),
                NdifWarning.NO_ENTRIES,
                f"data file {path} holds no entries",
                Level.ERROR,
            )
        )
    return result


def identities(record: PaperRecord) -> list[str]:
    """What makes two records the same paper: DOI, arXiv id, title with first author."""
    found = []
    if record.doi:
        found.append("doi:" + record.doi.strip().lower())
    if record.arxiv_id:
        found.append("arxiv:" + record.arxiv_id.lower())
    title = plain_title(record.title)
    if title and record.authors:
        family = _NOT_ALNUM.sub(" ", fold(record.authors[0].family)).strip()
        found.append(f"title:{title}|{family}")
    return found


def plain_title(title: str) -> str:
    """A title folded for comparing: case, accents and punctuation gone."""
    return _NOT_ALNUM.sub(" ", fold(title)).strip()


_REASONS = {"doi": "same DOI", "arxiv": "same arXiv id", "title": "same title and first author"}


def _reason(identity: str) -> str:
    kind, _, value = identity.partition(":")
    return _REASONS[kind] if kind == "title" else f"{_REASONS[kind]} {value}"


_LINKS = ("url", "doi", "arxiv_id", "alt_url", "project_url")
_LINK_NAMES = {
    "url": "link", "doi": "DOI", "arxiv_id": "arXiv id", "alt_url": "other version",
    "project_url": "project url",
}  # fmt: skip
_RANK_NAMES = {
    SourceRank.CURATED: "the bundled data",
    SourceRank.BIBLIOGRAPHY: "a BibTeX, CSL-JSON or CITATION.cff file",
    SourceRank.GENERATED: "a pipeline file",
}
_FILLED = ("title", "authors", "year", "venue", "summary", "intro", "note", "image")


class Merger:
    """Adds records one by one into a dataset, applying the merge rules of this module."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.owners: dict[str, str] = {}  # identity -> key
        self.identities: dict[str, list[str]] = {}  # key -> its identities
        self.ranks: dict[str, SourceRank] = {}  # file -> its rank
        self.order: dict[str, int] = {}  # key -> when it was added
        self.renamed: dict[str, str] = {}  # key of an absorbed record -> key it is in now
        self.declared: list[tuple[str, str]] = []  # (declaring key, key or title it names)

    def add_source(self, path: str, rank: SourceRank, records: Sequence[PaperRecord]) -> None:
        """Add one file's records, whose links rank as ``rank``."""
        self.ranks[path] = rank
        for record in records:
            self.add(record)

    def add(self, record: PaperRecord) -> None:
        records = self.dataset.records
        if record.keyed and record.key in records:
            previous = records.pop(record.key)
            if previous.origin.path != record.origin.path:  # else the loader said so
                self.problem(
                    record,
                    NdifWarning.DUPLICATE_KEY,
                    f"key {record.key!r} is defined again (first at {previous.origin}); "
                    "the later definition wins",
                )
            self.forget(previous.key)
        own = identities(record)  # folding titles is the costly part: once per record
        matches = self.duplicates_of(record, own)
        if matches:
            (identity, match), *others = matches
            if others:
                names = "; ".join(
                    f"{describe(other)} ({place(other.origin)}, {_reason(why)})"
                    for why, other in others
                )
                self.problem(
                    record,
                    NdifWarning.AMBIGUOUS_DUPLICATE,
                    f"this entry is the paper {describe(match)} ({place(match.origin)}, "
                    f"{_reason(identity)}) and also {names}: merged with the first only; "
                    "correct the DOI or arXiv id that belongs to the other paper",
                )
            self.merge(record, match, _reason(identity))
            return
        if not record.keyed:
            record = dataclasses.replace(record, key=free_key(record.key, records))
        records[record.key] = record
        self.order[record.key] = len(self.order)
        self.remember(record.key, own)
        self.declared += [(record.key, name) for name in record.same_as]

    def duplicates_of(self, record: PaperRecord, own: list[str]) -> list[tuple[str, PaperRecord]]:
        """Each other record sharing an identity with ``record``, once, with the first
        identity shared."""
        found: dict[str, tuple[str, PaperRecord]] = {}
        for identity in own:
            key = self.owners.get(identity)
            if key is None or key in found:
                continue
            other = self.dataset.records[key]
            same_keyed_file = (
                other.keyed and record.keyed and other.origin.path == record.origin.path
            )
            if not same_keyed_file:
                found[key] = (identity, other)
        return list(found.values())

    def rank(self, record: PaperRecord) -> SourceRank:
        return self.ranks.get(record.origin.path, SourceRank.BIBLIOGRAPHY)

    def precedence(self, record: PaperRecord) -> tuple[bool, bool, int, int]:
        """Higher is kept: a citation record, a key given, the source's rank, added first."""
        added = len(self.order)  # not in yet: added last
        if self.dataset.records.get(record.key) is record:
            added = self.order[record.key]
        return (record.role is Role.CITATION, record.keyed, self.rank(record), -added)

    def merge(self, record: PaperRecord, match: PaperRecord, reason: str) -> None:
        """Make ``record`` (being added, or already in) and ``match`` (in) one record."""
        records = self.dataset.records
        winner, loser = sorted((record, match), key=self.precedence, reverse=True)
        merged, refused = merge(winner, loser, links=self.rank(loser) >= self.rank(winner))
        added = -self.precedence(winner)[3]
        removed = [old for old in (match, record) if records.get(old.key) is old]
        for old in removed:  # a record being added is not in yet
            del records[old.key]
            self.order.pop(old.key, None)
            self.forget(old.key)
        records[merged.key] = merged
        self.order[merged.key] = added
        self.remember(merged.key, identities(merged))
        if any(loser is old for old in removed) and loser.key != merged.key:
            self.renamed[loser.key] = merged.key
        self.dataset.merges.append(Merge(merged.key, loser, reason))
        self.problem(
            record,
            NdifWarning.MERGED_DUPLICATE,
            f"this entry ({describe(record)}) is the paper {describe(match)} of "
            f"{place(match.origin)} ({reason}): listed once, as {merged.key!r}",
        )
        if refused and winner.role is Role.CITATION:
            self.problem(
                loser,
                NdifWarning.CITATION_KEPT,
                f"{describe(winner)} ({place(winner.origin)}) is a citation record and takes "
                f"nothing from this entry: not used: {'; '.join(refused)}",
            )
        elif refused:
            self.problem(
                loser,
                NdifWarning.LINK_NOT_TAKEN,
                f"not given to {describe(winner)} ({place(winner.origin)}), as "
                f"{_RANK_NAMES[self.rank(winner)]} outranks {_RANK_NAMES[self.rank(loser)]}: "
                f"{'; '.join(refused)} (add it there if it is right)",
            )

    def finish(self) -> None:
        """Merge the records that the data declares one paper (``ndif-sameas``)."""
        if not self.declared:
            return
        records = self.dataset.records
        titles: dict[str, str] = {}
        for key, record in records.items():
            titles.setdefault(plain_title(record.title), key)
        for merged in self.dataset.merges:  # a title merged away still names its paper
            titles.setdefault(plain_title(merged.absorbed.title), merged.kept)
        for declaring, name in self.declared:
            declarer = records.get(self.current(declaring))
            target = records.get(name) or records.get(self.current(name))
            if target is None:
                title_key = titles.get(plain_title(name))
                target = records.get(self.current(title_key)) if title_key else None
            if declarer is None:
                continue
            if target is None:
                self.problem(
                    declarer,
                    NdifWarning.UNKNOWN_SAME_AS,
                    f"ndif-sameas names {name!r}, which is neither a key nor a title in the "
                    "data; nothing merged",
                )
            elif target is not declarer:
                self.merge(declarer, target, f"declared the same paper as {name!r}")

    def current(self, key: str) -> str:
        """Where the record once keyed ``key`` is now, after the merges."""
        seen = set()
        while key in self.renamed and key not in seen:
            seen.add(key)
            key = self.renamed[key]
        return key

    def remember(self, key: str, own: list[str]) -> None:
        self.identities[key] = own
        for identity in own:
            self.owners.setdefault(identity, key)

    def forget(self, key: str) -> None:
        for identity in self.identities.pop(key, ()):
            if self.owners.get(identity) == key:
                del self.owners[identity]

    def problem(self, record: PaperRecord, subtype: NdifWarning, message: str) -> None:
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


def merge(
    winner: PaperRecord, loser: PaperRecord, *, links: bool = True
) -> tuple[PaperRecord, list[str]]:
    """One record from two of the same paper: the winner's fields, gaps filled; and what
    the loser has that was not taken (a citation record takes nothing; without ``links``,
    no link is taken)."""
    if winner.role is Role.CITATION:
        offered = _offered(winner, loser, _LINKS)
        if _offers(winner, loser, "summary"):
            offered.append("its summary")
        extra = [tag for tag in loser.tags if tag not in winner.tags]
        if extra:
            offered.append("tags " + ", ".join(extra))
        return winner, offered
    filled = {
        name: getattr(loser, name)
        for name in (*_FILLED, *(_LINKS if links else ()))
        if not getattr(winner, name) and getattr(loser, name)
    }
    refused = [] if links else _offered(winner, loser, _LINKS)
    if links and not winner.alt_url and loser.url and loser.url != winner.url:
        filled["alt_url"] = loser.url
    tags = tuple(dict.fromkeys((*winner.tags, *loser.tags)))
    return dataclasses.replace(winner, tags=tags, **filled), refused


def _offered(winner: PaperRecord, loser: PaperRecord, names: Sequence[str]) -> list[str]:
    """Each of ``names`` the loser would add, in words: "DOI 10.1/x", "project url ..."."""
    return [f"{_LINK_NAMES[n]} {getattr(loser, n)}" for n in names if _offers(winner, loser, n)]


def _offers(winner: PaperRecord, loser: PaperRecord, name: str) -> bool:
    """Whether the loser has a value for ``name`` that the winner does not show."""
    value = getattr(loser, name)
    if not value or value == getattr(winner, name):
        return False
    if name in ("url", "alt_url"):
        return value not in (winner.url, winner.alt_url)
    return True


def load_dataset(
    sources: Sequence[Path], vocabulary: Path = BUNDLED_VOCABULARY, *, check: bool = True
) -> Dataset:
    """Load the vocabulary and every source in order, then index the records.

    With ``check`` the data-quality checks run too (builds skip them unless
    ``ndif_check_data`` asks: they are never shown otherwise).
    """
    dataset = Dataset(files=(*sources, vocabulary))
    dataset.vocabulary, dataset.problems = load_vocabulary(vocabulary)
    builder = Merger(dataset)
    bundled = BUNDLED_BIB.resolve()
    for path in sources:
        result = load_source(path)
        dataset.problems.extend(result.problems)
        rank = SourceRank.CURATED if path.resolve() == bundled else result.rank
        builder.add_source(str(path), rank, result.records)
    builder.finish()
    if check:
        dataset.problems.extend(check_dataset(dataset.records.values(), dataset.merges))
    for record in dataset.records.values():
        if check:
            dataset.problems.extend(check_record(record, dataset.vocabulary))
        if record.role is not Role.PAPER:
            continue
        for tag in record.tags:
            dataset.by_tag.setdefault(tag, []).append(record.key)
        dataset.by_year.setdefault(record.year, []).append(record.key)
    return dataset
