"""Load the JSON formats: NDIF's pipeline list and CSL-JSON, told apart by their keys.

JSON parsers keep no positions, so :func:`element_lines` finds the line where each
element of the top-level array starts: every message can then name its line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sphinx_ndif.model import LoadResult, Origin, PaperRecord, Person, Problem, SourceRank
from sphinx_ndif.sources.files import read_data_text
from sphinx_ndif.sources.keys import make_key
from sphinx_ndif.sources.links import (
    arxiv_id,
    checked_image,
    checked_url,
    doi_from_url,
    url_and_doi,
)
from sphinx_ndif.sources.names import InvalidNameError, parse_person
from sphinx_ndif.sources.values import json_int, scalar_text, year_in, year_value
from sphinx_ndif.text import split_names, split_tags
from sphinx_ndif.warnings import NdifWarning

CATEGORY_TAGS = {
    "uses_nnsight": "uses-nnsight",
    "uses_ndif": "uses-ndif",
    "referencing": "references-ndif",
}
_PIPELINE_KEYS = frozenset({"authors", "description", "category", "venue"})
_CSL_KEYS = frozenset({"id", "type", "issued", "author", "container-title", "URL", "DOI"})
# Characters a BibTeX key (and a :keys: comma list) cannot hold.
_KEY_BREAKERS = re.compile(r"[\s,{}()\"#%'=\\~]+")
_ELLIPSES = ("…", "...")
# "Jane Doe. John Smith": a full stop after a word of two or more letters, where a
# comma belongs. Initials ("J. Doe") are left alone.
_STRAY_FULL_STOP = re.compile(r"(?<=[^\W\d_]{2})\.\s+(?=[^\W\d_])")
# A separator starts where a run of spaces starts (the lookbehinds) and takes the spaces
# possessively: tried from inside a long run of spaces, it took quadratic time.
_AUTHOR_SEPARATOR = re.compile(r"(?<!\s)\s*+[;,&]\s*+|(?<!\s)\s++and\s++")
_CSL_TYPES = {
    "article-journal": "article",
    "paper-conference": "inproceedings",
    "chapter": "incollection",
    "thesis": "phdthesis",
    "report": "techreport",
    "book": "book",
    "software": "software",
}


def element_lines(text: str) -> list[int]:
    """The 1-based line where each element of the top-level JSON array starts."""
    lines: list[int] = []
    line = 1
    depth = 0
    in_string = escaped = False
    expecting = False  # at depth 1, after "[" or ",": the next token starts an element
    for char in text:
        if char == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char.isspace():
            continue
        if depth == 1 and expecting and char not in ",]":
            lines.append(line)
            expecting = False
        if char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            expecting = depth == 1
        elif char in "]}":
            depth -= 1
        elif char == "," and depth == 1:
            expecting = True
    return lines


def load_json(path: Path) -> LoadResult:
    """Read a pipeline or CSL-JSON file; the format is chosen by the elements' keys."""
    source = str(path)
    read: list[Problem] = []
    text = read_data_text(path, read)
    try:
        data = json.loads(text, parse_int=json_int)
    except json.JSONDecodeError as error:
        origin = Origin(source, error.lineno)
        return LoadResult.failed(origin, NdifWarning.PARSE_ERROR, f"not valid JSON: {error.msg}")
    except RecursionError:
        return LoadResult.failed(
            Origin(source, 1),
            NdifWarning.PARSE_ERROR,
            "not read: arrays or objects nested too deeply",
        )
    top_is_list = isinstance(data, list)
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    if not isinstance(data, list):
        origin = Origin(source, 1)
        return LoadResult.failed(origin, NdifWarning.PARSE_ERROR, "expected a JSON array of papers")
    # Positions are known for a top-level array; {"items": [...]} gets none.
    lines = element_lines(text) if top_is_list else []
    lines += [0] * (len(data) - len(lines))
    objects = [item for item in data if isinstance(item, dict)]
    keys = set().union(*(item.keys() for item in objects)) if objects else set()
    is_csl = bool(keys & _CSL_KEYS) and not keys >= {"authors", "category"}
    reader = _CslReader(source) if is_csl else _PipelineReader(source)
    if not is_csl:  # a program's output, unreviewed: its links rank below a person's
        reader.result.rank = SourceRank.GENERATED
    for item, line in zip(data, lines, strict=True):
        if not isinstance(item, dict):
            reader.problem(line, NdifWarning.PARSE_ERROR, "element is not an object; skipped")
            continue
        try:
            record = reader.record(item, line)
        except Exception as error:  # a last guard: never a traceback, and the rest loads
            reader.problem(
                line, NdifWarning.PARSE_ERROR, f"element could not be read ({error!r}); skipped"
            )
            continue
        if record is not None:
            reader.result.records.append(record)
    if reader.result.records:  # no entries: that is the one error to give
        reader.result.problems[:0] = read
    return reader.result


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.result = LoadResult()

    def problem(self, line: int, subtype: NdifWarning, message: str) -> None:
        self.result.problems.append(Problem(Origin(self.source, line), subtype, message))

    def text(self, item: dict[str, Any], name: str, line: int) -> str:
        value = item.get(name)
        if value is None:
            return ""
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = value[0] if value else ""
        text = scalar_text(value)
        if text is None:
            self.problem(line, NdifWarning.BAD_FIELD, f"{name!r} should be text; ignored")
            return ""
        return text

    def person(self, name: str, line: int) -> Person:
        try:
            return parse_person(name)
        except InvalidNameError as error:
            self.problem(line, NdifWarning.BAD_NAME, f"author {name!r}: {error}")
            return Person(family=name)

    def record(self, item: dict[str, Any], line: int) -> PaperRecord | None:
        raise NotImplementedError


