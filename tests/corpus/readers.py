"""Independent readers of our exports: pandoc for BibTeX -> CSL-JSON, bibutils for RIS.

Each reader's result and ours are reduced to the same comparable fields, text normalised
only where the two legitimately write the same thing differently (dash and apostrophe
forms, case for pandoc's English sentence case); every other difference is real.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any

from sphinx_ndif.export import csl_item, to_bibtex, to_ris
from sphinx_ndif.model import PaperRecord

CSL_FIELDS = ("title", "author", "editor", "issued", "container-title", "volume", "issue",
              "page", "DOI", "type", "publisher", "publisher-place", "edition", "ISBN", "ISSN",
              "number", "collection-title", "genre")  # fmt: skip
RIS_FIELDS = ("title", "authors", "editors", "year", "container", "volume", "issue", "pages",
              "publisher", "place", "edition", "isbn", "issn", "doi", "url", "type")  # fmt: skip
# Fields whose text comes from LaTeX: pandoc's own LaTeX reading (which drops the control
# words it does not know) is not what is checked here; the corpus test checks ours against
# pybtex + pylatexenc. Where the source holds a control word or math, the field is skipped.
_LATEX_SOURCES = {
    "title": ("title", "subtitle", "titleaddon"),
    "author": ("author",),
    "editor": ("editor",),
    "container-title": ("journal", "journaltitle", "booktitle", "maintitle"),
    "publisher": ("publisher", "school", "institution", "organization"),
    "collection-title": ("series",),
}
_NAME_PARTS = ("given", "non-dropping-particle", "dropping-particle", "family", "suffix",
               "literal")  # fmt: skip
_CONTROL_WORD = re.compile(r"\\[A-Za-z]|\$")
_MODS = "{http://www.loc.gov/mods/v3}"
# bibutils' genre for each RIS type it knows (MODS genre terms).
RIS_GENRES = {"JOUR": "journal article", "BOOK": "book", "CHAP": "book chapter",
              "CONF": "conference publication", "THES": "thesis", "RPRT": "technical report",
              "ELEC": "electronic", "PAT": "patent", "COMP": "software", "UNPB": "unpublished",
              "PAMP": "pamphlet", "PCOMM": "communication", "MPCT": "motion picture",
              "STAT": "legislation", "CASE": "legal case", "GEN": "", "ENCYC": "book",
              "SOUND": "sound recording", "MUSIC": "sound recording"}  # fmt: skip


def tool(name: str) -> str:
    """The path of a required program (CI installs Debian's pandoc and bibutils)."""
    path = shutil.which(name)
    if path is None:
        raise AssertionError(f"{name} is not installed (apt-get install pandoc bibutils)")
    return path


def text(value: object) -> str:
    """Text compared as a reader sees it: NFC, one kind of dash and apostrophe, one space."""
    string = unicodedata.normalize("NFC", str(value)).replace("\u0131\u0301", "\u00ed")
    string = string.replace(" :", ":")  # French spacing before a colon
    for typographic, plain in (("\u2013", "-"), ("\u2019", "'"), ("\u2018", "'")):
        string = string.replace(typographic, plain)
    return " ".join(string.split())


def _csl_value(name: str, value: Any) -> object:
    if value in (None, "", []):
        return None
    if name in ("author", "editor"):
        return tuple(text(" ".join(filter(None, map(person.get, _NAME_PARTS)))) for person in value)
    if name == "issued":
        return tuple(tuple(part) for part in value.get("date-parts", []))
    if name in ("title", "container-title", "collection-title", "genre"):
        return text(value).casefold()  # pandoc writes English titles (and genres) in lowercase
    if name == "DOI":
        return text(value).lower()
    return text(value)


def pandoc_differences(records: list[PaperRecord]) -> Iterable[tuple[str, str, object, object]]:
    """(key, field, ours, pandoc's) for every field where pandoc, reading our exported
    BibTeX, and our CSL-JSON disagree."""
    flavour = "biblatex" if any("date" in dict(record.fields) for record in records) else "bibtex"
    out = subprocess.run(
        [tool("pandoc"), "-f", flavour, "-t", "csljson"],
        input=to_bibtex(records, complete=False), capture_output=True, text=True, check=True,
    )  # fmt: skip
    theirs = {item["id"]: item for item in json.loads(out.stdout)}
    for record in records:
        ours = csl_item(record)
        item = theirs.get(record.key)
        if item is None:
            yield record.key, "record", record.key, None
            continue
        fields = dict(record.fields)
        for name in CSL_FIELDS:
            sources = _LATEX_SOURCES.get(name, ())
            if any(_CONTROL_WORD.search(fields.get(source, "")) for source in sources):
                continue
            mine, other = _csl_value(name, ours.get(name)), _csl_value(name, item.get(name))
            if mine != other:
                yield record.key, name, mine, other


def _all_text(node: ET.Element | None, path: str) -> list[str]:
    return [] if node is None else [text(n.text or "") for n in node.iterfind(path) if n.text]


def _names(node: ET.Element, role: str) -> tuple[str, ...]:
    out = []
    for name in node.iterfind(f"{_MODS}name"):
        if _all_text(name, f"{_MODS}role/{_MODS}roleTerm") != [role]:
            continue
        given = " ".join(_all_text(name, f"{_MODS}namePart[@type='given']")).replace(".", "")
        family = " ".join(_all_text(name, f"{_MODS}namePart[@type='family']")) or " ".join(
            _all_text(name, f"{_MODS}namePart")  # a one-word name ("Aristotle") has no type
        )
        out.append(f"{family}, {given}" if given else family)
    return tuple(out)


def _title(node: ET.Element | None) -> str:
    if node is None:
        return ""
    info = node.find(f"{_MODS}titleInfo")
    if info is None:
        return ""
    title = " ".join(_all_text(info, f"{_MODS}title"))
    subtitle = " ".join(_all_text(info, f"{_MODS}subTitle"))
    if not subtitle:
        return title
    # bibutils splits a title at its first ": " or "? " into title and subtitle
    return f"{title} {subtitle}" if title[-1:] in "?!.:" else f"{title}: {subtitle}"


def _mods_record(mods: ET.Element) -> dict[str, object]:
    """The fields bibutils read from one RIS record, wherever MODS put them."""
    host = mods.find(f"{_MODS}relatedItem[@type='host']")
    everywhere = [mods, *mods.iter(f"{_MODS}relatedItem")]

    def first(path: str) -> str:
        for node in everywhere:
            found = _all_text(node, path)
            if found:
                return found[0]
        return ""

    editors = _names(mods, "editor") + (_names(host, "editor") if host is not None else ())
    pages = (first(f"{_MODS}part/{_MODS}extent/{_MODS}start")
             or first(f"{_MODS}part/{_MODS}detail[@type='page']/{_MODS}number"),
             first(f"{_MODS}part/{_MODS}extent/{_MODS}end"))  # fmt: skip
    genres = [g for node in everywhere for g in _all_text(node, f"{_MODS}genre")]
    return {
        "title": _title(mods),
        "authors": _names(mods, "author"),
        "editors": editors,
        "year": first(f"{_MODS}originInfo/{_MODS}dateIssued")[:4]
        or first(f"{_MODS}part/{_MODS}date")[:4],
        "container": _title(host) if host is not None else "",
        "volume": first(f"{_MODS}part/{_MODS}detail[@type='volume']/{_MODS}number"),
        "issue": first(f"{_MODS}part/{_MODS}detail[@type='issue']/{_MODS}number")
        or first(f"{_MODS}part/{_MODS}detail[@type='number']/{_MODS}number"),
        "pages": "-".join(page for page in dict.fromkeys(pages) if page),
        "publisher": first(f"{_MODS}originInfo/{_MODS}publisher"),
        "place": first(f"{_MODS}originInfo/{_MODS}place/{_MODS}placeTerm"),
        "edition": first(f"{_MODS}originInfo/{_MODS}edition"),
        "isbn": first(f"{_MODS}identifier[@type='isbn']"),
        "issn": first(f"{_MODS}identifier[@type='issn']"),
        "doi": first(f"{_MODS}identifier[@type='doi']"),
        "url": first(f"{_MODS}location/{_MODS}url"),
        "genres": genres,
    }


def _ris_fields(ris: str) -> dict[str, dict[str, object]]:
    """Our RIS, record by record, reduced to the same fields."""
    records: dict[str, dict[str, object]] = {}
    for block in ris.split("ER  - "):
        tags: dict[str, list[str]] = {}
        for line in block.strip().splitlines():
            tags.setdefault(line[:2], []).append(text(line[6:]))
        if "ID" not in tags:
            continue

        def one(tag: str, tags: dict[str, list[str]] = tags) -> str:
            return tags.get(tag, [""])[0]

        pages = "-".join(page for page in dict.fromkeys((one("SP"), one("EP"))) if page)
        isbn_or_issn = one("SN")
        is_issn = bool(re.fullmatch(r"\d{4}-?\d{3}[\dXx]", isbn_or_issn))
        records[one("ID")] = {
            "title": one("TI"), "authors": _initials(tags.get("AU", [])),
            "editors": _initials(tags.get("ED", [])), "year": one("PY"),
            "container": one("T2") or one("T3"), "volume": one("VL"), "issue": one("IS"), "pages": pages,
            "publisher": one("PB"), "place": one("CY"), "edition": one("ET"),
            "isbn": "" if is_issn else isbn_or_issn, "issn": isbn_or_issn if is_issn else "",
            "doi": one("DO"), "url": one("UR"), "type": one("TY"),
        }  # fmt: skip
    return records


def _initials(names: list[str]) -> tuple[str, ...]:
    """Names as MODS holds them: bibutils writes initials without their periods."""
    out = []
    for name in names:
        family, _, given = name.partition(", ")
        out.append(f"{family}, {given.replace('.', '')}" if given else family)
    return tuple(out)


def bibutils_differences(
    records: list[PaperRecord],
) -> Iterable[tuple[str, str, object, object]]:
    """(key, field, ours, bibutils') for every field where bibutils' reading of our RIS
    (``ris2xml``) differs from what we wrote."""
    ris = to_ris(records)
    out = subprocess.run(
        [tool("ris2xml")], input=ris.encode(), capture_output=True, check=True
    )  # fmt: skip
    root = ET.fromstring(out.stdout.decode("utf-8-sig"))
    theirs = {mods.get("ID", ""): _mods_record(mods) for mods in root.iterfind(f"{_MODS}mods")}
    ours = _ris_fields(ris)
    if list(theirs) != list(ours):
        yield "*", "records", list(ours), list(theirs)
    for key, mine in ours.items():
        other = theirs.get(key)
        if other is None:
            continue
        for name in RIS_FIELDS:
            if name == "type":
                genre = RIS_GENRES.get(str(mine["type"]))
                if genre is None or (genre and genre not in other["genres"]):  # type: ignore[operator]
                    yield key, name, mine["type"], other["genres"]
                continue
            if name == "url" and mine["doi"] and str(mine["url"]).endswith(str(mine["doi"])):
                continue  # bibutils keeps a doi.org link as the DOI alone
            if (mine[name] or None) != (other[name] or None):
                yield key, name, mine[name], other[name]
