"""Load BibTeX/BibLaTeX files into :class:`~sphinx_ndif.model.PaperRecord` values.

Parsing is bibtexparser's; this module maps its entries to records, keeps going past
broken entries (each becomes a located :class:`~sphinx_ndif.model.Problem`) and
decodes LaTeX for display.

Fields private to sphinx-ndif are prefixed ``ndif-`` (``ndif-venue``, ``ndif-alturl``,
``ndif-projecturl``, ``ndif-role``, ``ndif-intro``, ``ndif-note``). The summary is
BibLaTeX's ``annotation`` (the field meant for annotated bibliographies), else
``abstract``; tags are the standard ``keywords``.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from bibtexparser.entrypoint import parse_string
from bibtexparser.library import Library
from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    Field,
    ParsingFailedBlock,
    String,
)

from sphinx_ndif.model import LoadResult, Origin, PaperRecord, Person, Problem, Role
from sphinx_ndif.sources.latex import LatexDecoder
from sphinx_ndif.sources.links import checked_url
from sphinx_ndif.text import normalise_tag

PRIVATE_PREFIX = "ndif-"
# Fields that are ours (tags, summary) rather than the work's bibliographic record:
# left out of the BibTeX a reader copies.
_NOT_EXPORTED = frozenset({"keywords", "annotation"})
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# English, as BibTeX's own macros are (calendar.month_name would follow the locale).
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_YEAR = re.compile(r"^\s*\{?\s*(\d{4})\s*\}?\s*$")
_ARXIV = frozenset({"arxiv"})


def load_bibtex(path: Path) -> LoadResult:
    """Read one .bib file: every parseable entry becomes a record, every fault a problem."""
    text = path.read_text(encoding="utf-8-sig")
    return parse_bibtex(text, str(path))


def parse_bibtex(text: str, source: str) -> LoadResult:
    """Parse BibTeX text named ``source`` (for messages) into records and problems."""
    with _quiet(logging.getLogger("bibtexparser")):
        library = parse_string(text, library=_month_strings())
    macros = {string.key.lower(): string.value for string in library.strings}
    result = LoadResult()
    decode = LatexDecoder()
    entries: list[Entry] = []
    for block in library.blocks:
        if isinstance(block, Entry):
            entries.append(block)
        elif isinstance(block, ParsingFailedBlock):
            entry = _recover(block, source, macros, result.problems)
            if entry is not None:
                entries.append(entry)
    entries.sort(key=lambda entry: entry.start_line or 0)
    for entry in entries:
        result.records.append(_record(entry, source, decode, result.problems))
    return result


@contextlib.contextmanager
def _quiet(logger: logging.Logger) -> Iterator[None]:
    """Silence bibtexparser's own log lines: every fault is reported once, by us, located."""
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _month_strings() -> Library:
    """A library holding the standard month macros, so ``month = jan`` resolves."""
    library = Library()
    library.add(
        [String(key, name) for key, name in zip(_MONTHS, _MONTH_NAMES, strict=True)],
        fail_on_duplicate_key=False,
    )
    return library


def _line(block_line: int | None) -> int:
    return (block_line or 0) + 1


def _recover(
    block: ParsingFailedBlock, source: str, macros: dict[str, str], problems: list[Problem]
) -> Entry | None:
    """Turn a failed block into a problem, and into an entry where the data survives."""
    origin = Origin(source, _line(block.start_line))
    if isinstance(block, DuplicateFieldKeyBlock):
        entry = block.ignore_error_block
        assert isinstance(entry, Entry)
        seen: dict[str, Field] = {}
        for field in entry.fields:
            # bibtexparser's middlewares skipped this block: unwrap and resolve here.
            field.value = _unwrap(_value(field), macros)
            name = field.key.lower()
            if name in seen:
                problems.append(
                    Problem(
                        Origin(source, _line(field.start_line)),
                        "duplicate-field",
                        f"entry {entry.key!r} repeats field {name!r} "
                        f"(first at line {_line(seen[name].start_line)}); the first value is kept",
                    )
                )
            else:
                seen[name] = field
        entry.fields = list(seen.values())
        return entry
    if isinstance(block, DuplicateBlockKeyBlock):
        previous = block.previous_block
        duplicate = block.ignore_error_block
        if isinstance(duplicate, Entry):
            for field in duplicate.fields:
                field.value = _unwrap(_value(field), macros)
            problems.append(
                Problem(
                    origin,
                    "duplicate-key",
                    f"key {block.key!r} is defined again (first at {source}:"
                    f"{_line(previous.start_line)}); the later entry wins",
                )
            )
            return duplicate
        return None  # a repeated @string: bibtexparser already resolved with the first
    problems.append(
        Problem(
            origin,
            "parse-error",
            f"entry could not be parsed and is skipped: {_first_line(block.error)}",
        )
    )
    return None


