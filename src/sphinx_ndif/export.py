"""Records -> text formats: BibTeX (for readers, or complete for the dataset), CSL-JSON, RIS."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from sphinx_ndif.bibtex_syntax import (
    bibtex_key,
    bibtex_type,
    bibtex_value,
    is_field_name,
    ris_line,
    unique_keys,
)
from sphinx_ndif.model import PaperRecord, Person, Role
from sphinx_ndif.sources.latex import LatexDecoder
from sphinx_ndif.sources.links import is_web_link, normalise_doi
from sphinx_ndif.work_details import WorkDetails, work_details

PRIVATE_PREFIX = "ndif-"
# Fields that are ours (tags, summary) rather than the work's bibliographic record.
_NOT_FOR_READERS = frozenset({"keywords", "annotation"})


# BibTeX's month macros: written bare (month = oct), as every reader of BibTeX expects
# (pandoc reads no month written out in braces).
_MONTH_MACROS = {
    spelling: month[:3]
    for month in ("january", "february", "march", "april", "may", "june", "july", "august",
                  "september", "october", "november", "december")
    for spelling in (month, month[:3])
}  # fmt: skip


def _value(name: str, value: str) -> str:
    macro = _MONTH_MACROS.get(value.strip().lower()) if name == "month" else None
    return macro or "{" + bibtex_value(value) + "}"


def _entry(entry_type: str, key: str, fields: list[tuple[str, str]]) -> str:
    """One BibTeX entry, well-formed whatever its parts hold (see :mod:`.bibtex_syntax`)."""
    written: dict[str, str] = {}
    for name, value in fields:  # each name once (the first): bibtexparser refuses a repeat
        if is_field_name(name) and name not in written:
            written[name] = _value(name, value)
    fields = list(written.items())
    width = max((len(name) for name, _ in fields), default=0)
    lines = [f"@{bibtex_type(entry_type)}{{{bibtex_key(key)},"]
    lines += [f"  {name.ljust(width)} = {value}," for name, value in fields]
    lines.append("}")
    return "\n".join(lines)


def _reader_fields(record: PaperRecord) -> list[tuple[str, str]]:
    """The bibliographic fields a reader copies: not ours, and no link that is not a web
    link (the loader left such a link out of the page; its text goes too)."""
    return [
        (name, (normalise_doi(value) or value) if name == "doi" else value)
        for name, value in (record.fields or _made_fields(record))
        if not name.startswith(PRIVATE_PREFIX)
        and name not in _NOT_FOR_READERS
        and (name != "url" or is_web_link(value))
    ]


def reader_bibtex(record: PaperRecord) -> str:
    """The entry as a reader copies it: the bibliographic fields only."""
    return _entry(record.entry_type, record.key, _reader_fields(record))


_BIBLATEX_FIELDS = {
    "journal": "journaltitle",
    "archiveprefix": "eprinttype",
    "primaryclass": "eprintclass",
    "address": "location",
    "school": "institution",
}
_BIBLATEX_TYPES = {"phdthesis": "thesis", "mastersthesis": "thesis", "techreport": "report"}


def reader_biblatex(record: PaperRecord) -> str:
    """The entry in BibLaTeX's field names (``journaltitle``, ``date``, ``eprinttype``...)."""
    fields: list[tuple[str, str]] = []
    for name, value in _reader_fields(record):
        if name == "month":
            continue
        if name == "year":
            fields.append(("date", value))
        else:
            fields.append((_BIBLATEX_FIELDS.get(name, name), value))
    entry_type = _BIBLATEX_TYPES.get(record.entry_type, record.entry_type)
    if record.entry_type in ("phdthesis", "mastersthesis"):
        fields.append(("type", record.entry_type))
    return _entry(entry_type, record.key, fields)


def dataset_bibtex(record: PaperRecord) -> str:
    """The entry with every field sphinx-ndif reads, so loading it gives the same record."""
    return _entry(record.entry_type, record.key, list(record.fields or _made_fields(record)))


_ESCAPES = {
    "\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "~": "\\textasciitilde{}",
    "&": "\\&", "%": "\\%", "#": "\\#", "_": "\\_", "$": "\\$", "`": "\\textasciigrave{}",
}  # fmt: skip
_LIGATURES = (("--", "-{}-"), ("''", "'{}'"))


def _escape(text: str) -> str:
    """Display text -> a BibTeX value that decodes back to the same text."""
    out = "".join(_ESCAPES.get(char, char) for char in text)
    for ligature, broken in _LIGATURES:
        while ligature in out:
            out = out.replace(ligature, broken)
    return out


def _made_fields(record: PaperRecord) -> list[tuple[str, str]]:
    """BibTeX fields for a record that did not come from BibTeX."""
    fields: list[tuple[str, str]] = []
    if record.authors:
        fields.append(("author", " and ".join(_bibtex_name(p) for p in record.authors)))
    if record.title:
        fields.append(("title", "{" + _escape(record.title) + "}"))
    if record.venue:
        container = {"article": "journal", "inproceedings": "booktitle"}.get(record.entry_type)
        fields.append((container or "howpublished", _escape(record.venue)))
    if record.year is not None:
        fields.append(("year", str(record.year)))
    if record.doi:
        fields.append(("doi", record.doi))
    if record.arxiv_id:
        fields += [("eprint", record.arxiv_id), ("archiveprefix", "arXiv")]
    for name, value in (
        ("url", record.url),
        ("ndif-venue", _escape(record.venue) if record.venue else None),
        ("ndif-alturl", record.alt_url),
        ("ndif-projecturl", record.project_url),
        ("ndif-image", record.image),
        ("ndif-role", record.role.value if record.role is not Role.PAPER else None),
        ("ndif-intro", _escape(record.intro) if record.intro else None),
        ("ndif-note", _escape(record.note) if record.note else None),
        ("ndif-sameas", "; ".join(map(_escape, record.same_as)) if record.same_as else None),
        ("keywords", ", ".join(record.tags) if record.tags else None),
        ("annotation", _escape(record.summary) if record.summary else None),
    ):
        if value:
            fields.append((name, value))
    return fields


