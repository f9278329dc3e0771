"""The ``sphinx-ndif`` command line: check, list, export, convert and merge the paper data.

Every command reads the bundled dataset, or only the data files named on the command
line (``--with-bundled`` adds the bundled dataset before them); the bundled tag
vocabulary is always used. ``list`` and ``export`` filter with the options of the
``ndif-papers`` directive, parsed by the same converters so errors read the same.

Exit status: 0 on success; 1 when ``check`` finds an error (with ``--strict``, any
problem) or ``convert`` or ``merge`` meets an error in a source; 2 for a bad command line or
option value, a missing or unusable data file, an unwritable output path, or any
unexpected failure. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from docutils.parsers.rst import directives

from sphinx_ndif import __version__, options
from sphinx_ndif.checks import place
from sphinx_ndif.curate import MergePlan, describe_at, new_entry_text, plan_merge
from sphinx_ndif.dataset import (
    BUNDLED_BIB,
    BUNDLED_VOCABULARY,
    Dataset,
    file_fault,
    free_key,
    load_dataset,
    load_source,
)
from sphinx_ndif.export import to_bibtex, to_csl_json, to_ris
from sphinx_ndif.model import Level, PaperRecord, Problem
from sphinx_ndif.query import PaperQuery, select, unknown_names
from sphinx_ndif.sources.vocabulary import load_vocabulary
from sphinx_ndif.warnings import NdifWarning

PROG = "sphinx-ndif"
WIDTH = 100
"""The width of the ``list`` table: titles are cut to fit."""
_MIN_TITLE = 20
_MAX_AUTHORS = 30
_GAP = "  "
_ELLIPSIS = "…"

T = TypeVar("T")
Command = Callable[[argparse.Namespace], int]


class UsageError(Exception):
    """A bad command line, input or output: each message is printed, and the exit status is 2."""

    def __init__(self, *messages: str) -> None:
        super().__init__(*messages)
        self.messages = messages


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors reach :func:`main` instead of exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _option(convert: Callable[[str], T]) -> Callable[[str], T]:
    """A directive option converter as an argparse type, keeping its error message."""

    def parse(text: str) -> T:
        try:
            return convert(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return parse


def _error(message: str) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)


def _warning(message: str) -> None:
    print(f"{PROG}: warning: {message}", file=sys.stderr)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# ------------------------------------------------------------------ formatting


def format_problem(problem: Problem) -> str:
    """``file:line: level: message [subtype]`` (``file: level: ...`` when the line is unknown)."""
    return f"{problem.origin}: {problem.level}: {problem.message} [{problem.subtype}]"


def _sorted_problems(problems: Sequence[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda problem: (problem.origin.path, problem.origin.line))


def _cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, ending in an ellipsis when cut."""
    if len(text) <= width:
        return text
    return text[: max(width - 1, 0)].rstrip() + _ELLIPSIS