def _unwrap(value: str, macros: dict[str, str]) -> str:
    """A raw field value as the parse stack would leave it: enclosing removed, macro resolved."""
    if len(value) >= 2 and (value[0], value[-1]) in (("{", "}"), ('"', '"')):
        return value[1:-1]
    return macros.get(value.strip().lower(), value)


def _first_line(error: Exception) -> str:
    reason = getattr(error, "abort_reason", None)
    text = str(reason if reason else error).strip() or type(error).__name__
    return text.splitlines()[0]


def _record(
    entry: Entry, source: str, decode: LatexDecoder, problems: list[Problem]
) -> PaperRecord:
    origin = Origin(source, _line(entry.start_line))
    raw = {field.key.lower(): _value(field) for field in entry.fields}

    def text(name: str) -> str:
        value = raw.get(name, "")
        return decode(value) if value else ""

    eprint = text("eprint")
    is_arxiv = text("archiveprefix").lower() in _ARXIV or text("eprinttype").lower() in _ARXIV
    url = checked_url(raw.get("url", ""), origin, "url", problems)
    doi = text("doi") or None
    if url is None and doi:
        url = f"https://doi.org/{doi}"
    if url is None and eprint and is_arxiv:
        url = f"https://arxiv.org/abs/{eprint}"
    return PaperRecord(
        key=entry.key,
        entry_type=entry.entry_type.lower(),
        title=text("title"),
        authors=_people(raw.get("author", "") or raw.get("editor", ""), decode, origin, problems),
        year=_year(raw.get("year", ""), origin, problems),
        venue=_venue(text, eprint, is_arxiv),
        origin=origin,
        url=url,
        alt_url=checked_url(raw.get("ndif-alturl", ""), origin, "ndif-alturl", problems),
        project_url=checked_url(
            raw.get("ndif-projecturl", ""), origin, "ndif-projecturl", problems
        ),
        doi=doi,
        summary=text("annotation") or text("abstract"),
        tags=_tags(raw.get("keywords", "")),
        role=_role(text("ndif-role"), origin, problems),
        intro=text("ndif-intro"),
        note=text("ndif-note"),
        bibtex=_export(entry),
    )


def _value(field: Field) -> str:
    value = field.value
    return value if isinstance(value, str) else str(value)


def _people(
    value: str, decode: LatexDecoder, origin: Origin, problems: list[Problem]
) -> tuple[Person, ...]:
    people: list[Person] = []
    for name in split_multiple_persons_names(value) if value.strip() else []:
        try:
            parts = parse_single_name_into_parts(name, strict=True)
        except InvalidNameError as error:
            problems.append(Problem(origin, "bad-name", f"author {name!r}: {error}"))
            people.append(Person(family=decode(name)))
            continue
        people.append(
            Person(
                given=decode(" ".join(parts.first)),
                von=decode(" ".join(parts.von)),
                family=decode(" ".join(parts.last)),
                suffix=decode(" ".join(parts.jr)),
            )
        )
    return tuple(people)


def _year(value: str, origin: Origin, problems: list[Problem]) -> int | None:
    if not value.strip():
        return None
    match = _YEAR.match(value)
    if match is None:
        problems.append(Problem(origin, "bad-year", f"year {value!r} is not a four-digit year"))
        return None
    return int(match.group(1))


def _venue(text: Callable[[str], str], eprint: str, is_arxiv: bool) -> str:
    """The display venue: ours if given, else the first bibliographic venue field."""
    for name in ("ndif-venue", "journal", "booktitle", "howpublished", "school", "institution"):
        value = text(name)
        if value:
            return value
    return "arXiv" if eprint and is_arxiv else text("publisher")


def _tags(value: str) -> tuple[str, ...]:
    """Split ``keywords`` (comma or semicolon separated) into kebab-case tags."""
    tags: list[str] = []
    for part in re.split(r"[,;]", value):
        tag = normalise_tag(part)
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def _role(value: str, origin: Origin, problems: list[Problem]) -> Role:
    if not value:
        return Role.PAPER
    try:
        return Role(value.lower())
    except ValueError:
        known = ", ".join(role.value for role in Role)
        problems.append(Problem(origin, "bad-role", f"ndif-role {value!r} is not one of: {known}"))
        return Role.PAPER


def _export(entry: Entry) -> str:
    """The entry as BibTeX for readers to copy, without sphinx-ndif's own fields."""
    fields = [
        (field.key, _value(field))
        for field in entry.fields
        if not field.key.lower().startswith(PRIVATE_PREFIX)
        and field.key.lower() not in _NOT_EXPORTED
    ]
    width = max((len(name) for name, _ in fields), default=0)
    lines = [f"@{entry.entry_type}{{{entry.key},"]
    lines += [f"  {name.ljust(width)} = {{{value}}}," for name, value in fields]
    lines.append("}")
    return "\n".join(lines)
