"""Records -> text formats: BibTeX (for readers, or complete for the dataset), CSL-JSON, RIS."""

from __future__ import annotations

import json
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
from sphinx_ndif.sources.links import is_web_link

PRIVATE_PREFIX = "ndif-"
# Fields that are ours (tags, summary) rather than the work's bibliographic record.
_NOT_FOR_READERS = frozenset({"keywords", "annotation"})


def _entry(entry_type: str, key: str, fields: list[tuple[str, str]]) -> str:
    """One BibTeX entry, well-formed whatever its parts hold (see :mod:`.bibtex_syntax`)."""
    written: dict[str, str] = {}
    for name, value in fields:  # each name once (the first): bibtexparser refuses a repeat
        if is_field_name(name) and name not in written:
            written[name] = bibtex_value(value)
    fields = list(written.items())
    width = max((len(name) for name, _ in fields), default=0)
    lines = [f"@{bibtex_type(entry_type)}{{{bibtex_key(key)},"]
    lines += [f"  {name.ljust(width)} = {{{value}}}," for name, value in fields]
    lines.append("}")
    return "\n".join(lines)


def _reader_fields(record: PaperRecord) -> list[tuple[str, str]]:
    """The bibliographic fields a reader copies: not ours, and no link that is not a web
    link (the loader left such a link out of the page; its text goes too)."""
    return [
        (name, value)
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
    "&": "\\&", "%": "\\%", "#": "\\#", "_": "\\_", "$": "\\$",
}  # fmt: skip
_LIGATURES = (("--", "-{}-"), ("``", "`{}`"), ("''", "'{}'"))


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


_CSL_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "book": "book",
    "incollection": "chapter",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "techreport": "report",
    "software": "software",
}


def csl_item(record: PaperRecord) -> dict[str, Any]:
    """One record as a CSL-JSON item."""
    item: dict[str, Any] = {"id": record.key, "type": _CSL_TYPES.get(record.entry_type, "article")}
    if record.title:
        item["title"] = record.title
    if record.authors:
        item["author"] = [_csl_name(person) for person in record.authors]
    if record.year is not None:
        item["issued"] = {"date-parts": [[record.year]]}
    if record.container or record.venue:
        item["container-title"] = record.container or record.venue
    if record.url:
        item["URL"] = record.url
    if record.doi:
        item["DOI"] = record.doi
    if record.summary:
        item["abstract"] = record.summary
    if record.tags:
        item["keyword"] = ", ".join(record.tags)
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


_RIS_TYPES = {"article": "JOUR", "inproceedings": "CPAPER", "book": "BOOK", "misc": "GEN"}


def to_ris(records: Iterable[PaperRecord]) -> str:
    """Records as RIS, the tagged format most reference managers import; every value on
    its one line (:func:`~sphinx_ndif.bibtex_syntax.ris_line`), so no data can end a
    record or start another."""
    written: list[str] = []
    for record in records:
        out: list[str] = []
        out.append(f"TY  - {_RIS_TYPES.get(record.entry_type, 'GEN')}")
        out.append(f"ID  - {record.key}")
        out.extend(f"AU  - {_ris_name(person)}" for person in record.authors)
        if record.title:
            out.append(f"TI  - {record.title}")
        if record.year is not None:
            out.append(f"PY  - {record.year}")
        if record.venue:
            out.append(f"T2  - {record.venue}")
        if record.doi:
            out.append(f"DO  - {record.doi}")
        if record.url:
            out.append(f"UR  - {record.url}")
        if record.summary:
            out.append(f"AB  - {record.summary}")
        out.extend(f"KW  - {tag}" for tag in record.tags)
        out.append("ER  - ")
        written += [line for line in map(ris_line, out[:-1]) if line] + [out[-1], ""]
    return "\n".join(written)


def _ris_name(person: Person) -> str:
    family = " ".join(part for part in (person.von, person.family) if part)
    return ", ".join(part for part in (family, person.given, person.suffix) if part)


def to_bibtex(records: Iterable[PaperRecord], *, complete: bool = True) -> str:
    """Entries for a file: keys made unique after :func:`bibtex_key` reduced them."""
    write = dataset_bibtex if complete else reader_bibtex
    return "\n\n".join(write(record) for record in unique_keys(records)) + "\n"
