"""What the exports say about a work beyond its title, authors and year.

Reference managers want a record whole: volume, issue, pages, publisher and place,
edition, editors and translators, ISBN and ISSN, the series, and the right type. These
come from the record's BibTeX fields (decoded to text here, on export, so that loading
a large bibliography pays nothing for fields only downloads use); a record from another
source has what its loader put in the record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sphinx_ndif.model import PaperRecord, Person
from sphinx_ndif.sources.latex import LatexDecoder
from sphinx_ndif.sources.names import split_name_list

# Every BibTeX and biblatex entry type -> (CSL type, RIS type). The CSL types are those
# pandoc gives (citeproc's BibTeX reader) where it gives one; RIS follows the 2011 spec.
TYPES: dict[str, tuple[str, str]] = {
    "article": ("article-journal", "JOUR"),
    "suppperiodical": ("article-journal", "JOUR"),
    "periodical": ("periodical", "JFULL"),
    "book": ("book", "BOOK"),
    "mvbook": ("book", "BOOK"),
    "bookinbook": ("chapter", "CHAP"),
    "suppbook": ("chapter", "CHAP"),
    "inbook": ("chapter", "CHAP"),
    "collection": ("book", "EDBOOK"),
    "mvcollection": ("book", "EDBOOK"),
    "incollection": ("chapter", "CHAP"),
    "suppcollection": ("chapter", "CHAP"),
    "reference": ("book", "ENCYC"),
    "mvreference": ("book", "ENCYC"),
    "inreference": ("entry-encyclopedia", "ENCYC"),
    "proceedings": ("book", "CONF"),
    "mvproceedings": ("book", "CONF"),
    "inproceedings": ("paper-conference", "CPAPER"),
    "conference": ("paper-conference", "CPAPER"),
    "booklet": ("pamphlet", "PAMP"),
    "manual": ("book", "BOOK"),
    "thesis": ("thesis", "THES"),
    "phdthesis": ("thesis", "THES"),
    "mastersthesis": ("thesis", "THES"),
    "report": ("report", "RPRT"),
    "techreport": ("report", "RPRT"),
    "unpublished": ("manuscript", "UNPB"),
    "online": ("webpage", "ELEC"),
    "electronic": ("webpage", "ELEC"),
    "www": ("webpage", "ELEC"),
    "patent": ("patent", "PAT"),
    "dataset": ("dataset", "DATA"),
    "software": ("software", "COMP"),
    "standard": ("standard", "STAND"),
    "artwork": ("graphic", "ART"),
    "image": ("graphic", "FIGURE"),
    "audio": ("song", "SOUND"),
    "music": ("song", "MUSIC"),
    "movie": ("motion_picture", "MPCT"),
    "video": ("motion_picture", "VIDEO"),
    "performance": ("speech", "GEN"),
    "letter": ("personal_communication", "PCOMM"),
    "review": ("review", "JOUR"),
    "jurisdiction": ("legal_case", "CASE"),
    "legislation": ("legislation", "STAT"),
    "legal": ("treaty", "LEGAL"),
    "commentary": ("book", "BOOK"),
    "misc": ("document", "GEN"),
}
_GENERIC = ("document", "GEN")
_THESIS_GENRES = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}
# A thesis's biblatex ``type`` written as a key ("phdthesis") reads as its genre.
# biblatex's localisation keys, as its English strings print them.
_TYPE_KEYS = {"phdthesis": "PhD thesis", "mathesis": "Master's thesis",
              "mastersthesis": "Master's thesis", "candthesis": "Candidate thesis",
              "techreport": "Technical report", "resreport": "Research report",
              "software": "Computer software", "datacd": "CD-ROM", "audiocd": "Audio CD",
              "patent": "Patent", "patentde": "German patent", "patenteu": "European patent",
              "patentfr": "French patent", "patentuk": "British patent",
              "patentus": "U.S. patent", "patreq": "Patent request",
              "patreqde": "German patent request", "patreqeu": "European patent request",
              "patreqfr": "French patent request", "patrequk": "British patent request",
              "patrequs": "U.S. patent request"}  # fmt: skip
_SERIES_KEYS = {"newseries": "New series", "oldseries": "Old series"}
# Types that are part of a larger work: only they have a container (a @collection's
# booktitle is its own title, and a book's venue is its publisher).
_CONTAINED = frozenset({"article-journal", "chapter", "paper-conference", "entry-encyclopedia",
                        "review", "document", "speech"})  # fmt: skip
_MONTHS = {
    name: number
    for number, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")),
        start=1,
    )
    for name in names
}  # fmt: skip
_DATE = re.compile(r"^\s*(\d{4})(?:-(\d\d)(?:-(\d\d))?)?")
_KEYWORD_SEPARATOR = re.compile(r"[,;]")  # the spaces around are stripped: linear
_BIBLATEX_FIELDS = frozenset({"date", "location", "journaltitle", "maintitle", "subtitle"})


@dataclass(frozen=True, slots=True)
class WorkDetails:
    """A record's bibliographic details, as display text, for the exports."""

    csl_type: str
    ris_type: str
    authors: tuple[Person, ...]
    editors: tuple[Person, ...]
    translators: tuple[Person, ...]
    container: str = ""
    """The journal, or the book or proceedings that hold the work; never its publisher."""
    volume_title: str = ""
    """The volume that holds the work, when the container is a multi-volume work."""
    series: str = ""
    volume: str = ""
    volumes: str = ""
    issue: str = ""
    """The journal issue (``number`` of an article)."""
    number: str = ""
    """A report's, patent's or standard's number; a series number, with a series."""
    pages: str = ""
    publisher: str = ""
    place: str = ""
    edition: str = ""
    isbn: str = ""
    issn: str = ""
    genre: str = ""
    date: tuple[int, ...] = ()
    """Year, and month and day where known."""
    keywords: tuple[str, ...] = field(default=())


