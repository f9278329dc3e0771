"""Incremental and parallel builds: exactly the affected pages, the same output."""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_ndif.domain import NdifDomain

from .conftest import ROOTS, ParseCounter

MakeApp = Callable[..., SphinxTestApp]


class Project:
    """A copy of a test root built again and again, recording what each build read."""

    def __init__(self, make_app: MakeApp, srcdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.make_app = make_app
        self.srcdir = srcdir
        self.parses = ParseCounter(monkeypatch)

    @property
    def loads(self) -> int:
        """How many times the last build parsed the data files."""
        return self.parses.count

    def build(self, **kwargs: object) -> tuple[SphinxTestApp, list[str]]:
        self.parses.count = 0
        app = self.make_app("html", srcdir=self.srcdir, **kwargs)
        read: list[str] = []
        app.connect("env-before-read-docs", lambda _app, _env, names: read.extend(names))
        try:
            app.build()
        finally:
            app.cleanup()
        return app, sorted(read)

    def touch(self, name: str) -> None:
        later = time.time() + 5
        os.utime(self.srcdir / name, (later, later))


@pytest.fixture
def project(make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    shutil.copytree(ROOTS / "test-userdata", tmp_path / "userdata")
    return Project(make_app, tmp_path / "userdata", monkeypatch)


def test_unrelated_edit_rereads_one_page_and_no_data(project: Project) -> None:
    _, read = project.build()
    assert read == ["index", "unrelated"] and project.loads == 1
    project.touch("unrelated.rst")
    _, read = project.build()
    assert read == ["unrelated"]
    assert project.loads == 0


def test_data_file_edit_rereads_exactly_the_pages_using_it(project: Project) -> None:
    project.build()
    bib = project.srcdir / "refs" / "override.bib"
    bib.write_text(bib.read_text().replace("Second, corrected", "Second, edited"))
    project.touch("refs/override.bib")
    app, read = project.build()
    assert read == ["index"] and project.loads == 1
    assert "Second, edited" in (app.outdir / "index.html").read_text(encoding="utf-8")


def test_no_change_reads_nothing(project: Project) -> None:
    project.build()
    _, read = project.build()
    assert read == [] and project.loads == 0


def test_deleted_page_is_purged(project: Project) -> None:
    (project.srcdir / "more.rst").write_text(
        ":orphan:\n\nMore\n====\n\n.. ndif-papers::\n   :keys: good2025first\n"
    )
    app, _ = project.build()
    domain = app.env.get_domain(NdifDomain.name)
    assert isinstance(domain, NdifDomain)
    assert domain.listings["more"] == [("good2025first", "paper-good2025first")]
    (project.srcdir / "more.rst").unlink()
    app, _ = project.build()
    domain = app.env.get_domain(NdifDomain.name)
    assert isinstance(domain, NdifDomain)
    assert "more" not in domain.listings and "more" not in domain.users
    assert "index" in domain.listings


def _body(html: str) -> str:
    match = re.search(r'<div class="body" role="main">(.*?)<div class="sphinxsidebar"', html, re.S)
    assert match is not None
    return match.group(1)


def test_parallel_build_matches_serial(make_app: MakeApp, tmp_path: Path) -> None:
    # Every kind of state the domain keeps, on every page: listings, tag lists, users,
    # citers and head metadata must all survive the merge of parallel reads.
    pages = {
        f"p{i}.rst": f"P{i}\n==\n\n.. ndif-papers::\n   :tags: uses-nnsight\n   :limit: {i + 3}\n"
        f"\n.. ndif-citation::\n   :show: reference\n"
        f"\nSee :ndif-tag:`uses-nnsight` and :ndif-cite:`feucht2024token`.\n"
        for i in range(8)
    }
    pages["index.rst"] = "I\n=\n\n.. toctree::\n\n" + "".join(f"   p{i}\n" for i in range(8))
    pages_names = [f"p{i}" for i in range(8)]
    outputs = []
    states: list[tuple[dict[str, object], list[str]]] = []
    for parallel in (0, 2, os.cpu_count() or 2):  # serial, -j 2 and -j auto
        srcdir = tmp_path / f"j{len(outputs)}"
        srcdir.mkdir()
        (srcdir / "conf.py").write_text('extensions = ["sphinx_ndif"]\n')
        for name, text in pages.items():
            (srcdir / name).write_text(text)
        app = make_app("html", srcdir=srcdir, parallel=parallel)
        try:
            app.build()
        finally:
            app.cleanup()
        domain = app.env.get_domain(NdifDomain.name)
        assert isinstance(domain, NdifDomain)
        assert sorted(domain.listings) == [f"p{i}" for i in range(8)]
        outputs.append(
            (
                {i: _body((app.outdir / f"p{i}.html").read_text()) for i in range(8)},
                dict(domain.listings),
            )
        )
        pages_html = [(app.outdir / f"p{i}.html").read_text() for i in range(8)]
        assert all('type="application/ld+json"' in page for page in pages_html)
        states.append(({k: v for k, v in domain.data.items() if k != "version"}, pages_html))
    assert outputs[0] == outputs[1] == outputs[2]
    assert states[0] == states[1] == states[2]
    assert sorted(states[0][0]["users"]) == sorted(states[0][0]["citers"]) == pages_names


def test_adding_a_page_with_a_directive_reads_only_it(project: Project) -> None:
    project.build()
    (project.srcdir / "added.rst").write_text(
        ":orphan:\n\nAdded\n=====\n\n.. ndif-papers::\n   :keys: good2025first\n"
    )
    app, read = project.build()
    assert read == ["added"]
    assert project.loads == 0  # the data did not change: the last build's dataset serves
    assert "paper-good2025first" in (app.outdir / "added.html").read_text()


def test_editing_a_tag_in_the_data_updates_the_lists(project: Project) -> None:
    app, _ = project.build()
    assert "Second, corrected" in (app.outdir / "index.html").read_text()
    bib = project.srcdir / "refs" / "override.bib"
    bib.write_text(bib.read_text().replace("keywords = {our-lab}", "keywords = {elsewhere}"))
    project.touch("refs/override.bib")
    app, read = project.build()
    assert read == ["index"]
    assert "Second, corrected" not in (app.outdir / "index.html").read_text()


def test_pages_written_again_without_reading_render_from_the_data(project: Project) -> None:
    project.build()
    # An HTML-only setting rewrites every page without reading one: the lists are
    # rendered at write time, from the dataset kept by the last build (no parse).
    app, read = project.build(confoverrides={"html_title": "Retitled"})
    assert read == [] and project.loads == 0
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "Retitled" in page and 'id="paper-good2025first"' in page


def test_turning_the_filter_bar_off_rewrites_the_lists_without_reading(project: Project) -> None:
    app, _ = project.build()
    assert "ndif-no-filter" not in (app.outdir / "index.html").read_text(encoding="utf-8")
    app, read = project.build(confoverrides={"ndif_html_filter": False})
    assert read == []
    assert "ndif-no-filter" in (app.outdir / "index.html").read_text(encoding="utf-8")
