"""Incremental and parallel builds: exactly the affected pages, the same output."""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
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
        self.written = []
        app.connect("env-before-read-docs", lambda _app, _env, names: read.extend(names))
        app.connect("html-page-context", self._note_written)
        try:
            app.build()
        finally:
            app.cleanup()
        return app, sorted(read)

    def _note_written(self, app: SphinxTestApp, pagename: str, *args: object) -> None:
        # Sphinx writes the page holding the toctree again whenever a page in it was
        # read (its entry may have a new title): not ours to count.
        if pagename in app.env.found_docs and pagename != "index":
            self.written.append(pagename)

    def edit(self, name: str, text: str) -> None:
        (self.srcdir / name).write_text(text, encoding="utf-8")
        self.touch(name)

    written: list[str]
    """The pages the last build wrote, but for the index (see :meth:`_note_written`)."""

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
        ":orphan:\n\nMore\n====\n\n.. ndif-papers::\n   :keys: good2025first\n   :tags: our-lab\n"
        "\n.. ndif-citation:: good2025first\n\nSee :ndif-cite:`good2025first`.\n"
    )
    app, _ = project.build()
    domain = app.env.get_domain(NdifDomain.name)
    assert isinstance(domain, NdifDomain)
    assert domain.listings["more"] == [("good2025first", "paper-good2025first")]
    assert domain.tag_lists["more"] == [("our-lab", "ndif-papers")]
    assert domain.references["more"] == [("cite", "good2025first")]
    assert domain.cited["more"] == "good2025first"
    (project.srcdir / "more.rst").unlink()
    app, _ = project.build()
    domain = app.env.get_domain(NdifDomain.name)
    assert isinstance(domain, NdifDomain)
    tables = (domain.listings, domain.tag_lists, domain.references, domain.cited)
    assert not any("more" in table for table in tables)
    assert "index" in domain.listings


def _body(html: str) -> str:
    match = re.search(r'<div class="body" role="main">(.*?)<div class="sphinxsidebar"', html, re.S)
    assert match is not None
    return match.group(1)


def test_parallel_build_matches_serial(make_app: MakeApp, tmp_path: Path) -> None:
    # Every kind of state the domain keeps, on every page: listings, tag lists, the
    # roles' links and the cited record must all survive the merge of parallel reads.
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
    state = states[0][0]
    assert sorted(state["references"]) == sorted(state["cited"]) == pages_names  # type: ignore[arg-type]
    assert sorted(state["tag_lists"]) == pages_names  # type: ignore[arg-type]


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


LIST = "List\n====\n\n.. ndif-papers::\n   :keys: {keys}\n"
LINKED_PAGES = {
    "index.rst": "I\n=\n\n.. toctree::\n   :glob:\n\n   *\n",
    "list.rst": LIST.format(keys="zhu2024language, davis2024hidden"),
    "games.rst": "Games\n=====\n\n.. ndif-papers::\n   :tags: games\n",
    "cite_zhu.rst": "Z\n=\n\nSee :ndif-cite:`zhu2024language`.\n",
    "cite_davis.rst": "D\n=\n\nSee :ndif-cite:`davis2024hidden`.\n",
    "cite_games.md": "# G\n\nSee {ndif-tag}`games`.\n",
    "plain.rst": "Plain\n=====\n\nNo directive, no role.\n",
}


@pytest.fixture
def linked(make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """Pages that list papers, pages that cite them inline, and a page with neither."""
    srcdir = tmp_path / "linked"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_ndif", "myst_parser"]\nhtml_theme = "basic"\n'
    )
    for name, text in LINKED_PAGES.items():
        (srcdir / name).write_text(text)
    project = Project(make_app, srcdir, monkeypatch)
    project.build()
    return project


def _href(app: SphinxTestApp, page: str) -> str:
    soup = BeautifulSoup((app.outdir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    link = soup.select_one("a:has(.ndif-cite), a:has(.ndif-tag-ref)")
    assert link is not None
    return f"{link['href']} {link.get('title', '')}".strip()


def test_editing_a_page_without_directive_or_role_reads_no_other_page(linked: Project) -> None:
    linked.edit("plain.rst", "Plain\n=====\n\nStill no directive, no role.\n")
    _, read = linked.build()
    assert read == ["plain"]
    assert linked.written == ["plain"]


def test_editing_a_citing_page_reads_no_other_citing_page(linked: Project) -> None:
    linked.edit("cite_zhu.rst", "Z\n=\n\nSee :ndif-cite:`zhu2024language` again.\n")
    _, read = linked.build()
    assert read == ["cite_zhu"]
    assert linked.written == ["cite_zhu"]


def test_a_page_that_gains_a_list_rewrites_the_citations_it_adds_a_listing_to(
    linked: Project,
) -> None:
    linked.edit("plain.rst", "Plain\n=====\n\n" + LIST.format(keys="davis2024hidden"))
    app, read = linked.build()
    assert read == ["plain"]
    assert sorted(linked.written) == ["cite_davis", "plain"]
    link = "games.html#paper-davis2024hidden Also listed on: list, plain"
    assert _href(app, "cite_davis") == link


def test_a_listing_page_edit_touches_only_the_citations_whose_target_moved(
    linked: Project,
) -> None:
    linked.edit("list.rst", LIST.format(keys="davis2024hidden"))  # zhu2024language goes
    app, read = linked.build()
    assert read == ["list"]
    assert sorted(linked.written) == ["cite_zhu", "list"]
    assert _href(app, "cite_zhu") == "https://arxiv.org/abs/2402.18496"
    assert _href(app, "cite_davis") == "games.html#paper-davis2024hidden Also listed on: list"


def test_a_listing_page_edit_that_moves_nothing_touches_no_citation(linked: Project) -> None:
    linked.edit("list.rst", LIST.format(keys="zhu2024language, davis2024hidden") + "\nMore.\n")
    _, read = linked.build()
    assert read == ["list"]
    assert linked.written == ["list"]


def test_a_removed_tag_list_rewrites_the_tag_citations(linked: Project) -> None:
    (linked.srcdir / "games.rst").unlink()
    app, read = linked.build()
    assert read == ["index"]  # its glob toctree lost a page
    assert "cite_games" in linked.written and "cite_zhu" not in linked.written
    soup = BeautifulSoup((app.outdir / "cite_games.html").read_text(), "html.parser")
    assert soup.select_one("a:has(.ndif-tag-ref)") is None  # no list of its papers is left