def _authors_cell(record: PaperRecord) -> str:
    """The first author's family name, with "et al." when there are more."""
    if not record.authors:
        return ""
    first = record.authors[0]
    name = first.family or first.display
    return f"{name} et al." if len(record.authors) > 1 else name


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns padded to their widest cell; the last column is not padded."""
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header) - 1)]
    lines = []
    for row in (header, *rows):
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append(_GAP.join([*cells, row[-1]]).rstrip())
    return "\n".join(lines) + "\n"


def format_papers(records: Sequence[PaperRecord]) -> str:
    """A plain table: KEY, YEAR, AUTHORS, TITLE, at most :data:`WIDTH` columns wide."""
    header = ("KEY", "YEAR", "AUTHORS", "TITLE")
    rows = [
        (
            record.key,
            str(record.year) if record.year is not None else "-",
            _cut(_authors_cell(record), _MAX_AUTHORS),
            record.title,
        )
        for record in records
    ]
    used = sum(max(len(row[i]) for row in (header, *rows)) for i in range(3)) + 3 * len(_GAP)
    title_width = max(WIDTH - used, _MIN_TITLE)
    return _table(header, [(*row[:3], _cut(row[3], title_width)) for row in rows])


def paper_json(record: PaperRecord) -> dict[str, Any]:
    """The fields ``list --json`` shows for one paper."""
    return {
        "key": record.key,
        "title": record.title,
        "authors": [person.display for person in record.authors],
        "year": record.year,
        "venue": record.venue,
        "url": record.url,
        "doi": record.doi,
        "tags": list(record.tags),
        "summary": record.summary,
    }


def format_tags(dataset: Dataset) -> str:
    """The vocabulary with paper counts, then tags the data uses but the vocabulary lacks."""
    rows = [
        (name, tag.label, tag.kind, str(len(dataset.by_tag.get(name, ()))))
        for name, tag in dataset.vocabulary.items()
    ]
    rows += [
        (name, "-", "not in vocabulary", str(len(keys)))
        for name, keys in sorted(dataset.by_tag.items())
        if name not in dataset.vocabulary
    ]
    return _table(("NAME", "LABEL", "KIND", "PAPERS"), rows)


_FORMATS: dict[str, Callable[[list[PaperRecord]], str]] = {
    "bibtex": lambda records: to_bibtex(records, complete=False),
    "csl-json": to_csl_json,
    "ris": to_ris,
}


# ------------------------------------------------------------------ input and output


# Warnings that mean an entry of the file was left out: ``check`` fails on them.
_SKIPPED = frozenset({NdifWarning.PARSE_ERROR, NdifWarning.MISSING_TITLE})


def _sources(args: argparse.Namespace) -> list[Path]:
    files: list[Path] = list(args.files)
    if not files:
        return [BUNDLED_BIB]
    return [BUNDLED_BIB, *files] if args.with_bundled else files


def _fault(problem: Problem) -> str:
    """A loading error as one line: its message, located unless it names its file."""
    if problem.origin.path in problem.message:
        return problem.message
    return f"{problem.origin}: {problem.message}"


def _load(args: argparse.Namespace) -> Dataset:
    """The dataset to list or export; a missing or unreadable data file stops the command."""
    dataset = load_dataset(_sources(args))
    faults = [p for p in _sorted_problems(dataset.problems) if p.level is Level.ERROR]
    if faults:
        raise UsageError(*(_fault(problem) for problem in faults))
    return dataset


def _write(text: str, output: Path | None) -> None:
    """Write to ``output``, or to stdout when it is ``None`` or ``-``."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write {output}: {error.strerror or error}") from None


def _query(args: argparse.Namespace) -> PaperQuery:
    """The filters given, under the directive's option names (a flag only when set)."""
    given = {name: getattr(args, name.replace("-", "_")) for name in options.FILTERS}
    return PaperQuery.from_options(
        {name: value for name, value in given.items() if value is not None and value is not False}
    )


def _select(args: argparse.Namespace) -> list[PaperRecord]:
    """Load, filter and warn as the ``ndif-papers`` directive does."""
    dataset = _load(args)
    query = _query(args)
    for _subtype, message in unknown_names(dataset, query):
        _warning(message)
    records = select(dataset, query)
    if not records:
        _warning("no papers match the filter")
    return records


def _unique_keys(records: list[PaperRecord]) -> list[PaperRecord]:
    """Give made-up keys that collide a suffix (``-2``, ``-3``...), as the dataset does."""
    taken = {record.key for record in records if record.keyed}
    unique = []
    for record in records:
        if not record.keyed:
            record = dataclasses.replace(record, key=free_key(record.key, taken))
            taken.add(record.key)
        unique.append(record)
    return unique


# ------------------------------------------------------------------ commands


def run_check(args: argparse.Namespace) -> int:
    sources = _sources(args)
    dataset = load_dataset(sources)
    problems = _sorted_problems(dataset.problems)
    for problem in problems:
        print(format_problem(problem))
    errors = sum(problem.level is Level.ERROR for problem in problems)
    warnings = len(problems) - errors
    print(
        f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} "
        f"in {_plural(len(sources), 'file')}",
        file=sys.stderr,
    )
    if errors:
        return 2  # a file that could not be used, as in every other command
    skipped = any(problem.subtype in _SKIPPED for problem in problems)
    return 1 if skipped or (args.strict and problems) else 0


def run_list(args: argparse.Namespace) -> int:
    records = _select(args)
    if args.json:
        text = json.dumps([paper_json(r) for r in records], ensure_ascii=False, indent=2)
        _write(text + "\n", None)
    elif records:
        _write(format_papers(records), None)
    return 0


def run_tags(args: argparse.Namespace) -> int:
    _write(format_tags(_load(args)), None)
    return 0


def run_export(args: argparse.Namespace) -> int:
    records = _select(args)
    _write(_FORMATS[args.format](records), args.output)
    return 0


def run_convert(args: argparse.Namespace) -> int:
    result = load_source(args.file)
    problems = _sorted_problems(result.problems)
    faults = [problem for problem in problems if problem.level is Level.ERROR]
    if faults:
        raise UsageError(*(_fault(problem) for problem in faults))
    for problem in problems:
        print(format_problem(problem), file=sys.stderr)
    _write(to_bibtex(_unique_keys(result.records), complete=True), args.output)
    return 0


