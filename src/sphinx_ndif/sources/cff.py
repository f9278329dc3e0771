"""Load ``CITATION.cff``: how a software project asks to be cited.

The ``preferred-citation`` (often the paper describing the software) becomes a
citation record for ``ndif-citation``; without one, the software itself does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from sphinx_ndif.model import LoadResult, Origin, PaperRecord, Person, Problem, Role
from sphinx_ndif.sources.files import read_data_text
from sphinx_ndif.sources.keys import make_key
from sphinx_ndif.sources.links import arxiv_id, checked_url, url_and_doi
from sphinx_ndif.sources.values import scalar_text, year_in
from sphinx_ndif.text import normalise_tag, split_tags
from sphinx_ndif.warnings import NdifWarning

MAX_EXPANSION = 1_000_000
"""How much larger than the file itself YAML aliases may make it (in characters and
nodes, each alias counted every time it is used): 24 levels of aliases in 709 bytes
would otherwise become gigabytes when the value is turned into text."""


class _AliasTooLarge(yaml.YAMLError):
    pass


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing a document whose aliases expand it too far."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.budget = len(stream) + MAX_EXPANSION

    def construct_document(self, node: yaml.Node) -> Any:
        _check_expansion(node, self.budget)
        return super().construct_document(node)

    def scalar_or_text(self, node: yaml.Node) -> Any:
        """A date or integer YAML cannot build (``2024-13-45``, 5,000 digits) as its text."""
        assert isinstance(node, yaml.ScalarNode)
        try:
            constructor = _CONSTRUCTORS[node.tag]
            return constructor(self, node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)


_CONSTRUCTORS = {
    tag: yaml.SafeLoader.yaml_constructors[tag]
    for tag in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
}
for _tag in _CONSTRUCTORS:
    _BoundedLoader.add_constructor(_tag, _BoundedLoader.scalar_or_text)


def _check_expansion(root: yaml.Node, budget: int) -> None:
    """Walk the node graph as the data would be written out (an alias once per use),
    stopping as soon as it exceeds ``budget``: so a cycle or a bomb costs ``budget``."""
    stack: list[yaml.Node] = [root]
    size = 0
    while stack:
        node = stack.pop()
        size += 1
        if isinstance(node, yaml.ScalarNode):
            size += len(node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += (key, value)
        if size > budget:
            raise _AliasTooLarge(
                f"aliases expand the document past {MAX_EXPANSION:,} characters; not read"
            )


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
    read: list[Problem] = []
    result = parse_cff(read_data_text(path, read), str(path))
    result.problems[:0] = read
    return result


def parse_cff(text: str, source: str) -> LoadResult:
    """Parse CITATION.cff text named ``source`` (for messages) into one record."""
    try:
        data = yaml.load(text, Loader=_BoundedLoader)  # a SafeLoader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        return LoadResult.failed(
            Origin(source, line), NdifWarning.PARSE_ERROR, f"not valid YAML: {error}"
        )
    except (ValueError, OverflowError) as error:  # a bad date, a huge integer
        return LoadResult.failed(
            Origin(source, 1), NdifWarning.PARSE_ERROR, f"not valid YAML: {error}"
        )
    except RecursionError:
        return LoadResult.failed(
            Origin(source, 1), NdifWarning.PARSE_ERROR, "not read: nested too deeply"
        )
    if not isinstance(data, dict):
        return LoadResult.failed(
            Origin(source, 1), NdifWarning.PARSE_ERROR, "expected a CFF mapping"
        )
    try:
        return _read(data, text, source)
    except Exception as error:  # a last guard: never a traceback from data
        return LoadResult.failed(
            Origin(source, 1), NdifWarning.PARSE_ERROR, f"could not be read ({error!r})"
        )


def _read(data: dict[Any, Any], text: str, source: str) -> LoadResult:
    preferred = data.get("preferred-citation")
    work: dict[str, Any] = preferred if isinstance(preferred, dict) else data
    line = _line_of(text, "preferred-citation:") if work is preferred else 1
    result = LoadResult()
    origin = Origin(source, line)

    def bad(name: str, expected: str) -> None:
        result.problems.append(
            Problem(origin, NdifWarning.BAD_FIELD, f"{name!r} should be {expected}; ignored")
        )

    def listed(name: str) -> list[Any]:
        value = work.get(name) or data.get(name) or []
        if isinstance(value, list):
            return value
        bad(name, "a list")
        return []

    def field_text(mapping: dict[Any, Any], name: str) -> str:
        value = scalar_text(mapping.get(name))
        if value is None and mapping.get(name) is not None:
            bad(name, "text")
        return value or ""

    authors = tuple(_person(a) for a in listed("authors"))
    title = field_text(work, "title") or field_text(data, "title")
    year = _year(work)
    identifiers = work.get("identifiers") or []
    if not isinstance(identifiers, list):
        bad("identifiers", "a list")
        identifiers = []
    doi = field_text(work, "doi") or _identifier(identifiers, "doi") or None
    url, doi = url_and_doi(
        checked_url(
            field_text(work, "url") or field_text(work, "repository-code"),
            origin,
            "url",
            result.problems,
        ),
        doi,
    )
    if year is None:
        result.problems.append(
            Problem(origin, NdifWarning.MISSING_YEAR, "the citation has no year")
        )
    keywords = work.get("keywords") or data.get("keywords") or []
    if isinstance(keywords, str):
        tags = split_tags(keywords)
    else:
        tags = tuple(
            dict.fromkeys(normalise_tag(k) for k in map(scalar_text, listed("keywords")) if k)
        )
    result.records.append(
        PaperRecord(
            key=make_key(authors, year, title),
            entry_type=_TYPES.get(field_text(work, "type"), "software" if work is data else "misc"),
            title=title,
            authors=authors,
            year=year,
            venue=_venue(work),
            origin=origin,
            url=url,
            doi=doi,
            summary=field_text(work, "abstract"),
            tags=tags,
            role=Role.CITATION,
            arxiv_id=arxiv_id(url),
            keyed=False,
        )
    )
    return result


def _text(value: object) -> str:
    """A scalar as text; anything else (a list, a mapping) as nothing."""
    return scalar_text(value) or ""


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
        year = year_in(scalar_text(value) or "")
        if year is not None:
            return year
    return None


def _identifier(identifiers: list[Any], kind: str) -> str:
    for identifier in identifiers:
        if isinstance(identifier, dict) and identifier.get("type") == kind:
            return _text(identifier.get("value"))
    return ""


def _venue(work: dict[str, Any]) -> str:
    for name in ("journal", "collection-title"):
        if work.get(name):
            return _text(work[name])
    for name in ("conference", "publisher", "institution"):
        value = work.get(name)
        if isinstance(value, dict) and _text(value.get("name")):
            return _text(value["name"])
    return ""
