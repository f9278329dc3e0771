"""The values that flow through sphinx-ndif: people, papers, tags and problems.

Everything here is immutable and does no I/O, so records can be cached with the
dataset, shared between directives and pickled into parallel workers.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

from sphinx_ndif.text import fold
from sphinx_ndif.warnings import NdifWarning

# A year written in a venue ("ICLR 2026", "NeurIPS2024", "Proceedings of the 2025 ...").
YEAR_IN_VENUE = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a value came from: a file and a 1-based line (0 when unknown)."""

    path: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True, slots=True)
class Person:
    """A structured name, split the way BibTeX splits it."""

    given: str = ""
    von: str = ""
    family: str = ""
    suffix: str = ""

    @property
    def display(self) -> str:
        """The name as a reader writes it: "Given von Family, Suffix"."""
        name = " ".join(part for part in (self.given, self.von, self.family) if part)
        return f"{name}, {self.suffix}" if self.suffix else name


class Role(enum.StrEnum):
    """What a record is in the dataset."""

    PAPER = "paper"
    """Research that uses NNsight or NDIF: listed by ``ndif-papers``."""
    CITATION = "citation"
    """A record to cite (the NNsight and NDIF paper): listed only when named."""


@dataclass(frozen=True, slots=True)
class PaperRecord:
    """One bibliography entry, decoded for display, with where it came from."""

    key: str
    entry_type: str
    title: str
    authors: tuple[Person, ...]
    year: int | None
    venue: str
    origin: Origin
    url: str | None = None
    alt_url: str | None = None
    project_url: str | None = None
    doi: str | None = None
    summary: str = ""
    tags: tuple[str, ...] = ()
    role: Role = Role.PAPER
    intro: str = ""
    note: str = ""
    arxiv_id: str | None = None
    image: str | None = None
    fields: tuple[tuple[str, str], ...] = ()
    """The source's BibTeX fields as written (macros resolved), for BibTeX export."""
    keyed: bool = True
    """False when the source has no keys and the key was made up from the record."""
    container: str = ""
    """The full journal or proceedings name, where it differs from the display venue."""
    same_as: tuple[str, ...] = ()
    """Keys or titles of other records the data says are this same paper (``ndif-sameas``)."""
    other_urls: tuple[str, ...] = ()
    """Further links to the work (a ``url`` field that lists several), after ``url``."""
    editors: tuple[Person, ...] = ()
    translators: tuple[Person, ...] = ()
    edited: bool = False
    """The work has editors and no authors: ``authors`` holds the editors."""
    year_end: int | None = None
    """The last year of a date range (``date = {1984/1986}``), after ``year``."""

    @property
    def year_text(self) -> str:
        """The year as shown: "1984", a range "1984-1986" (with an en dash), or empty."""
        if self.year is None:
            return ""
        return f"{self.year}\u2013{self.year_end}" if self.year_end else str(self.year)

    @property
    def venue_with_year(self) -> str:
        """The venue followed by the year, unless the venue names a year itself: then the
        venue as written ("ICLR 2026" with year 2025 stays "ICLR 2026")."""
        year = self.year_text
        if not self.venue:
            return year
        if not year or YEAR_IN_VENUE.search(self.venue):
            return self.venue
        return f"{self.venue} {year}"


@dataclass(frozen=True, slots=True)
class Tag:
    """One entry of the tag vocabulary."""

    name: str
    label: str
    kind: str
    description: str
    match: tuple[str, ...] = ()
    """Phrases whose presence in a title or summary suggests this tag (``sphinx-ndif merge``)."""


class SourceRank(enum.IntEnum):
    """How far a source's links are trusted when two records of one paper merge: a record
    never takes a link from a source ranked below its own."""

    GENERATED = 1
    """Written by a program without review: NDIF's pipeline JSON."""
    BIBLIOGRAPHY = 2
    """Kept by people or their reference managers: BibTeX, CSL-JSON, CITATION.cff."""
    CURATED = 3
    """The bundled dataset, reviewed entry by entry."""


class Level(enum.StrEnum):
    """How bad a problem is."""

    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with the input, located, with a subtype users can silence."""

    origin: Origin
    subtype: NdifWarning
    message: str
    level: Level = Level.WARNING

    def __post_init__(self) -> None:
        # The register's text is accepted too ("parse-error"), an unregistered one is not.
        object.__setattr__(self, "subtype", NdifWarning.named(self.subtype))

    @property
    def quality(self) -> bool:
        """A data-quality finding (``sphinx-ndif check``), not a fault that breaks data:
        a property of its subtype, so the register says which problems builds hide."""
        return self.subtype.quality


@dataclass(frozen=True, slots=True)
class SearchText:
    """A record's text folded once (case and accents) so filters compare cheaply."""

    authors: tuple[str, ...]
    venue: str

    @classmethod
    def of(cls, record: PaperRecord) -> SearchText:
        return cls(
            authors=tuple(fold(person.display) for person in record.authors),
            venue=fold(record.venue),
        )


@dataclass(slots=True)
class LoadResult:
    """What a source loader produced: records in file order, and the problems met."""

    records: list[PaperRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rank: SourceRank = SourceRank.BIBLIOGRAPHY
    cleaned: bool = False
    """Every text of ``records`` is known to hold no control character (the loader
    cleaned its input, see :func:`~sphinx_ndif.sources.clean.clean_file_text`), so
    loading skips cleaning them one by one."""

    @classmethod
    def failed(cls, origin: Origin, subtype: NdifWarning, message: str) -> LoadResult:
        """A file that could not be read at all: no records, one located error."""
        return cls(problems=[Problem(origin, subtype, message, Level.ERROR)])