def work_details(record: PaperRecord, decode: LatexDecoder | None = None) -> WorkDetails:
    """The details of one record (``decode`` may be shared across a batch, for its cache)."""
    decode = decode or LatexDecoder()
    fields: dict[str, str] = {}
    for name, value in record.fields:
        fields.setdefault(name, value)

    def text(*names: str) -> str:
        for name in names:
            value = fields.get(name, "")
            if value.strip():
                return decode(value)
        return ""

    entry_type = record.entry_type
    csl_type, ris_type = TYPES.get(entry_type, _GENERIC)
    if ris_type == "EDBOOK" and not record.edited:
        ris_type = "BOOK"
    series = _series(text("series"))
    contained = csl_type in _CONTAINED
    container = _container(record, fields)
    maintitle = text("maintitle")
    # biblatex's publisher and location are lists ("Durham and London"); BibTeX's are text.
    is_biblatex = not _BIBLATEX_FIELDS.isdisjoint(fields)

    def listed(*names: str) -> str:
        """A biblatex literal list ("Durham and London") joined as CSL joins it."""
        raw = next((fields[name] for name in names if fields.get(name, "").strip()), "")
        if not is_biblatex or not raw:
            return decode(raw) if raw else ""
        return "; ".join(decode(part) for part in split_name_list(raw))

    number = text("number", "issue")
    is_article = csl_type in ("article-journal", "periodical", "review")
    genre = text("type")
    genre = _TYPE_KEYS.get(genre.lower().replace(" ", ""), genre)
    return WorkDetails(
        csl_type=csl_type,
        ris_type=ris_type,
        authors=() if record.edited else record.authors,
        editors=record.editors,
        translators=record.translators,
        container=(maintitle if contained and maintitle else container) if contained else "",
        volume_title=container if contained and maintitle else "",
        series=series,
        volume=".".join(part for part in (text("volume"), text("part")) if part),
        volumes=text("volumes"),
        issue=number if is_article else text("issue"),
        number="" if is_article else text("number"),
        pages=text("pages"),
        publisher=listed("publisher", "school", "institution", "organization")
        or _how_published(text("howpublished")),
        place=listed("location", "address"),
        edition=text("edition"),
        isbn=text("isbn"),
        issn=text("issn"),
        genre=genre or _THESIS_GENRES.get(entry_type, ""),
        date=_date(record, fields),
        keywords=_keywords(record, text("keywords")),
    )


def _how_published(text: str) -> str:
    """``howpublished`` as a publisher, as pandoc and reference managers read it (a
    booklet's "Prepared for the Space Telescope Institute"), unless it is only a link."""
    return "" if text.lower().startswith(("http://", "https://", "www.")) else text


def _container(record: PaperRecord, fields: dict[str, str]) -> str:
    """The work that holds this one: from the BibTeX container fields only (a book's
    venue is its publisher); for other sources, their venue (a journal or conference)."""
    if record.container:
        return record.container
    if not fields or "ndif-venue" in fields or record.venue == "arXiv":
        return record.venue
    return ""


def _series(series: str) -> str:
    """A series as biblatex prints it: its keys spelled out, a number as "3rd series"."""
    if series.isdigit():
        number = int(series)
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        if 10 <= number % 100 <= 20:
            suffix = "th"
        return f"{number}{suffix} series"
    return _SERIES_KEYS.get(series, series)


def _date(record: PaperRecord, fields: dict[str, str]) -> tuple[int, ...]:
    if record.year is None:
        return ()
    match = _DATE.match(fields.get("date", "").strip("{} "))
    if match and int(match.group(1)) == record.year:
        return tuple(int(part) for part in match.groups() if part)
    month = _MONTHS.get(fields.get("month", "").strip("{} .").lower())
    if month is None and fields.get("month", "").strip("{} ").isdigit():
        month = int(fields["month"].strip("{} "))
    return (record.year, month) if month and 1 <= month <= 12 else (record.year,)


def _keywords(record: PaperRecord, keywords: str) -> tuple[str, ...]:
    """The keywords as the source wrote them (the tags are their normalised form)."""
    if not keywords:
        return record.tags
    return tuple(word.strip() for word in _KEYWORD_SEPARATOR.split(keywords) if word.strip())