class _PipelineReader(_Reader):
    """NDIF's pipeline JSON: one object per paper, no keys, free-text authors and venue."""

    def record(self, item: dict[str, Any], line: int) -> PaperRecord | None:
        origin = Origin(self.source, line)
        title = self.text(item, "title", line)
        if not title:
            self.problem(line, NdifWarning.MISSING_TITLE, "paper without a title; skipped")
            return None
        year = self.year(item.get("year"), line)
        url = checked_url(self.text(item, "url", line), origin, "url", self.result.problems)
        category = self.text(item, "category", line)
        tags: tuple[str, ...] = ()
        if category in CATEGORY_TAGS:
            tags = (CATEGORY_TAGS[category],)
        elif category:
            self.problem(
                line,
                NdifWarning.BAD_CATEGORY,
                f"category {category!r} is not one of {', '.join(CATEGORY_TAGS)}",
            )
        summary = self.text(item, "description", line)
        if not summary:
            self.problem(line, NdifWarning.EMPTY_SUMMARY, f"{title!r} has an empty description")
        authors = self.authors(self.text(item, "authors", line), line)
        return PaperRecord(
            key=make_key(authors, year, title),
            entry_type="misc",
            title=title,
            authors=authors,
            year=year,
            venue=self.text(item, "venue", line),
            origin=origin,
            url=url,
            project_url=checked_url(
                self.text(item, "project_url", line), origin, "project_url", self.result.problems
            ),
            summary=summary,
            tags=tags,
            doi=doi_from_url(url),
            arxiv_id=arxiv_id(url),
            image=checked_image(
                self.text(item, "image", line), origin, "image", self.result.problems
            ),
            keyed=False,
            same_as=self.same_as(item.get("same_as"), line),
        )

    def same_as(self, value: object, line: int) -> tuple[str, ...]:
        """``same_as``: a key or title, or a list of them, naming this same paper elsewhere."""
        if value is None:
            return ()
        if isinstance(value, str):
            return split_names(value)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(dict.fromkeys(" ".join(v.split()) for v in value if v.strip()))
        self.problem(
            line, NdifWarning.BAD_FIELD, "'same_as' should be text or a list of texts; ignored"
        )
        return ()

    def year(self, value: object, line: int) -> int | None:
        year = year_value(value)
        if year is not None:
            return year
        if value is None or (type(value) in (int, str) and value in (0, "", "0")):
            self.problem(line, NdifWarning.MISSING_YEAR, "year is unknown (0 or missing)")
        else:
            self.problem(line, NdifWarning.BAD_YEAR, f"year {value!r} is not a year")
        return None

    def authors(self, text: str, line: int) -> tuple[Person, ...]:
        stripped = text.rstrip()
        if stripped.endswith(_ELLIPSES):
            self.problem(line, NdifWarning.TRUNCATED_AUTHORS, "the author list is cut short (…)")
            text = stripped.removesuffix("…").removesuffix("...").rstrip()
        if _STRAY_FULL_STOP.search(text):
            self.problem(line, NdifWarning.AUTHOR_SEPARATOR, "a full stop separates two authors")
            text = _STRAY_FULL_STOP.sub(", ", text)
        names = [name for name in _AUTHOR_SEPARATOR.split(text) if name.strip(" .")]
        return tuple(self.person(name.strip(), line) for name in names)


