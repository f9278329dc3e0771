"""User data files: merged after the bundled data, and bad input loses nothing else."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from .conftest import ROOTS, Build, find, paper_keys, written_doctree

MakeApp = Callable[..., SphinxTestApp]


@pytest.fixture
def userdata(make_app: MakeApp, tmp_path: Path) -> SphinxTestApp:
    import shutil

    srcdir = tmp_path / "userdata"
    shutil.copytree(ROOTS / "test-userdata", srcdir)
    app = make_app("html", srcdir=srcdir)
    app.build()
    return app


def warnings_of(app: SphinxTestApp) -> list[str]:
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]


def test_every_good_entry_loads_past_a_broken_one(userdata: SphinxTestApp) -> None:
    keys = paper_keys(written_doctree(userdata))
    assert keys == [
        "paper-good2025first",
        "paper-siems2025deltaproduct",
        "paper-good2024second",
    ]


def test_each_problem_is_reported_with_file_line_and_subtype(userdata: SphinxTestApp) -> None:
    lines = warnings_of(userdata)
    lab = str(userdata.srcdir / "refs" / "lab.bib")
    override = str(userdata.srcdir / "refs" / "override.bib")
    expected = [
        (f"{lab}:14: WARNING: entry could not be parsed and is skipped", "[ndif.parse-error]"),
        (f"{lab}:21: WARNING: entry 'good2024second' repeats field 'title' (first at line 20)",
         "[ndif.duplicate-field]"),
        (f"{lab}:18: WARNING: url 'javascript:alert(1)' is not an http(s) link", "[ndif.unsafe-link]"),
        (f"{lab}:27: WARNING: key 'siems2025deltaproduct' is defined again (first at ", "[ndif.duplicate-key]"),
        (f"{override}:1: WARNING: key 'good2024second' is defined again (first at {lab}:18)",
         "[ndif.duplicate-key]"),
    ]  # fmt: skip
    for start, subtype in expected:
        assert any(line.startswith(start) and line.endswith(subtype) for line in lines), start
    assert len(lines) == len(expected), lines
    assert "ndif.bib:" in next(line for line in lines if "siems2025deltaproduct" in line)


def test_later_definition_wins(userdata: SphinxTestApp) -> None:
    tree = written_doctree(userdata)
    titles = [item.children[0].astext() for item in find(tree, "ndif-paper")]
    assert titles == ["Fast TeX & LaTeX – a study of TeX", "Our own copy", "Second, corrected"]


def test_latex_is_decoded_and_macros_resolved(userdata: SphinxTestApp) -> None:
    tree = written_doctree(userdata)
    first = find(tree, "ndif-paper")[0]
    assert find(first, "ndif-paper-byline")[0].astext() == (
        "Jörg Müller and Ann O\u2019Neil. Conference on Language Modeling 2025"  # smart quote
    )
    assert find(first, "ndif-paper-summary")[0].astext() == "We study $x^2$ things."
    tags = [n.astext() for n in first.findall(nodes.inline) if "ndif-tag" in n["classes"]]
    assert tags == ["our-lab", "Model editing"]  # unknown tags show their name


def test_unsafe_link_is_never_emitted(userdata: SphinxTestApp) -> None:
    html = (userdata.outdir / "index.html").read_text(encoding="utf-8")
    assert "javascript:" not in html


def test_a_listed_paper_with_an_unsafe_link_keeps_its_title_unlinked(build: Build) -> None:
    # The test root's unsafe entry is overridden by a later file, so list one here.
    bib = "@misc{bad1, title = {Unsafe}, year = 2024, url = {javascript:alert(1)}}\n"
    built = build(
        {"index.rst": "P\n=\n\n.. ndif-papers::\n", "bad.bib": bib},
        conf='ndif_data_files = ["bad.bib"]\nndif_include_bundled = False\n',
    )
    assert "javascript:" not in built.output("index.html")
    title = built.html().select_one("#paper-bad1 .ndif-paper-title")
    assert title is not None and title.get_text() == "Unsafe" and title.find("a") is None
    assert "[ndif.unsafe-link]" in built.warnings


def test_missing_file_is_an_error_naming_the_path(build: Build) -> None:
    built = build(
        {"index.rst": "P\n=\n\n.. ndif-papers::\n   :limit: 1\n"},
        conf='ndif_data_files = ["nowhere/missing.bib"]\n',
    )
    (line,) = built.warning_lines
    assert "ERROR: data file not found:" in line and "nowhere/missing.bib" in line
    assert line.endswith("[ndif.missing-file]")
    assert len(paper_keys(built.doctree())) == 1  # the bundled data still loads


def test_unknown_extension_is_an_error(build: Build) -> None:
    built = build(
        {"index.rst": "P\n=\n\n.. ndif-papers::\n   :limit: 1\n", "refs.txt": "hello"},
        conf='ndif_data_files = ["refs.txt"]\n',
    )
    (line,) = built.warning_lines
    assert "refs.txt is in no known format" in line and line.endswith("[ndif.unknown-format]")


def test_without_the_bundled_data(build: Build) -> None:
    bib = "@misc{only, title = {Only one}, year = 2020}\n"
    built = build(
        {"index.rst": "P\n=\n\n.. ndif-papers::\n", "only.bib": bib},
        conf='ndif_data_files = ["only.bib"]\nndif_include_bundled = False\n',
    )
    assert paper_keys(built.doctree()) == ["paper-only"]
    assert built.warnings == ""


def test_without_the_bundled_data_the_default_citation_is_unknown(build: Build) -> None:
    built = build(
        {"index.rst": "P\n=\n\n.. ndif-citation::\n"},
        conf="ndif_include_bundled = False\n",
    )
    (line,) = built.warning_lines
    assert "unknown key 'fiotto-kaufman2025nnsight'" in line


def test_suppress_warnings_silences_one_subtype(build: Build) -> None:
    built = build(
        {"index.rst": "P\n=\n\n.. ndif-papers::\n   :tags: nothing-like-this\n"},
        conf='suppress_warnings = ["ndif.unknown-tag"]\n',
    )
    lines = built.warning_lines
    assert len(lines) == 1 and lines[0].endswith("[ndif.no-match]")


def test_a_data_problem_is_reported_once_per_build(build: Build) -> None:
    bib = "@misc{x, title = {A}, title = {B}, year = 2020, keywords = {t}}\n"
    pages = {f"p{i}.rst": f"P{i}\n==\n\n.. ndif-papers::\n   :tags: t\n" for i in range(3)}
    pages["index.rst"] = "I\n=\n\n.. toctree::\n\n   p0\n   p1\n   p2\n"
    built = build({**pages, "x.bib": bib}, conf='ndif_data_files = ["x.bib"]\n')
    assert len(built.warning_lines) == 1