def _merge_report(plan: MergePlan, incoming: Path, into: Path, total: int) -> list[str]:
    """What ``merge`` did, one line per paper that needs a look."""
    lines = [
        f"{incoming.name}: {_plural(total, 'entry').replace('entrys', 'entries')}: "
        f"{len(plan.known)} already in {into.name}, {len(plan.repeated)} repeated in "
        f"{incoming.name}, {len(plan.new)} new"
    ]
    for paper in plan.new:
        tags = ", ".join(paper.record.tags) or "no tags"
        suggested = "" if paper.suggested else " (no tag suggested)"
        where = place(paper.record.origin)
        lines.append(f"new: {paper.record.key} ({where}): {tags}{suggested}")
        lines += [f"  check: {problem.message}" for problem in paper.findings]
        if paper.duplicate_of is not None:
            lines.append(
                f"probable duplicate: {paper.record.key} is probably "
                f"{describe_at(paper.duplicate_of)} under another title "
                f"({', '.join(paper.signals)}); written with ndif-sameas = "
                f"{{{paper.duplicate_of.key}}}"
            )
    for known in plan.conflicts:
        lines.append(
            f"conflict: {describe_at(known.existing)} and {describe_at(known.incoming)} "
            f"({known.reason}): {incoming.name} gives {'; '.join(known.conflicts)}"
        )
    for known in plan.repeated:
        lines.append(
            f"repeated: {describe_at(known.incoming)} is {known.existing.key} "
            f"({known.reason}); added once"
        )
    return lines


def run_merge(args: argparse.Namespace) -> int:
    incoming: Path = args.file
    into: Path = args.into
    for path in (incoming, into):
        fault = file_fault(path)
        if fault is not None:
            raise UsageError(fault.message)
    if into.suffix.lower() != ".bib":
        raise UsageError(f"{into} is not a .bib file: merge appends BibTeX entries to one")
    loaded = [load_source(into), load_source(incoming)]
    # A curated file may start empty: its first entries are what merge writes.
    loaded[0].problems[:] = [p for p in loaded[0].problems if p.subtype != NdifWarning.NO_ENTRIES]
    problems = _sorted_problems(
        [problem for result in loaded for problem in result.problems if not problem.quality]
    )
    for problem in problems:
        print(format_problem(problem), file=sys.stderr)
    # An entry of INTO.bib that cannot be read would come back as a new paper: stop.
    broken = [p for p in loaded[0].problems if p.subtype == NdifWarning.PARSE_ERROR]
    if broken or any(problem.level is Level.ERROR for problem in problems):
        _error("nothing merged: correct the errors above first")
        return 1
    vocabulary, _ = load_vocabulary(BUNDLED_VOCABULARY)
    plan = plan_merge(str(into), loaded[0].records, str(incoming), loaded[1].records, vocabulary)
    to_stdout = args.output is not None and str(args.output) == "-"
    report = sys.stderr if to_stdout else sys.stdout
    for line in _merge_report(plan, incoming, into, len(loaded[1].records)):
        print(line, file=report)
    output = args.output or into
    text = into.read_text(encoding="utf-8-sig", errors="replace")
    if plan.new:
        text = text.rstrip("\n") + "\n\n" + "\n".join(new_entry_text(p) for p in plan.new)
    if plan.new or output != into:
        _write(text, output)
        if not to_stdout:
            print(
                f"wrote {output} ({_plural(len(plan.new), 'new entry')})".replace(
                    "entrys", "entries"
                ),
                file=report,
            )
    return 0


# ------------------------------------------------------------------ the parser


def _data_options() -> _Parser:
    parser = _Parser(add_help=False)
    parser.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILE",
        help="data files (.bib, .json or .cff) to read instead of the bundled dataset",
    )
    parser.add_argument(
        "--with-bundled",
        action="store_true",
        help="read the bundled dataset before the FILEs",
    )
    return parser


# Each filter's metavar and help; the names and converters are options.FILTERS.
_FILTER_HELP = {
    "tags": (
        "TAGS",
        "papers with any of these comma-separated tags (all of them with --match all)",
    ),
    "match": ("any|all", "whether a paper needs any (default) or all of the --tags"),
    "exclude-tags": ("TAGS", "leave out papers with any of these comma-separated tags"),
    "year": ("YEARS", "a year or range: 2024, 2023-2025, >=2024 (or 2024-), <=2024 (or -2024)"),
    "author": (
        "TEXT",
        "papers with an author whose name contains TEXT (ignoring case and accents)",
    ),
    "venue": ("TEXT", "papers whose venue contains TEXT (ignoring case and accents)"),
    "keys": ("KEYS", "only these comma-separated keys, in this order (citation records too)"),
    "sort": (
        "year|title|author",
        "sort order (default: year, newest first; with --keys: the order named)",
    ),
    "reverse": ("", "reverse the sort order"),
    "limit": ("N", "show at most N papers"),
}