class _CslReader(_Reader):
    """CSL-JSON, the exchange format of reference managers (Zotero, Mendeley...)."""

    def record(self, item: dict[str, Any], line: int) -> PaperRecord | None:
        origin = Origin(self.source, line)
        title = self.text(item, "title", line)
        if not title:  # as in pipeline JSON: nothing to list it by
            self.problem(line, NdifWarning.MISSING_TITLE, "item without a title; skipped")
            return None
        names = item.get("author") or []
        if not isinstance(names, list):
            self.problem(line, NdifWarning.BAD_FIELD, "'author' should be a list of names; ignored")
            names = []
        authors = tuple(self.name(name, line) for name in names if name)
        year = self.year(item.get("issued"), line)
        key = _KEY_BREAKERS.sub("-", self.text(item, "id", line)).strip("-")
        url, doi = url_and_doi(
            checked_url(self.text(item, "URL", line), origin, "URL", self.result.problems),
            self.text(item, "DOI", line) or None,
        )
        return PaperRecord(
            key=key or make_key(authors, year, title),
            entry_type=_CSL_TYPES.get(self.text(item, "type", line), "misc"),
            title=title,
            authors=authors,
            year=year,
            venue=self.text(item, "container-title", line) or self.text(item, "publisher", line),
            origin=origin,
            url=url,
            doi=doi,
            summary=self.text(item, "abstract", line),
            tags=split_tags(self.text(item, "keyword", line)),
            arxiv_id=arxiv_id(url),
            keyed=bool(key),
        )

    def name(self, name: object, line: int) -> Person:
        if not isinstance(name, dict):
            self.problem(line, NdifWarning.BAD_NAME, f"author {name!r} is not a CSL name object")
            return Person(family=scalar_text(name) or "")

        def part(key: str) -> str:
            text = scalar_text(name.get(key))
            if text is None and name.get(key) is not None:
                self.problem(line, NdifWarning.BAD_FIELD, f"author {key!r} should be text; ignored")
            return text or ""

        if "literal" in name:
            return Person(family=part("literal"))
        particle = " ".join(
            filter(None, (part("dropping-particle"), part("non-dropping-particle")))
        )
        return Person(
            given=part("given"), von=particle, family=part("family"), suffix=part("suffix")
        )

    def year(self, issued: object, line: int) -> int | None:
        if isinstance(issued, dict):
            parts = issued.get("date-parts")
            if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
                year = year_value(parts[0][0])
                if year is not None:
                    return year
                self.problem(line, NdifWarning.BAD_YEAR, f"issued {parts[0][0]!r} is not a year")
                return None
            for raw in (issued.get("raw"), issued.get("literal")):
                year = year_in(scalar_text(raw) or "")
                if year is not None:
                    return year
        self.problem(line, NdifWarning.MISSING_YEAR, "the item has no issued year")
        return None
