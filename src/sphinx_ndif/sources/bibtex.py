"""Load BibTeX/BibLaTeX files into :class:`~sphinx_ndif.model.PaperRecord` values.

bibtexparser splits the file into blocks; everything after that is done here, in
one pass over the fields this extension reads, because bibtexparser's middleware
stack visits every field of every entry (and copies them) and would cost more
than the parse itself on a large bibliography. This module keeps going past broken
entries (each becomes a located :class:`~sphinx_ndif.model.Problem`), resolves
``@string`` macros, month macros and ``#`` concatenation, applies ``crossref``,
and decodes LaTeX for display.

Fields private to sphinx-ndif are prefixed ``ndif-`` (``ndif-venue``, ``ndif-alturl``,
``ndif-projecturl``, ``ndif-image``, ``ndif-role``, ``ndif-intro``, ``ndif-note``,
``ndif-sameas``). The summary is
BibLaTeX's ``annotation`` (the field meant for annotated bibliographies), else
``abstract``; tags are the standard ``keywords``.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from bibtexparser.entrypoint import parse_string
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    Field,
    ParsingFailedBlock,
    String,
)

from sphinx_ndif.model import Level, LoadResult, Origin, PaperRecord, Person, Problem, Role
from sphinx_ndif.sources.bibtex_text import BlockLines, EntryRereader, cut_short
from sphinx_ndif.sources.clean import clean_file_text
from sphinx_ndif.sources.files import read_data_text
from sphinx_ndif.sources.latex import LatexDecoder
from sphinx_ndif.sources.links import (
    arxiv_id,
    arxiv_link,
    checked_image,
    checked_url,
    link_from_latex,
    split_links,
    url_and_doi,
)
from sphinx_ndif.sources.names import InvalidNameError, parse_person, split_name_list
from sphinx_ndif.text import split_names, split_tags
from sphinx_ndif.warnings import NdifWarning

_MONTHS = {
    "jan": "January",
    "feb": "February",
    "mar": "March",
    "apr": "April",
    "may": "May",
    "jun": "June",
    "jul": "July",
    "aug": "August",
    "sep": "September",
    "oct": "October",
    "nov": "November",
    "dec": "December",
}  # fmt: skip  (English, as BibTeX's own macros; calendar.month_name follows the locale)
MAX_EXPANDED = 1_000_000
"""The longest value (in characters) that ``@string`` macros and ``#`` may build: 32
levels of ``@string{s1 = s0 # s0}`` would turn 829 bytes into 32 GiB. A value written
out in full is bounded by the file itself and never cut."""
# ASCII digits only (int() fails on some Unicode digits); braces too: year = {{1998}}
_YEAR = re.compile(r"^[\s{]*([0-9]{4})[\s}]*$", re.ASCII)
_ARXIV = frozenset({"arxiv"})
# The parent's fields a crossref child never inherits.
_NOT_INHERITED = frozenset(
    {"title", "subtitle", "titleaddon", "crossref", "ids", "keywords", "annotation", "abstract",
     "xdata", "entryset", "shorttitle", "sorttitle", "indextitle", "label", "shorthand"}
)  # fmt: skip
_COMMENTARY = re.compile(r"(@\s*)commentary(?=\s*[{(])", re.IGNORECASE)
# biblatex entries that hold data for others, never a work of their own.
_NOT_LISTED = frozenset({"set", "xdata"})
# biblatex's multi-volume types: a child's crossref to one names its main title.
_MULTI_VOLUME = frozenset({"mvbook", "mvcollection", "mvproceedings", "mvreference"})
_LEADING_YEAR = re.compile(r"\A\s*+([0-9]{4})(?![0-9])", re.ASCII)
# A date range: "1984/1986" (biblatex), "1984--1986" or "1984-1986" (BibTeX years).
_YEAR_RANGE = re.compile(
    r"^[\s{]*([0-9]{4})(?:-[0-9][0-9](?:-[0-9][0-9])?)?\s*(?:/|--?|\u2013)\s*([0-9]{4})?", re.ASCII
)


def join_title(title: str, subtitle: str = "", addon: str = "") -> str:
    """A title with biblatex's ``subtitle`` after a colon and ``titleaddon`` after a
    period, where the preceding part does not already end in punctuation."""
    for part, punctuation in ((subtitle, ":"), (addon, ".")):
        if part and title:
            title += " " if title[-1] in ".:;!?" else punctuation + " "
        title += part
    return title


def load_bibtex(path: Path) -> LoadResult:
    """Read one .bib file: every parseable entry becomes a record, every fault a problem."""
    read: list[Problem] = []
    result = parse_bibtex(read_data_text(path, read, bibtex=True), str(path))
    if result.records:  # a file with no entries: that is the one error to give
        result.problems[:0] = read
    return result


def parse_bibtex(text: str, source: str) -> LoadResult:
    """Parse BibTeX text named ``source`` (for messages) into records and problems.

    The text is cleaned of control characters first (one pass over the file, where
    cleaning every record took a tenth of the load), so the records come back cleaned.
    """
    text = clean_file_text(text)
    if _COMMENTARY.search(text):  # bibtexparser reads "@commentary{" as "@comment"
        text = _COMMENTARY.sub(r"\1ndifcommentary", text)
    with _quiet(logging.getLogger("bibtexparser")):
        library = parse_string(text, parse_stack=[])
    result = LoadResult(cleaned=True)
    reader = _Reader(source, result.problems, BlockLines(text, library.blocks), EntryRereader(text))
    entries: list[Entry] = []
    for block in library.blocks:
        if isinstance(block, String):
            reader.define(block)
        elif isinstance(block, Entry):
            entries.append(block)
        elif isinstance(block, ParsingFailedBlock):
            entry = reader.recover(block)
            if entry is not None:
                entries.append(entry)
    entries.sort(key=reader.lines.line)
    values = _read_values(entries, reader, result.problems)
    completed = _Completed(reader, values)
    for entry, fields in values:
        try:
            fields = completed.fields(entry, fields)
            if entry.entry_type.lower() not in _NOT_LISTED:
                result.records.append(reader.record(entry, fields))
        except Exception as error:  # a last guard: never a traceback, and the rest loads
            reader.problem(
                reader.lines.line(entry),
                NdifWarning.PARSE_ERROR,
                f"entry {entry.key!r} could not be read ({error!r}); skipped",
            )
    return result


class _Completed:
    """Each entry's fields with what it inherits (``xdata``, then ``crossref``), a parent
    completed before its children: biblatex follows a chain of crossrefs (a chapter of a
    volume of a multi-volume book takes the book's author), up to :data:`DEEPEST_CHAIN`."""

    def __init__(self, reader: _Reader, values: list[tuple[Entry, dict[str, str]]]) -> None:
        self.reader = reader
        self.entries = {entry.key.lower(): (entry, fields) for entry, fields in values}
        self.by_key = {key: fields for key, (_, fields) in self.entries.items()}
        self.types = {key: entry.entry_type.lower() for key, (entry, _) in self.entries.items()}
        self.done: dict[int, dict[str, str]] = {}  # by id(entry): a key may be repeated

    def fields(self, entry: Entry, fields: dict[str, str], depth: int = 0) -> dict[str, str]:
        done = self.done.get(id(entry))
        if done is not None:
            return done
        self.done[id(entry)] = fields  # while completing: a cycle back here takes it as it is
        if "xdata" in fields:
            fields = self.reader.with_xdata(entry, fields, self.by_key)
        if "crossref" in fields:
            parent = self.entries.get(fields["crossref"].strip().lower())
            if parent is not None and depth < DEEPEST_CHAIN:
                self.by_key[parent[0].key.lower()] = self.fields(*parent, depth + 1)
            fields = self.reader.inherit(entry, fields, self.by_key, self.types)
        self.done[id(entry)] = fields
        key = entry.key.lower()
        if self.entries[key][0] is entry:  # of a repeated key, the later entry is the parent
            self.by_key[key] = fields
        return fields


DEEPEST_CHAIN = 20
"""Crossrefs followed from one entry (a longer chain is broken or built to exhaust us)."""


def _read_values(
    entries: list[Entry], reader: _Reader, problems: list[Problem]
) -> list[tuple[Entry, dict[str, str]]]:
    """Every entry's fields, resolved; an entry bibtexparser cut short (see
    :mod:`~sphinx_ndif.sources.bibtex_text`) is read again, and what bibtexparser made
    of the rest of its text (comments, bogus entries, their problems) is dropped."""
    values: list[tuple[Entry, dict[str, str]]] = []
    covered = reader.covered
    for entry in entries:
        line = reader.lines.line(entry)
        if covered and any(first < line <= last for first, last in covered):
            continue
        reported = len(problems)
        fields = reader.values(entry)
        if reader.cut_short:
            again = reader.rereader.read(entry, line)
            if again is not None:
                entry, last_line = again  # an entry of our own, with true lines
                del problems[reported:]
                fields = reader.values(entry)
                covered.append((line, last_line + 1))
        values.append((entry, fields))
    if covered:
        problems[:] = [
            problem
            for problem in problems
            if not any(first < problem.origin.line <= last for first, last in covered)
        ]
    return values


@contextlib.contextmanager
def _quiet(logger: logging.Logger) -> Iterator[None]:
    """Silence bibtexparser's own log lines: every fault is reported once, by us, located."""
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _first_line(error: Exception) -> str:
    reason = getattr(error, "abort_reason", None)
    text = str(reason if reason else error).strip() or type(error).__name__
    return text.splitlines()[0]


_DELIMITERS = re.compile(r'[{}"#]')


def _split_concatenation(value: str) -> list[str] | None:
    """Split ``a # {b} # "c"`` at its top-level ``#``; ``None`` if braces don't balance."""
    parts: list[str] = []
    depth = 0
    quoted = False
    start = 0
    for match in _DELIMITERS.finditer(value):  # jump between delimiters, not characters
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return None
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(value[start : match.start()].strip())
            start = match.end()
    parts.append(value[start:].strip())
    return parts if depth == 0 and not quoted else None


_BRACES = re.compile(r"[{}]")
# What _enclosed() accepts between the delimiters, for groups nested up to three deep
# (deeper ones take its loop): matched in C, where a Python loop over every brace of
# every value took a tenth of parsing a large file. A property test holds them equal.
_GROUP = r"\{(?:[^{}]++|\{(?:[^{}]++|\{[^{}]*+\})*+\})*+\}"
_IN_BRACES = re.compile(rf"(?:[^{{}}]++|{_GROUP})*+")
_IN_QUOTES = re.compile(rf'(?:[^{{}}"]++|{_GROUP})*+')  # a quote only inside a group
_QUOTE_OR_BRACE = re.compile(r'[{}"]')


def _enclosed(value: str, opening: str, closing: str) -> bool:
    """Whether the first character's pair is closed by the last (``{a} # {b}`` is not)."""
    if len(value) < 2 or value[0] != opening or value[-1] != closing:
        return False
    inner = value[1:-1]
    if opening == '"':  # a quote inside braces ({"}) does not end the value
        depth = 0
        for match in _QUOTE_OR_BRACE.finditer(inner):
            char = match.group()
            if char == '"' and depth == 0:
                return False
            depth += 1 if char == "{" else -1 if char == "}" else 0
        return depth == 0
    if "{" not in inner and "}" not in inner:
        return True
    depth = 0
    for match in _BRACES.finditer(inner):
        depth += 1 if match.group() == "{" else -1
        if depth < 0:
            return False  # the opening brace closed before the end
    return depth == 0


class _Reader:
    """Turns one file's blocks into records, remembering its macros and problems."""

    def __init__(
        self, source: str, problems: list[Problem], lines: BlockLines, rereader: EntryRereader
    ) -> None:
        self.source = source
        self.lines = lines
        self.rereader = rereader
        self.covered: list[tuple[int, int]] = []
        """(first, last) 1-based lines of the entries read again: what bibtexparser made
        of the text after the first line is not data."""
        self.problems = problems
        self.macros = dict(_MONTHS)
        self.decode = LatexDecoder()
        self.people: dict[str, Person] = {}
        self.cut_short = False

    def problem(self, line: int, subtype: NdifWarning, message: str) -> None:
        self.problems.append(Problem(Origin(self.source, line), subtype, message))

    def define(self, block: String) -> None:
        value = block.value if isinstance(block.value, str) else str(block.value)
        self.macros[block.key.lower()] = self.resolve(value, lambda: self.lines.line(block))

    def resolve(self, value: str, line: Callable[[], int]) -> str:
        """A raw field value -> its text: enclosing removed, macros and ``#`` resolved.
        ``line`` says where the value is, asked only for a problem (finding a field's
        line costs a search of its entry's text)."""
        if "#" not in value:
            if value[:1] == "{" and value[-1:] == "}" and _enclosed(value, "{", "}"):
                return value[1:-1]
            if value[:1] == '"' and _enclosed(value, '"', '"'):
                return value[1:-1]
            parts = [value.strip()]
        else:
            split = _split_concatenation(value)
            if split is None:
                return value
            parts = split
        out: list[str] = []
        length = 0
        limit = max(MAX_EXPANDED, len(value))
        for part in parts:
            if _enclosed(part, "{", "}") or _enclosed(part, '"', '"'):
                text = part[1:-1]
            elif part.isdigit() or not part:
                text = part
            elif part.lower() in self.macros:
                text = self.macros[part.lower()]
            else:
                self.problem(
                    line(),
                    NdifWarning.UNKNOWN_MACRO,
                    f"@string {part!r} is not defined; kept as text",
                )
                text = part
            length += len(text)
            if length > limit:  # checked before joining: the cost stays bounded
                self.problems.append(
                    Problem(
                        Origin(self.source, line()),
                        NdifWarning.TOO_LONG,
                        f"@string macros expand this value past {MAX_EXPANDED:,} characters; "
                        "it is left empty",
                        Level.ERROR,
                    )
                )
                return ""
            out.append(text)
        return "".join(out)

    def values(self, entry: Entry) -> dict[str, str]:
        """Every field of an entry, resolved; the first of a repeated field wins.
        :attr:`cut_short` says whether bibtexparser ended one of them early."""
        self.cut_short = False
        values: dict[str, str] = {}
        macros = self.macros
        for field in entry.fields:
            name = field.key.lower()
            if name in values:
                continue
            value = field.value if isinstance(field.value, str) else str(field.value)
            # Most values are {text}, "text", a number or one macro: answer those here,
            # without the careful path (this loop runs for every field of the file).
            if "#" not in value:
                first = value[:1]
                inner = value[1:-1]
                if first == "{":
                    if value[-1] == "}" and (
                        ("{" not in inner and "}" not in inner) or _IN_BRACES.fullmatch(inner)
                    ):
                        values[name] = inner
                        continue
                elif first == '"':
                    # resolve() keeps a lone quote, and a quoted value with a stray
                    # brace, as written: those fail the match and go to it.
                    if (
                        len(value) > 1
                        and value[-1] == '"'
                        and (
                            ('"' not in inner and "{" not in inner and "}" not in inner)
                            or _IN_QUOTES.fullmatch(inner)
                        )
                    ):
                        values[name] = inner
                        continue
                elif value.isdigit():
                    values[name] = value
                    continue
                else:
                    macro = macros.get(value.strip().lower())
                    if macro is not None:
                        values[name] = macro
                        continue
            if cut_short(value):
                self.cut_short = True
            values[name] = self.resolve(value, partial(self.lines.field_line, entry, field))
        return values

    def recover(self, block: ParsingFailedBlock) -> Entry | None:
        """Turn a failed block into a problem, and into an entry where the data survives."""
        line = self.lines.line(block)
        if isinstance(block, DuplicateFieldKeyBlock):
            entry = block.ignore_error_block
            assert isinstance(entry, Entry)
            self.lines.share(entry, block)
            seen: dict[str, Field] = {}
            for field in entry.fields:
                name = field.key.lower()
                if name in seen:
                    self.problem(
                        self.lines.field_line(entry, field),
                        NdifWarning.DUPLICATE_FIELD,
                        f"entry {entry.key!r} repeats field {name!r} (first at line "
                        f"{self.lines.field_line(entry, seen[name])}); the first value is kept",
                    )
                else:
                    seen[name] = field
            entry.fields = list(seen.values())
            return entry
        if isinstance(block, DuplicateBlockKeyBlock):
            duplicate = block.ignore_error_block
            self.lines.share(duplicate, block)
            first = self.lines.line(block.previous_block)
            if isinstance(duplicate, Entry):
                self.problem(
                    line,
                    NdifWarning.DUPLICATE_KEY,
                    f"key {block.key!r} is defined again (first at {self.source}:{first}); "
                    "the later entry wins",
                )
                return duplicate
            self.problem(line, NdifWarning.DUPLICATE_KEY, f"@string {block.key!r} is defined again")
            if isinstance(duplicate, String):
                self.define(duplicate)  # as in BibTeX, the later definition is used
            return None
        again = self.rereader.read(None, line)  # bibtexparser's fault, not the file's?
        if again is not None:
            entry, last_line = again
            self.covered.append((line, last_line + 1))
            return entry
        self.problem(
            line,
            NdifWarning.PARSE_ERROR,
            f"entry could not be parsed and is skipped: {_first_line(block.error)}",
        )
        return None

    def with_xdata(
        self, entry: Entry, fields: dict[str, str], by_key: dict[str, dict[str, str]]
    ) -> dict[str, str]:
        """Fill the fields an entry lacks from its ``xdata`` entries (biblatex), nested
        ones included; the entry's own fields win, then the first xdata entry named."""
        merged = dict(fields)
        pending = [key.strip() for key in fields["xdata"].split(",") if key.strip()]
        seen: set[str] = set()
        while pending:
            key = pending.pop(0)
            if key.lower() in seen:
                continue  # a cycle, or named twice
            seen.add(key.lower())
            data = by_key.get(key.lower())
            if data is None:
                self.problem(
                    self.lines.line(entry),
                    NdifWarning.UNKNOWN_XDATA,
                    f"xdata {key!r} is not in this file",
                )
                continue
            for name, value in data.items():
                if name == "xdata":
                    pending += [k.strip() for k in value.split(",") if k.strip()]
                elif name not in merged:
                    merged[name] = value
        return merged

    def inherit(
        self,
        entry: Entry,
        fields: dict[str, str],
        by_key: dict[str, dict[str, str]],
        types: dict[str, str],
    ) -> dict[str, str]:
        """Fill the fields an entry lacks from its ``crossref`` parent, as BibTeX does; a
        multi-volume parent (``@mvbook``) gives its title as the main title (biblatex)."""
        parent_key = fields["crossref"].strip()
        parent = by_key.get(parent_key.lower())
        if parent is None:
            self.problem(
                self.lines.line(entry),
                NdifWarning.UNKNOWN_CROSSREF,
                f"crossref {parent_key!r} is not in this file",
            )
            return fields
        merged = dict(fields)
        for name, value in parent.items():
            if name not in _NOT_INHERITED and name not in merged:
                merged[name] = value
        as_main = types.get(parent_key.lower()) in _MULTI_VOLUME
        prefix = "main" if as_main else "book"
        for name in ("title", "subtitle", "titleaddon"):
            if prefix + name not in merged and name in parent:
                merged[prefix + name] = parent[name]
        return merged

    def person(self, name: str, line: int) -> Person:
        cached = self.people.get(name)
        if cached is not None:
            return cached
        try:
            person = parse_person(name, self.decode)
        except InvalidNameError as error:
            self.problem(line, NdifWarning.BAD_NAME, f"author {name!r}: {error}")
            person = Person(family=self.decode(name))
        self.people[name] = person
        return person

    def record(self, entry: Entry, fields: dict[str, str]) -> PaperRecord:
        line = self.lines.line(entry)
        origin = Origin(self.source, line)
        decode = self.decode

        def text(name: str) -> str:
            value = fields.get(name)
            return decode(value) if value else ""

        eprint = link_from_latex(fields.get("eprint", "")).strip()
        is_arxiv = (
            fields.get("archiveprefix", "").strip().lower() in _ARXIV
            or fields.get("eprinttype", "").strip().lower() in _ARXIV
        )
        links = [
            link
            for link in split_links(link_from_latex(fields.get("url", "")))
            if checked_url(link, origin, "url", self.problems)
        ]
        doi_text = link_from_latex(fields.get("doi", "")).strip()
        url, doi = url_and_doi(links[0] if links else None, doi_text or None)
        if url is None and eprint and is_arxiv:
            url = arxiv_link(eprint)
        alt_url = checked_url(
            link_from_latex(fields.get("ndif-alturl", "")), origin, "ndif-alturl", self.problems
        )
        authors = self.people_of(fields.get("author", ""), line)
        editors = self.people_of(fields.get("editor", ""), line)
        title = join_title(text("title"), text("subtitle"), text("titleaddon"))
        if not title and fields.get("title", "").strip():
            self.problem(
                line,
                NdifWarning.EMPTY_TITLE,
                f"entry {entry.key!r}: title {fields['title']!r} has no text once its LaTeX "
                "is read; the entry is shown by its key",
            )
        year, year_end = self.years(fields, line)
        booktitle = join_title(text("booktitle"), text("booksubtitle"), text("booktitleaddon"))
        return PaperRecord(
            key=entry.key,
            entry_type=entry.entry_type.lower().replace("ndifcommentary", "commentary"),
            title=title,
            authors=authors or editors,
            editors=editors,
            translators=self.people_of(fields.get("translator", ""), line),
            edited=bool(editors) and not authors,
            year=year,
            year_end=year_end,
            venue=self.venue(text, booktitle, eprint, is_arxiv),
            origin=origin,
            url=url,
            alt_url=alt_url,
            other_urls=tuple(links[1:]),
            project_url=checked_url(
                link_from_latex(fields.get("ndif-projecturl", "")),
                origin,
                "ndif-projecturl",
                self.problems,
            ),
            doi=doi,
            summary=text("annotation") or text("abstract"),
            tags=split_tags(fields.get("keywords", "")),
            role=self.role(fields.get("ndif-role", ""), line),
            intro=text("ndif-intro"),
            note=text("ndif-note"),
            arxiv_id=(eprint if is_arxiv and eprint else None)
            or arxiv_id(url)
            or arxiv_id(alt_url),
            image=checked_image(fields.get("ndif-image", ""), origin, "ndif-image", self.problems),
            container=text("journal") or text("journaltitle") or booktitle,
            fields=tuple(fields.items()),
            same_as=split_names(text("ndif-sameas")) if "ndif-sameas" in fields else (),
        )

    def people_of(self, names: str, line: int) -> tuple[Person, ...]:
        """A BibTeX name list as people (empty for an empty field)."""
        if not names.strip():
            return ()
        return tuple(self.person(name, line) for name in split_name_list(names))

    def years(self, fields: dict[str, str], line: int) -> tuple[int | None, int | None]:
        """The year, and the last year of a range (``date = {1984/1986}``) or ``None``."""
        value = fields.get("year", "").strip()
        if not value:
            date = fields.get("date", "").strip(" \t\n{}")  # BibLaTeX: date = {2024-05-01}
            start = _YEAR_RANGE.match(date) or _YEAR.match(date[:4])
            if start is not None:
                return int(start.group(1)), self.year_end(date)
            if date:
                self.problem(line, NdifWarning.BAD_YEAR, f"date {date!r} has no year")
            else:
                self.problem(line, NdifWarning.MISSING_YEAR, "the entry has no year")
            return None, None
        match = _YEAR.match(value)
        if match is not None:
            return int(match.group(1)), None
        # As displayed: "{\noopsort{1992b}}1992" is 1992, "1987\unskip--" an open range.
        text = self.decode(value) if "\\" in value or "{" in value else value
        match = _YEAR.match(text)
        if match is not None:
            return int(match.group(1)), None
        start = _YEAR_RANGE.match(text)
        if start is not None:
            end = self.year_end(text)
            if end is not None or start.end() == len(text):  # "1984--1986", or "1987--"
                return int(start.group(1)), end
        lead = _LEADING_YEAR.match(text)
        if lead is not None:  # "1994 (to appear)", "1979, 1980": the year, and a word
            self.problem(line, NdifWarning.BAD_YEAR, f"year {value!r} is read as {lead.group(1)}")
            return int(lead.group(1)), None
        self.problem(line, NdifWarning.BAD_YEAR, f"year {value!r} is not a four-digit year")
        return None, None

    @staticmethod
    def year_end(value: str) -> int | None:
        """The closing year of a date range, if ``value`` is one ending in a later year."""
        if len(value) < 9 and "/" not in value:
            return None
        match = _YEAR_RANGE.match(value)
        if match is None or match.group(2) is None or match.group(2) <= match.group(1):
            return None
        return int(match.group(2))

    @staticmethod
    def venue(text: Callable[[str], str], booktitle: str, eprint: str, is_arxiv: bool) -> str:
        """The display venue: ours if given, else the first bibliographic venue field."""
        for name in ("ndif-venue", "journal", "journaltitle", "booktitle", "howpublished",
                     "school", "institution"):  # fmt: skip
            value = booktitle if name == "booktitle" else text(name)
            if value:
                return value
        return "arXiv" if eprint and is_arxiv else text("publisher")

    def role(self, value: str, line: int) -> Role:
        value = value.strip().lower()
        if not value:
            return Role.PAPER
        try:
            return Role(value)
        except ValueError:
            known = ", ".join(role.value for role in Role)
            self.problem(line, NdifWarning.BAD_ROLE, f"ndif-role {value!r} is not one of: {known}")
            return Role.PAPER