def _filter_options() -> _Parser:
    parser = _Parser(add_help=False)
    group = parser.add_argument_group("filters (the options of the ndif-papers directive)")
    for name, convert in options.FILTERS.items():
        metavar, help_text = _FILTER_HELP[name]
        if convert is directives.flag:
            group.add_argument(f"--{name}", action="store_true", help=help_text)
        else:
            group.add_argument(f"--{name}", type=_option(convert), metavar=metavar, help=help_text)
    return parser


def _output_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="write to the file OUT instead of stdout",
    )


def build_parser() -> argparse.ArgumentParser:
    """The ``sphinx-ndif`` parser and its subcommands."""
    parser = _Parser(
        prog=PROG,
        description="Check, list, export, convert and merge the paper data of sphinx-ndif: "
        "the bundled NNsight/NDIF dataset, or your own .bib, .json and CITATION.cff files.",
        epilog=f"Run '{PROG} COMMAND --help' for the options of a command. Exit status: "
        "0 on success, 1 when check (or convert, or merge) finds errors, 2 on a usage or "
        "file error.",
        allow_abbrev=False,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{PROG} {__version__}",
        help="print the version and exit",
    )
    commands = parser.add_subparsers(
        title="commands", dest="command", metavar="COMMAND", required=True
    )
    data = _data_options()
    filters = _filter_options()

    def command(
        name: str, summary: str, run: Command, *parents: _Parser
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name, help=summary, description=summary, parents=list(parents), allow_abbrev=False
        )
        sub.set_defaults(run=run)
        return sub

    check = command(
        "check",
        "report every problem in the data, data-quality findings included",
        run_check,
        data,
    )
    check.add_argument("--strict", action="store_true", help="fail (exit status 1) on warnings too")

    listing = command(
        "list",
        "list the papers that match the filters, as a table or JSON",
        run_list,
        data,
        filters,
    )
    listing.add_argument(
        "--json", action="store_true", help="print a JSON array of papers instead of a table"
    )

    command("tags", "list the tag vocabulary with the number of papers per tag", run_tags, data)

    export = command(
        "export",
        "export the papers that match the filters: BibTeX, CSL-JSON, RIS",
        run_export,
        data,
        filters,
    )
    export.add_argument(
        "-f",
        "--format",
        required=True,
        choices=sorted(_FORMATS),
        metavar="bibtex|csl-json|ris",
        help="the output format (bibtex: the entries as a reader cites them)",
    )
    _output_option(export)

    convert = command(
        "convert",
        "convert one data file to complete BibTeX (every field it reads)",
        run_convert,
    )
    convert.add_argument(
        "file", type=Path, metavar="FILE", help="the data file to convert (.bib, .json or .cff)"
    )
    _output_option(convert)

    merge = command(
        "merge",
        "append the new papers of a pipeline file to a curated .bib, with suggested tags, "
        "for review; existing entries are never changed, conflicts are listed",
        run_merge,
    )
    merge.add_argument(
        "file", type=Path, metavar="PIPELINE", help="the list to merge (.json, or any data file)"
    )
    merge.add_argument("into", type=Path, metavar="INTO.bib", help="the curated .bib")
    merge.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="write the merged .bib to OUT ('-': stdout) instead of updating INTO.bib",
    )
    return parser


def _parse(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """Parse, letting FILEs come between options (``list a.bib --tags x b.bib``)."""
    args, extra = parser.parse_known_args(argv)
    files = getattr(args, "files", None)
    if extra and isinstance(files, list) and not any(item.startswith("-") for item in extra):
        files.extend(Path(item) for item in extra)
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    try:
        parser = build_parser()
        try:
            args = _parse(parser, argv)
        except SystemExit as done:  # --help and --version
            return done.code if isinstance(done.code, int) else 0
        run: Command = args.run
        return run(args)
    except UsageError as error:
        for message in error.messages:
            _error(message)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``sphinx-ndif list | head``): stop quietly.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as error:
        where = f": {error.filename}" if error.filename else ""
        _error(f"{error.strerror or error}{where}")
        return 2
    except Exception as error:
        _error(f"unexpected {type(error).__name__}: {error}")
        return 2