def _bibtex_name(person: Person) -> str:
    family = " ".join(part for part in (person.von, _escape(person.family)) if part)
    if "," in person.family or " " in person.family:
        family = "{" + family + "}" if not person.von else family
    parts = [family]
    if person.suffix:
        parts.append(_escape(person.suffix))
    if person.given:
        parts.append(_escape(person.given))
    return ", ".join(parts)


def csl_item(record: PaperRecord, decode: LatexDecoder | None = None) -> dict[str, Any]:
    """One record as a CSL-JSON item, with every detail a reference manager keeps."""
    work = work_details(record, decode)
    item: dict[str, Any] = {"id": record.key, "type": work.csl_type}
    if record.title:
        item["title"] = record.title
    for role, people in (
        ("author", work.authors), ("editor", work.editors), ("translator", work.translators)
    ):  # fmt: skip
        if people:
            item[role] = [_csl_name(person) for person in people]
    if work.date:
        parts = [list(work.date)]
        if record.year_end:
            parts.append([record.year_end])
        item["issued"] = {"date-parts": parts}
    for key, value in (
        ("container-title", work.container), ("collection-title", work.series),
        ("volume", work.volume), ("number-of-volumes", work.volumes), ("issue", work.issue),
        ("collection-number" if work.series else "number", work.number), ("page", work.pages),
        ("publisher", work.publisher), ("publisher-place", work.place),
        ("edition", work.edition), ("genre", work.genre), ("ISBN", work.isbn),
        ("ISSN", work.issn), ("URL", record.url), ("DOI", record.doi),
        ("abstract", record.summary), ("keyword", ", ".join(work.keywords)),
    ):  # fmt: skip
        if value:
            item[key] = value
    return item


def _csl_name(person: Person) -> dict[str, str]:
    name = {"family": person.family, "given": person.given}
    if person.von:
        name["non-dropping-particle"] = person.von
    if person.suffix:
        name["suffix"] = person.suffix
    return {key: value for key, value in name.items() if value}


def to_csl_json(records: Iterable[PaperRecord]) -> str:
    return json.dumps([csl_item(record) for record in records], ensure_ascii=False, indent=2) + "\n"


_PAGE_RANGE = re.compile(r"^\s*([^\s,;\u2013-]+)\s*(?:-+|\u2013)\s*([^\s,;\u2013-]+)\s*$")


def _page_range(pages: str) -> tuple[str, str]:
    """A single range as its first and last page; anything else ("1-5, 9") whole."""
    match = _PAGE_RANGE.match(pages)
    return (match.group(1), match.group(2)) if match else (pages.strip(), "")


_RIS_LEGACY_CONTAINER = {"JOUR": "JF", "CHAP": "BT", "CPAPER": "BT"}


def to_ris(records: Iterable[PaperRecord]) -> str:
    """Records as RIS (2011 tags), the tagged format most reference managers import;
    every value on its one line (:func:`~sphinx_ndif.bibtex_syntax.ris_line`), so no
    data can end a record or start another."""
    decode = LatexDecoder()
    out: list[str] = []
    for record in records:
        *lines, end, blank = _ris_record(record, work_details(record, decode))
        out += [line for line in map(ris_line, lines) if line] + [end, blank]
    return "\n".join(out)


def _ris_record(record: PaperRecord, work: WorkDetails) -> list[str]:
    lines = [f"TY  - {work.ris_type}", f"ID  - {record.key}"]
    lines += [f"AU  - {_ris_name(person)}" for person in work.authors]
    lines += [f"ED  - {_ris_name(person)}" for person in work.editors]
    lines += [f"A4  - {_ris_name(person)}" for person in work.translators]
    tags: list[tuple[str, str | None]] = [("TI", record.title)]
    if work.date:
        tags.append(("PY", str(work.date[0])))
        date = "/".join(f"{part:02d}" for part in work.date)
        tags.append(("DA", date + "/" * (4 - len(work.date))))  # YYYY/MM/DD/other
    # T2 is the container in the 2011 spec; JF and BT are the older journal and book
    # title tags, which readers such as bibutils still expect.
    tags += [("T2", work.container), (_RIS_LEGACY_CONTAINER.get(work.ris_type, ""), work.container)]
    first, last = _page_range(work.pages)
    tags += [
        ("T3", work.series), ("VL", work.volume), ("IS", work.issue or work.number),
        ("SP", first.strip()), ("EP", last.strip()), ("PB", work.publisher), ("CY", work.place),
        ("ET", work.edition), ("M3", work.genre), ("SN", work.isbn or work.issn),
        ("DO", record.doi), ("UR", record.url), ("AB", record.summary),
    ]  # fmt: skip
    lines += [f"{tag}  - {' '.join(value.split())}" for tag, value in tags if tag and value]
    lines += [f"KW  - {keyword}" for keyword in work.keywords]
    return [*lines, "ER  - ", ""]


def _ris_name(person: Person) -> str:
    family = " ".join(part for part in (person.von, person.family) if part)
    return ", ".join(part for part in (family, person.given, person.suffix) if part)


def to_bibtex(records: Iterable[PaperRecord], *, complete: bool = True) -> str:
    """Entries for a file: keys made unique after :func:`bibtex_key` reduced them."""
    write = dataset_bibtex if complete else reader_bibtex
    return "\n\n".join(write(record) for record in unique_keys(records)) + "\n"
