"""The ``sphinx-ndif`` command line: every command, option and error path, and round trips."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bibtexparser.entrypoint import parse_string
from docutils.parsers.rst import directives

from sphinx_ndif import __version__, cli, options
from sphinx_ndif.cli import main
from sphinx_ndif.dataset import BUNDLED_BIB, Dataset, load_dataset, load_source
from sphinx_ndif.model import PaperRecord, Person, Role
from sphinx_ndif.query import Match, PaperQuery, SortKey, YearRange, select

from .conftest import Run


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return load_dataset([BUNDLED_BIB])


def keys_of(records: list[PaperRecord]) -> list[str]:
    return [record.key for record in records]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_json(path: Path, data: Any) -> Path:
    return write(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


# ------------------------------------------------------------------ fixtures

# Accents, LaTeX commands, a macro and concatenation, & % -- and --- in a .bib file.
TRICKY_BIB = r"""@string{nips = "Advances in Neural Information Processing Systems"}

@inproceedings{muller2024cafe,
  author = {M{\"u}ller, J{\"o}rg and Gonz\'alez, Mar{\'\i}a and van der Berg, Jan and {The NDIF Team}},
  title = {{R\&D} at 50\% --- Caf\'e--Bistro {LLMs}: ``Quoted'' and $\alpha$-tests},
  booktitle = nips # " 37",
  year = 2024,
  month = jan,
  doi = {10.1000/xyz_123},
  url = {https://example.org/a%20b?x=1&y=2#frag},
  ndif-venue = {NeurIPS 2024},
  ndif-alturl = {https://arxiv.org/abs/2401.01234v2},
  ndif-projecturl = {https://github.com/ndif-team/nnsight},
  keywords = {uses-nnsight, probing; Steering},
  annotation = {Studies caf\'e \& bistro data: 10\% of ``tokens'' -- the rest -- see pages 3--5.}
}

@article{doe2023plain,
  author = "Doe, Jane and Smith, Jr., John",
  title = "Plain {TITLE} in quotes",
  journal = {Journal of Things},
  year = {2023},
  eprint = {2301.00001},
  archiveprefix = {arXiv},
  abstract = {An abstract used as the summary when there is no annotation field.},
  ndif-role = {citation}
}
"""

PIPELINE = [
    {
        "title": "Café & Bistro: 50% of Tokens -- Mapped ~ {Braces} $x$ \\ back_slash #1",
        "authors": "Jörg Müller, María González; Ludwig van Beethoven and N Prakash",
        "venue": "ArXiv 2025",
        "year": 2025,
        "url": "https://arxiv.org/abs/2501.01234",
        "description": "We study ``quotes'' and -- dashes -- with 100% accuracy & more, on élève data.",
        "category": "uses_nnsight",
        "image": "/images/cafe.png",
        "project_url": "https://github.com/example/cafe",
    },
    {
        "title": "A second paper, by one author",
        "authors": "Jane Doe",
        "venue": "ICLR 2026",
        "year": 2026,
        "url": "https://openreview.net/forum?id=abc",
        "description": "A second summary that is long enough not to be called short.",
        "category": "uses_ndif",
    },
]

CSL = [
    {
        "id": "dupont2024lumiere",
        "type": "article-journal",
        "title": "Lumière: Interpreting Models & Their 10% Outliers -- {Really}",
        "author": [
            {"family": "Dupont", "given": "Éloïse"},
            {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
            {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
            {"family": "O'Neil", "given": "Mary-Jane"},
            {"literal": "DeepMind Interpretability & Safety Team"},
        ],
        "issued": {"date-parts": [[2024, 5, 1]]},
        "container-title": "Journal of Interpretability",
        "URL": "https://example.org/lumiere?a=1&b=%20#f",
        "DOI": "10.1234/lumiere_2024",
        "abstract": "A CSL abstract with an en dash – and a percent 5% and ampersand & too.",
        "keyword": "probing, Model Editing",
    },
    {
        "id": "roe2022conf",
        "type": "paper-conference",
        "title": "A conference paper with a DOI only",
        "author": [{"family": "Roe", "given": "Rick"}],
        "issued": {"date-parts": [["2022"]]},
        "container-title": "Proceedings of Something",
        "DOI": "10.5555/roe.2022",
    },
]

CFF_PREFERRED = """\
cff-version: 1.2.0
message: If you use this software, please cite it as below.
title: nnsight
authors:
  - family-names: Fiotto-Kaufman
    given-names: Jaden
  - name: The NDIF Team
keywords:
  - interpretability
  - Model Editing
preferred-citation:
  type: conference-paper
  title: "NNsight and NDIF: Democratizing Access to Foundation Model Internals"
  authors:
    - family-names: Fiotto-Kaufman
      given-names: Jaden
    - family-names: Berg
      given-names: Jan
      name-particle: van der
      name-suffix: III
  year: 2025
  conference:
    name: ICLR 2025
  url: https://arxiv.org/abs/2407.14561
  doi: 10.48550/arXiv.2407.14561
  abstract: "We introduce NNsight & NDIF -- open tools for 100% of researchers."
"""

CFF_SOFTWARE = """\
cff-version: 1.2.0
message: Please cite.
type: software
title: "nnsight -- a library for {interpretability} & 100% fun"
abstract: "NNsight exposes internals; see https://nnsight.net -- it's ~great."
authors:
  - family-names: Fiotto-Kaufman
    given-names: Jaden
  - name: "Northeastern University and Friends"
date-released: 2024-07-19
repository-code: https://github.com/ndif-team/nnsight
identifiers:
  - type: doi
    value: 10.5281/zenodo.1234
keywords: [Interpretability, Model Editing]
"""

# Line numbers matter: the check tests name them.
PROBLEM_BIB = """\
@misc{solo2024nodate,
  author = {Solo, Han},
  title = {A paper without a year},
  keywords = {my-new-tag, probing},
  annotation = {This summary has more than eight words so it is not short.}
}

@misc{doe2024dupfield,
  author = {Doe, Jane},
  title = {Two titles},
  title = {Second title},
  year = {2024},
  annotation = {Too short.}
}
"""
PROBLEM_LINES = [
    ":1: warning: the entry has no year [missing-year]",
    ":1: warning: tag 'my-new-tag' is not in the tag vocabulary [unknown-data-tag]",
    ":8: warning: the summary of 'doe2024dupfield' is too short [short-summary]",
    ":11: warning: entry 'doe2024dupfield' repeats field 'title' (first at line 10); "
    "the first value is kept [duplicate-field]",
]

LONG_TITLE = (
    "An Extraordinarily Long Title That Goes On and On About Interpretability, Steering, "
    "Probing and Everything Else Under the Sun"
)
ONE_AUTHOR_BIB = f"""\
@article{{solo2025long,
  author = {{Solo, Han}},
  title = {{{LONG_TITLE}}},
  journal = {{Journal of Long Titles}},
  year = {{2025}},
  keywords = {{probing}},
}}
"""

BAD_JSON = '[\n  {"title": "x"},\n  oops\n]\n'
BAD_JSON_ERROR = "not valid JSON: Expecting value"


# ------------------------------------------------------------------ the tool itself


def test_version(run: Run) -> None:
    assert run("--version") == (0, f"sphinx-ndif {__version__}\n", "")


def test_python_dash_m_runs_the_tool() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sphinx_ndif", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, f"sphinx-ndif {__version__}\n", "")


def test_main_reads_sys_argv(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["sphinx-ndif", "--version"])
    assert main() == 0
    assert capsys.readouterr().out == f"sphinx-ndif {__version__}\n"


def test_help_lists_every_command(run: Run) -> None:
    status, out, err = run("--help")
    assert status == 0 and err == ""
    assert out.startswith("usage: sphinx-ndif [-h] [--version] COMMAND ...")
    for command in ("check", "list", "tags", "export", "convert"):
        assert re.search(rf"^\s+{command}\s+\w", out, re.MULTILINE), command


@pytest.mark.parametrize(
    ("command", "flags"),
    [
        ("check", ["FILE", "--with-bundled", "--strict"]),
        ("list", ["FILE", "--with-bundled", "--tags", "--match", "--exclude-tags", "--year",
                  "--author", "--venue", "--keys", "--sort", "--reverse", "--limit", "--json"]),
        ("tags", ["FILE", "--with-bundled"]),
        ("export", ["FILE", "--with-bundled", "--format", "--output", "--tags", "--year",
                    "--limit"]),
        ("convert", ["FILE", "--output"]),
    ],
)  # fmt: skip
def test_help_describes_every_option(run: Run, command: str, flags: list[str]) -> None:
    status, out, err = run(command, "--help")
    assert status == 0 and err == ""
    assert out.startswith(f"usage: sphinx-ndif {command} ")
    for flag in flags:
        assert re.search(rf"^  (-\w( \S+)?, )?{flag}\b", out, re.MULTILINE), flag
    # Every option has its description.
    parser = cli.build_parser()
    [commands] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    for action in commands.choices[command]._actions:
        assert action.help and "\n" not in action.help, action.dest


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "the following arguments are required: COMMAND"),
        (["frobnicate"], "argument COMMAND: invalid choice: 'frobnicate'"),
        (["list", "--colour"], "unrecognized arguments: --colour"),
        (["list", "--tag", "probing"], "unrecognized arguments: --tag"),  # no abbreviations
        (["convert"], "the following arguments are required: FILE"),
        (["convert", "a.bib", "b.bib"], "unrecognized arguments: b.bib"),
        (["export"], "the following arguments are required: -f/--format"),
        (["export", "--format", "docx"], "argument -f/--format: invalid choice: 'docx'"),
    ],
)
def test_bad_command_lines_are_one_line_and_status_2(
    run: Run, argv: list[str], message: str
) -> None:
    status, out, err = run(*argv)
    assert status == 2 and out == ""
    assert err.startswith(f"sphinx-ndif: error: {message}")
    assert err.count("\n") == 1


# ------------------------------------------------------------------ check


def test_check_bundled_data_is_clean(run: Run) -> None:
    assert run("check") == (0, "", "0 errors, 0 warnings in 1 file\n")
    assert run("check", "--strict") == (0, "", "0 errors, 0 warnings in 1 file\n")


def test_check_prints_every_problem_located_and_sorted(run: Run, tmp_path: Path) -> None:
    bib = write(tmp_path / "problems.bib", PROBLEM_BIB)
    status, out, err = run("check", bib)
    assert status == 0  # warnings only
    assert out.splitlines() == [f"{bib}{line}" for line in PROBLEM_LINES]
    assert err == "0 errors, 4 warnings in 1 file\n"


def test_strict_makes_warnings_fail(run: Run, tmp_path: Path) -> None:
    bib = write(tmp_path / "problems.bib", PROBLEM_BIB)
    status, out, err = run("check", "--strict", bib)
    assert status == 1
    assert len(out.splitlines()) == 4
    assert err == "0 errors, 4 warnings in 1 file\n"


def test_check_errors_fail_and_sort_by_file_then_line(run: Run, tmp_path: Path) -> None:
    bad = write(tmp_path / "b-bad.json", BAD_JSON)
    notes = write(tmp_path / "c-notes.txt", "not data\n")
    bib = write(tmp_path / "a-problems.bib", PROBLEM_BIB)
    status, out, err = run("check", notes, bad, bib)
    assert status == 2  # files that cannot be used: 2, as in every command
    lines = out.splitlines()
    assert lines[:4] == [f"{bib}{line}" for line in PROBLEM_LINES]
    assert lines[4] == f"{bad}:3: error: {BAD_JSON_ERROR} [parse-error]"
    # No line known: "file: level: message [subtype]".
    assert lines[5] == (
        f"{notes}: error: data file {notes} is in no known format; use .bib, .json "
        "(NDIF pipeline or CSL-JSON) or CITATION.cff [unknown-format]"
    )
    assert len(lines) == 6
    assert err == "2 errors, 4 warnings in 3 files\n"


def test_check_missing_file_is_reported_and_status_2(run: Run, tmp_path: Path) -> None:
    missing = tmp_path / "missing.bib"
    status, out, err = run("check", missing)
    assert status == 2
    assert out == f"{missing}: error: data file not found: {missing} [missing-file]\n"
    assert err == "1 error, 0 warnings in 1 file\n"


def test_check_with_bundled_reads_both(run: Run, tmp_path: Path) -> None:
    mine = write(tmp_path / "mine.bib", BUNDLED_BIB.read_text(encoding="utf-8"))
    status, out, err = run("check", mine, "--with-bundled")
    assert status == 0
    assert err == f"0 errors, {len(out.splitlines())} warnings in 2 files\n"
    # Every entry is defined again in mine.bib: the later definition wins, with a warning.
    assert out.count("[duplicate-key]") == 27
    assert all(line.startswith(f"{mine}:") for line in out.splitlines())


# ------------------------------------------------------------------ list


def table_rows(out: str) -> list[list[str]]:
    return [re.split(r"\s{2,}", line) for line in out.splitlines()]


def test_list_table(run: Run, bundled: Dataset) -> None:
    status, out, err = run("list")
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert re.fullmatch(r"KEY\s+YEAR\s+AUTHORS\s+TITLE", lines[0])
    assert all(len(line) <= 100 for line in lines)
    expected = select(bundled, PaperQuery())
    rows = table_rows(out)[1:]
    assert [row[0] for row in rows] == keys_of(expected) and len(rows) == 25
    for row, record in zip(rows, expected, strict=True):
        _key, year, authors, title = row
        assert year == str(record.year)
        assert authors == f"{record.authors[0].family} et al."
        assert title == record.title or (
            title.endswith("…") and record.title.startswith(title[:-1])
        )
    assert any(row[3].endswith("…") for row in rows)
    # Columns line up: every row's title starts where the header's does.
    start = lines[0].index("TITLE")
    assert all(line[start - 2 : start] == "  " and line[start] != " " for line in lines)


def test_list_table_single_author_and_long_title(run: Run, tmp_path: Path) -> None:
    bib = write(tmp_path / "long.bib", ONE_AUTHOR_BIB)
    status, out, err = run("list", bib)
    assert status == 0 and err == ""
    _header, line = out.splitlines()
    assert len(line) == 100 and line.endswith("…")
    key, year, authors, title = re.split(r"\s{2,}", line)
    assert (key, year, authors) == ("solo2025long", "2025", "Solo")
    assert LONG_TITLE.startswith(title[:-1])


def test_list_table_unknown_year(run: Run, tmp_path: Path) -> None:
    bib = write(tmp_path / "nodate.bib", "@misc{x, title = {Undated}, author = {A, B}}\n")
    status, out, _err = run("list", bib)
    assert status == 0
    assert table_rows(out)[1] == ["x", "-", "A", "Undated"]


def test_list_json(run: Run, bundled: Dataset) -> None:
    status, out, err = run("list", "--json")
    assert status == 0 and err == ""
    papers = json.loads(out)
    expected = select(bundled, PaperQuery())
    assert [paper["key"] for paper in papers] == keys_of(expected)
    for paper, record in zip(papers, expected, strict=True):
        assert paper == {
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
    assert any(paper["doi"] is None for paper in papers)


FILTERS = [
    (["--tags", "probing"], PaperQuery(tags=("probing",))),
    (["--tags", "Sparse Autoencoders,steering"], PaperQuery(tags=("sparse-autoencoders", "steering"))),
    (["--tags", "probing,steering", "--match", "ALL"], PaperQuery(tags=("probing", "steering"), match=Match.ALL)),
    (["--exclude-tags", "uses-nnsight"], PaperQuery(exclude_tags=("uses-nnsight",))),
    (["--year", "2024"], PaperQuery(years=YearRange(2024, 2024))),
    (["--year", "-2024"], PaperQuery(years=YearRange(None, 2024))),
    (["--year", ">=2025"], PaperQuery(years=YearRange(2025, None))),
    (["--author", "bau"], PaperQuery(author="bau")),
    (["--venue", "iclr"], PaperQuery(venue="iclr")),
    (["--keys", "fiotto-kaufman2025nnsight, yu2025back"], PaperQuery(keys=("fiotto-kaufman2025nnsight", "yu2025back"))),
    (["--keys", "yu2025back,siems2025deltaproduct", "--sort", "title"], PaperQuery(keys=("yu2025back", "siems2025deltaproduct"), sort=SortKey.TITLE)),
    (["--sort", "title"], PaperQuery(sort=SortKey.TITLE)),
    (["--sort", "author", "--reverse"], PaperQuery(sort=SortKey.AUTHOR, reverse=True)),
    (["--reverse"], PaperQuery(reverse=True)),
    (["--limit", "3"], PaperQuery(limit=3)),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "query"), FILTERS)
def test_list_filters_as_the_directive(
    run: Run, bundled: Dataset, argv: list[str], query: PaperQuery
) -> None:
    status, out, err = run("list", "--json", *argv)
    assert status == 0 and err == ""
    expected = keys_of(select(bundled, query))
    assert [paper["key"] for paper in json.loads(out)] == expected
    assert expected  # the filter finds something...
    if argv[0] not in ("--sort", "--reverse"):
        assert len(expected) < 25  # ...and leaves something out


def test_list_keys_names_citation_records(run: Run) -> None:
    status, out, _err = run("list", "--keys", "yu2025back,fiotto-kaufman2025nnsight")
    assert status == 0
    assert [row[0] for row in table_rows(out)[1:]] == ["yu2025back", "fiotto-kaufman2025nnsight"]
    status, out, _err = run("list", "--json")
    assert "fiotto-kaufman2025nnsight" not in [paper["key"] for paper in json.loads(out)]


@pytest.mark.parametrize(
    ("option", "value", "convert"),
    [
        ("--year", "20x", options.year_range),
        ("--year", "2025-2024", options.year_range),
        ("--sort", "newest", options.one_of(SortKey)),
        ("--match", "some", options.one_of(Match)),
        ("--limit", "0", directives.positive_int),
        ("--limit", "many", directives.positive_int),
        ("--tags", " , ", options.tag_list),
        ("--exclude-tags", "", options.tag_list),
        ("--keys", ",", options.comma_list),
        ("--author", " ", options.text),
        ("--venue", "", options.text),
    ],
)
@pytest.mark.parametrize("command", [["list"], ["export", "--format", "ris"]])
def test_bad_option_values_fail_as_in_the_directive(
    run: Run, command: list[str], option: str, value: str, convert: Callable[[str], object]
) -> None:
    with pytest.raises(ValueError, match=r".") as raised:
        convert(value)
    status, out, err = run(*command, f"{option}={value}")
    assert (status, out) == (2, "")
    assert err == f"sphinx-ndif: error: argument {option}: {raised.value}\n"


def test_unknown_tag_warns_with_the_closest_tags(run: Run) -> None:
    status, out, err = run("list", "--tags", "probng,steering")
    assert status == 0
    assert err == "sphinx-ndif: warning: unknown tag 'probng'; did you mean probing, reasoning?\n"
    assert len(table_rows(out)) > 1  # the known tag still lists papers


def test_unknown_tag_without_close_match_lists_known_tags(run: Run, bundled: Dataset) -> None:
    status, out, err = run("list", "--exclude-tags", "zzzzzz")
    assert status == 0 and len(table_rows(out)) == 26
    known = ", ".join(sorted(bundled.known_tags))
    assert err == f"sphinx-ndif: warning: unknown tag 'zzzzzz'; known tags: {known}\n"


def test_unknown_key_warns_with_the_closest_keys(run: Run) -> None:
    status, out, err = run("list", "--json", "--keys", "yu2025bak")
    assert status == 0 and json.loads(out) == []
    assert err == (
        "sphinx-ndif: warning: unknown key 'yu2025bak'; did you mean yu2025back?\n"
        "sphinx-ndif: warning: no papers match the filter\n"
    )


def test_list_no_match(run: Run) -> None:
    assert run("list", "--year", "1999") == (
        0,
        "",
        "sphinx-ndif: warning: no papers match the filter\n",
    )


def test_list_reads_only_the_files_given(run: Run, tmp_path: Path) -> None:
    bib = write(tmp_path / "mine.bib", TRICKY_BIB)
    pipeline = write_json(tmp_path / "pipeline.json", PIPELINE)
    status, out, err = run("list", "--json", bib, pipeline)
    assert status == 0 and err == ""
    # doe2023plain is a citation record: listed only when named.
    assert sorted(paper["key"] for paper in json.loads(out)) == [
        "doe2026second",
        "muller2024cafe",
        "muller2025cafe",
    ]


def test_files_may_come_between_options(run: Run, tmp_path: Path) -> None:
    bib = write(tmp_path / "mine.bib", TRICKY_BIB)
    pipeline = write_json(tmp_path / "pipeline.json", PIPELINE)
    status, out, _err = run("list", bib, "--json", "--tags", "uses-nnsight", pipeline)
    assert status == 0
    assert sorted(paper["key"] for paper in json.loads(out)) == ["muller2024cafe", "muller2025cafe"]


def test_with_bundled_adds_the_bundled_data_first(run: Run, tmp_path: Path) -> None:
    bib = write(tmp_path / "mine.bib", TRICKY_BIB)
    status, out, _err = run("list", "--json", "--with-bundled", bib)
    assert status == 0
    keys = [paper["key"] for paper in json.loads(out)]
    assert len(keys) == 26 and "muller2024cafe" in keys and "yu2025back" in keys


@pytest.mark.parametrize(
    "command", [["list"], ["list", "--json"], ["tags"], ["export", "--format", "bibtex"]]
)
def test_missing_data_file_is_an_error(run: Run, tmp_path: Path, command: list[str]) -> None:
    bib = write(tmp_path / "mine.bib", TRICKY_BIB)
    missing = tmp_path / "missing.bib"
    assert run(*command, bib, missing) == (
        2,
        "",
        f"sphinx-ndif: error: data file not found: {missing}\n",
    )


def test_unreadable_data_file_is_an_error(run: Run, tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.json", BAD_JSON)
    assert run("list", bad) == (
        2,
        "",
        f"sphinx-ndif: error: {bad}:3: {BAD_JSON_ERROR}\n",
    )


# ------------------------------------------------------------------ tags


def test_tags_lists_the_vocabulary_with_counts(run: Run, bundled: Dataset) -> None:
    status, out, err = run("tags")
    assert status == 0 and err == ""
    rows = table_rows(out)
    assert rows[0] == ["NAME", "LABEL", "KIND", "PAPERS"]
    assert rows[1:] == [
        [name, tag.label, tag.kind, str(len(bundled.by_tag.get(name, [])))]
        for name, tag in bundled.vocabulary.items()
    ]
    assert rows[1] == ["uses-nnsight", "Built with NNsight", "category", "21"]


def test_tags_marks_tags_missing_from_the_vocabulary(run: Run, tmp_path: Path) -> None:
    bib = write(tmp_path / "problems.bib", PROBLEM_BIB)
    status, out, _err = run("tags", bib)
    assert status == 0
    rows = table_rows(out)
    assert ["probing", "Probing", "method", "1"] in rows
    assert ["steering", "Steering", "method", "0"] in rows
    assert rows[-1] == ["my-new-tag", "-", "not in vocabulary", "1"]


# ------------------------------------------------------------------ export


def test_export_bibtex_is_the_readers_bibtex(run: Run, bundled: Dataset) -> None:
    status, out, err = run("export", "--format", "bibtex")
    assert status == 0 and err == ""
    library = parse_string(out)
    assert library.failed_blocks == []
    assert [entry.key for entry in library.entries] == keys_of(select(bundled, PaperQuery()))
    names = {field.key for entry in library.entries for field in entry.fields}
    assert {"author", "title", "year", "url"} <= names
    assert not {name for name in names if name.startswith("ndif-")}
    assert not names & {"keywords", "annotation"}


def test_export_csl_json(run: Run, bundled: Dataset) -> None:
    status, out, _err = run("export", "--format", "csl-json", "--tags", "probing")
    assert status == 0
    items = json.loads(out)
    expected = select(bundled, PaperQuery(tags=("probing",)))
    assert [item["id"] for item in items] == keys_of(expected) and len(items) == 5
    assert all(item["title"] and item["author"] and item["issued"] for item in items)


def test_export_ris_has_one_block_per_paper(run: Run, bundled: Dataset) -> None:
    status, out, _err = run("export", "-f", "ris", "--year", "2024")
    assert status == 0
    expected = select(bundled, PaperQuery(years=YearRange(2024, 2024)))
    blocks = out.strip().split("\n\n")
    assert len(blocks) == len(expected) > 1
    for block, record in zip(blocks, expected, strict=True):
        lines = block.splitlines()
        assert lines[0].startswith("TY  - ") and lines[-1].rstrip() == "ER  -"
        assert lines[1] == f"ID  - {record.key}"
    assert out.count("TY  - ") == out.count("ER  - ") == len(expected)


def test_export_to_a_file(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "out.bib"
    status, out, err = run("export", "--format", "bibtex", "--keys", "yu2025back", "-o", target)
    assert (status, out, err) == (0, "", "")
    [entry] = parse_string(target.read_text(encoding="utf-8")).entries
    assert entry.key == "yu2025back"


def test_export_dash_means_stdout(run: Run) -> None:
    status, out, _err = run("export", "--format", "ris", "--keys", "yu2025back", "--output", "-")
    assert status == 0 and out.startswith("TY  - CPAPER\nID  - yu2025back\n")


def test_export_no_match_warns(run: Run) -> None:
    assert run("export", "--format", "csl-json", "--year", "1999") == (
        0,
        "[]\n",
        "sphinx-ndif: warning: no papers match the filter\n",
    )


@pytest.mark.parametrize("where", ["no/such/dir/out.bib", "."])
def test_unwritable_output_is_an_error(run: Run, tmp_path: Path, where: str) -> None:
    target = tmp_path / where
    status, out, err = run("export", "--format", "bibtex", "-o", target)
    assert (status, out) == (2, "")
    assert err.startswith(f"sphinx-ndif: error: cannot write {target}: ")
    assert err.count("\n") == 1


# ------------------------------------------------------------------ convert


def test_convert_to_stdout_and_to_a_file(run: Run, tmp_path: Path) -> None:
    pipeline = write_json(tmp_path / "pipeline.json", PIPELINE)
    status, out, err = run("convert", pipeline)
    assert (status, err) == (0, "")
    assert [entry.key for entry in parse_string(out).entries] == [
        "muller2025cafe",
        "doe2026second",
    ]
    assert "annotation" in out and "ndif-projecturl" in out  # complete, not the reader's
    target = tmp_path / "out.bib"
    assert run("convert", pipeline, "-o", target) == (0, "", "")
    assert target.read_text(encoding="utf-8") == out


def test_convert_uses_no_bundled_data(run: Run, tmp_path: Path) -> None:
    cff = write(tmp_path / "CITATION.cff", CFF_PREFERRED)
    status, out, _err = run("convert", cff)
    assert status == 0
    assert [entry.key for entry in parse_string(out).entries] == ["fiottokaufman2025nnsight"]


def test_convert_reports_warnings_and_succeeds(run: Run, tmp_path: Path) -> None:
    pipeline = write_json(
        tmp_path / "pipeline.json",
        [PIPELINE[1], {**PIPELINE[1], "title": "Undated", "year": 0, "url": "ftp://x"}],
    )
    status, out, err = run("convert", pipeline)
    assert status == 0
    assert err.splitlines() == [
        f"{pipeline}:11: warning: year is unknown (0 or missing) [missing-year]",
        f"{pipeline}:11: warning: url 'ftp://x' is not an http(s) link and is left out: "
        "only http(s) is linked [unsafe-link]",
    ]
    assert len(parse_string(out).entries) == 2


def test_convert_errors_fail_and_write_nothing(run: Run, tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.json", BAD_JSON)
    target = tmp_path / "out.bib"
    status, out, err = run("convert", bad, "-o", target)
    assert (status, out) == (2, "")
    assert err == f"sphinx-ndif: error: {bad}:3: {BAD_JSON_ERROR}\n"
    assert not target.exists()
    notes = write(tmp_path / "notes.txt", "hello\n")
    status, out, err = run("convert", notes)
    assert (status, out) == (2, "")
    assert err.startswith(f"sphinx-ndif: error: data file {notes} is in no known format")


def test_convert_missing_file(run: Run, tmp_path: Path) -> None:
    missing = tmp_path / "missing.bib"
    assert run("convert", missing) == (
        2,
        "",
        f"sphinx-ndif: error: data file not found: {missing}\n",
    )


def test_convert_unwritable_output(run: Run, tmp_path: Path) -> None:
    bib = write(tmp_path / "mine.bib", TRICKY_BIB)
    status, out, err = run("convert", bib, "-o", tmp_path)
    assert (status, out) == (2, "")
    assert err.startswith(f"sphinx-ndif: error: cannot write {tmp_path}: ")


def test_convert_gives_colliding_made_up_keys_a_suffix(run: Run, tmp_path: Path) -> None:
    twice = [PIPELINE[1], {**PIPELINE[1], "url": "https://example.org/other", "venue": "arXiv"}]
    pipeline = write_json(tmp_path / "pipeline.json", twice)
    status, out, _err = run("convert", pipeline)
    assert status == 0
    assert [entry.key for entry in parse_string(out).entries] == [
        "doe2026second",
        "doe2026second-2",
    ]


# ------------------------------------------------------------------ unexpected failures


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (RuntimeError("boom"), "unexpected RuntimeError: boom"),
        (PermissionError(13, "Permission denied", "secret.bib"), "Permission denied: secret.bib"),
    ],
)
@pytest.mark.parametrize(("command", "loader"), [(["list"], "load_dataset"),
                                                  (["convert", __file__], "load_source")])  # fmt: skip
def test_unexpected_failure_is_one_line(
    run: Run,
    monkeypatch: pytest.MonkeyPatch,
    error: Exception,
    message: str,
    command: list[str],
    loader: str,
) -> None:
    def fail(*args: object) -> None:
        raise error

    monkeypatch.setattr(cli, loader, fail)
    assert run(*command) == (2, "", f"sphinx-ndif: error: {message}\n")


def test_interrupt_and_closed_pipe(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    def closed(*args: object) -> None:
        raise BrokenPipeError

    monkeypatch.setattr(cli, "load_dataset", interrupt)
    assert run("list")[0] == 130
    monkeypatch.setattr(cli, "load_dataset", closed)
    assert run("list") == (1, "", "")


# ------------------------------------------------------------------ round trips

COMPARED = ("key", "title", "authors", "year", "venue", "url", "doi", "summary", "tags", "role",
            "alt_url", "project_url", "arxiv_id")  # fmt: skip


def fields(record: PaperRecord) -> dict[str, Any]:
    return {name: getattr(record, name) for name in COMPARED}


def round_trip(
    run: Run, source: Path, tmp_path: Path
) -> tuple[list[PaperRecord], list[PaperRecord]]:
    """``convert`` the source, load the BibTeX it wrote: the records before and after."""
    target = tmp_path / "converted.bib"
    status, _out, err = run("convert", source, "-o", target)
    assert status == 0, err
    before = load_source(source)
    after = load_source(target)
    assert [p for p in after.problems if not p.quality] == []
    return before.records, after.records


def write_source(tmp_path: Path, kind: str) -> Path:
    if kind == "bib":
        return write(tmp_path / "tricky.bib", TRICKY_BIB)
    if kind == "pipeline":
        return write_json(tmp_path / "pipeline.json", PIPELINE)
    if kind == "csl":
        return write_json(tmp_path / "csl.json", CSL)
    if kind == "cff-preferred":
        return write(tmp_path / "preferred" / "CITATION.cff", CFF_PREFERRED)
    if kind == "cff-software":
        return write(tmp_path / "software" / "CITATION.cff", CFF_SOFTWARE)
    assert kind == "bundled"
    return BUNDLED_BIB


@pytest.mark.parametrize(
    "kind", ["bib", "pipeline", "csl", "cff-preferred", "cff-software", "bundled"]
)
def test_convert_round_trip(run: Run, tmp_path: Path, kind: str) -> None:
    before, after = round_trip(run, write_source(tmp_path, kind), tmp_path)
    assert len(after) == len(before) > 0
    for old, new in zip(before, after, strict=True):
        assert fields(new) == fields(old)


def test_round_trip_fixtures_hold_what_they_should(tmp_path: Path) -> None:
    """The round trips above are only worth something if the sources are tricky."""
    bib = load_source(write_source(tmp_path, "bib")).records
    assert bib[0].title == "R&D at 50% — Café–Bistro LLMs: “Quoted” and $\\alpha$-tests"
    assert bib[0].venue == "NeurIPS 2024" and bib[0].arxiv_id == "2401.01234"
    assert bib[0].authors[2] == Person(given="Jan", von="van der", family="Berg")
    assert bib[0].tags == ("uses-nnsight", "probing", "steering")
    assert bib[1].role is Role.CITATION and bib[1].authors[1].suffix == "Jr."
    pipeline = load_source(write_source(tmp_path, "pipeline")).records
    assert pipeline[0].title == PIPELINE[0]["title"] and not pipeline[0].keyed
    assert pipeline[0].authors[2] == Person(given="Ludwig", von="van", family="Beethoven")
    assert pipeline[0].project_url and pipeline[0].arxiv_id == "2501.01234"
    csl = load_source(write_source(tmp_path, "csl")).records
    assert csl[0].tags == ("probing", "model-editing") and "&" in csl[0].authors[-1].family
    assert csl[1].url == "https://doi.org/10.5555/roe.2022"
    cff = load_source(write_source(tmp_path, "cff-preferred")).records
    assert cff[0].role is Role.CITATION and cff[0].authors[1].suffix == "III"
    software = load_source(write_source(tmp_path, "cff-software")).records
    assert software[0].entry_type == "software" and software[0].doi == "10.5281/zenodo.1234"


@pytest.mark.parametrize("kind", ["csl", "cff"])
def test_round_trip_capitalised_particle(run: Run, tmp_path: Path, kind: str) -> None:
    if kind == "csl":
        author = {"family": "Cao", "given": "Nicola", "non-dropping-particle": "De"}
        source = write_json(tmp_path / "csl.json", [{**CSL[1], "author": [author]}])
    else:
        source = write(
            tmp_path / "CITATION.cff",
            CFF_SOFTWARE.replace(
                "  - family-names: Fiotto-Kaufman\n    given-names: Jaden\n",
                "  - family-names: Cao\n    given-names: Nicola\n    name-particle: De\n",
            ),
        )
    before, after = round_trip(run, source, tmp_path)
    assert before[0].authors[0] == Person(given="Nicola", von="De", family="Cao")
    # BibTeX reads a capitalised particle as part of the family name ("De Cao"): the
    # name reads the same, only its split differs.
    assert after[0].authors[0] == Person(given="Nicola", family="De Cao")
    assert after[0].authors[0].display == before[0].authors[0].display


def test_round_trip_csl_id_that_is_no_bibtex_key(run: Run, tmp_path: Path) -> None:
    source = write_json(tmp_path / "csl.json", [{**CSL[1], "id": "Smith 2020, draft"}])
    before, after = round_trip(run, source, tmp_path)
    assert before[0].key == "Smith-2020-draft"  # made usable as a key (and in :keys:)
    assert [fields(r) for r in after] == [fields(r) for r in before]


def test_round_trip_pipeline_image(run: Run, tmp_path: Path) -> None:
    before, after = round_trip(run, write_source(tmp_path, "pipeline"), tmp_path)
    assert before[0].image == "/images/cafe.png"
    assert after[0].image == before[0].image


BAD_FILES = {
    "empty.bib": ("", "data file {path} holds no entries"),
    "random.bib": (bytes(range(256)) * 3, "data file {path} holds no entries"),
    "comments.bib": ("@comment{nothing}\n@string{x = {y}}\n", "data file {path} holds no entries"),
    "empty.json": ("[]", "data file {path} holds no entries"),
    "directory.bib": (None, "data file {path} is a directory"),
    "missing.bib": (False, "data file not found: {path}"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
@pytest.mark.parametrize(
    "command", [["check"], ["list"], ["tags"], ["export", "--format", "ris"], ["convert"]]
)
def test_a_bad_file_is_one_line_and_status_2_in_every_command(
    run: Run, tmp_path: Path, name: str, command: list[str]
) -> None:
    content, message = BAD_FILES[name]
    path = tmp_path / name
    if content is None:
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not False:
        path.write_text(content, encoding="utf-8")
    status, out, err = run(*command, path)
    text = message.format(path=path)
    assert status == 2
    if command == ["check"]:  # check's own format: the problem on stdout, a count on stderr
        assert out.splitlines() == [f"{path}: error: {text} [{_subtype(text)}]"]
        assert err == "1 error, 0 warnings in 1 file\n"
    else:
        assert (out, err) == ("", f"sphinx-ndif: error: {text}\n")


def _subtype(message: str) -> str:
    return (
        "not-a-file"
        if "directory" in message
        else "missing-file"
        if "not found" in message
        else "no-entries"
    )


def test_check_fails_when_an_entry_is_skipped(run: Run, tmp_path: Path) -> None:
    bib = write(
        tmp_path / "skip.bib",
        "@article{a, title = {T}, year = 2000}\n@article{b title = {x}, year = 2000}\n",
    )
    status, out, _err = run("check", bib)
    assert status == 1
    assert "[parse-error]" in out


def test_braced_corporate_authors_are_not_suspect(run: Run, tmp_path: Path) -> None:
    bib = write(
        tmp_path / "corporate.bib",
        "@misc{a, author = {{{\\LaTeX3} team} and {Association for Computing Machinery}},\n"
        " title = {T}, year = 2000}\n"
        "@misc{b, author = {Association for Computational Linguistics 2025, Kfir Bar},\n"
        " title = {U}, year = 2001}\n",
    )
    status, out, _err = run("check", bib)
    assert status == 0
    assert [line.split(": warning: ")[1] for line in out.splitlines()] == [
        "author 'Kfir Bar Association for Computational Linguistics 2025' looks like a venue "
        "or a date [suspect-author]"
    ]


def test_merge_into_an_empty_curated_file(run: Run, tmp_path: Path) -> None:
    """An empty INTO.bib is where a curated list starts, not a file without entries."""
    into = write(tmp_path / "into.bib", "")
    new = write(
        tmp_path / "new.json",
        '[{"title": "A paper on things", "authors": "Ann Bee", "year": 2024,'
        ' "url": "https://x.org/a", "category": "uses_nnsight"}]',
    )
    status, _out, _err = run("merge", new, into)
    assert status == 0
    assert "A paper on things" in into.read_text(encoding="utf-8")
    directory = tmp_path / "dir.bib"
    directory.mkdir()
    assert run("merge", new, directory) == (
        2, "", f"sphinx-ndif: error: data file {directory} is a directory\n"
    )  # fmt: skip
