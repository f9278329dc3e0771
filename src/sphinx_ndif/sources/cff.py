"""Load ``CITATION.cff``: how a software project asks to be cited.

The ``preferred-citation`` (often the paper describing the software) becomes a
citation record for ``ndif-citation``; without one, the software itself does.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from sphinx_ndif.model import LoadResult, Origin, PaperRecord, Person, Problem, Role
from sphinx_ndif.sources.keys import make_key
from sphinx_ndif.sources.links import arxiv_id, checked_url, url_and_doi
from sphinx_ndif.text import normalise_tag

_TYPES = {
    "article": "article",
    "conference-paper": "inproceedings",
    "conference": "inproceedings",
    "proceedings": "inproceedings",
    "book": "book",
    "report": "techreport",
    "thesis": "phdthesis",
    "software": "software",
    "software-code": "software",
}


def load_cff(path: Path) -> LoadResult:
    """Read a CITATION.cff file into one citation record."""
    source = str(path)
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        return LoadResult.failed(Origin(source, line), "parse-error", f"not valid YAML: {error}")
    if not isinstance(data, dict):
        return LoadResult.failed(Origin(source, 1), "parse-error", "expected a CFF mapping")
    preferred = data.get("preferred-citation")
    work: dict[str, Any] = preferred if isinstance(preferred, dict) else data
    line = _line_of(text, "preferred-citation:") if work is preferred else 1
    result = LoadResult()
    origin = Origin(source, line)
    authors = tuple(_person(a) for a in work.get("authors") or data.get("authors") or [])
    title = _text(work.get("title")) or _text(data.get("title"))
    year = _year(work)
    doi = _text(work.get("doi")) or _identifier(work, "doi") or None
    url, doi = url_and_doi(
        checked_url(
            _text(work.get("url")) or _text(work.get("repository-code")),
            origin,
            "url",
            result.problems,
        ),
        doi,
    )
    if year is None:
        result.problems.append(
            Problem(origin, "missing-year", "the citation has no year", quality=True)
        )
    keywords = work.get("keywords") or data.get("keywords") or []
    result.records.append(
        PaperRecord(
            key=make_key(authors, year, title),
            entry_type=_TYPES.get(_text(work.get("type")), "software" if work is data else "misc"),
            title=title,
            authors=authors,
            year=year,
            venue=_venue(work),
            origin=origin,
            url=url,
            doi=doi,
            summary=_text(work.get("abstract")),
            tags=tuple(normalise_tag(str(k)) for k in keywords if str(k).strip()),
            role=Role.CITATION,
            arxiv_id=arxiv_id(url),
            keyed=False,
        )
    )
    return result


def _text(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _line_of(text: str, marker: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(marker):
            return number
    return 1


def _person(author: object) -> Person:
    if not isinstance(author, dict):
        return Person(family=_text(author))
    if "name" in author and "family-names" not in author:
        return Person(family=_text(author["name"]))  # an entity: a team or institution
    return Person(
        given=_text(author.get("given-names")),
        von=_text(author.get("name-particle")),
        family=_text(author.get("family-names")),
        suffix=_text(author.get("name-suffix")),
    )


def _year(work: dict[str, Any]) -> int | None:
    for value in (work.get("year"), work.get("date-published"), work.get("date-released")):
        match = re.search(r"\b\d{4}\b", str(value or ""))
        if match:
            return int(match.group(0))
    return None


def _identifier(work: dict[str, Any], kind: str) -> str:
    for identifier in work.get("identifiers") or []:
        if isinstance(identifier, dict) and identifier.get("type") == kind:
            return _text(identifier.get("value"))
    return ""


def _venue(work: dict[str, Any]) -> str:
    for name in ("journal", "collection-title"):
        if work.get(name):
            return _text(work[name])
    for name in ("conference", "publisher", "institution"):
        value = work.get(name)
        if isinstance(value, dict) and value.get("name"):
            return _text(value["name"])
    return ""
