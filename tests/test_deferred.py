"""Paper lists are chosen when a page is read and rendered when it is written."""

from __future__ import annotations

import re

import pytest
from docutils import nodes

from sphinx_ndif.dataset import BUNDLED_BIB, load_dataset
from sphinx_ndif.nodes import paper_item, pending_papers
from sphinx_ndif.query import GroupBy
from sphinx_ndif.render.deferred import RenderPendingPapers, pending_list, render_pending
from sphinx_ndif.render.papers import ListedGroup

from .conftest import Build, find, paper_keys

PAGE = "Papers\n======\n\n.. ndif-papers::\n   :tags: games\n   :group-by: year\n"


def test_the_read_page_keeps_a_placeholder_and_no_paper_nodes(build: Build) -> None:
    built = build({"index.rst": PAGE})
    read = built.read_doctree()
    placeholders = list(read.findall(pending_papers))
    assert len(placeholders) == 1
    assert not list(read.findall(paper_item))
    rows = [key for _by, _name, group in placeholders[0]["groups"] for key, _id in group]
    assert rows
    written = built.doctree()
    assert not list(written.findall(pending_papers))
    assert [f"paper-{key}" for key in rows] == paper_keys(written)


def test_element_ids_are_the_ones_the_roles_resolve_against(build: Build) -> None:
    page = PAGE + "\nSee :ndif-cite:`jenner2024evidence`.\n"
    built = build({"index.rst": page})
    link = built.html().find("a", href="#paper-jenner2024evidence")
    assert link is not None
    assert built.html().find(id="paper-jenner2024evidence") is not None


def test_papers_get_typographic_quotes_like_the_rest_of_the_page(build: Build) -> None:
    bib = '@misc{q1, title = {The "Clock" and O\'Neil}, year = 2024, keywords = {games}}\n'
    conf = 'ndif_data_files = ["q.bib"]\nndif_include_bundled = False\n'
    page = "Papers\n======\n\n.. ndif-papers::\n"
    curly = build({"index.rst": page, "q.bib": bib}, conf=conf)
    title = find(curly.doctree(), "ndif-paper-title")[0].astext()
    assert title == "The \u201cClock\u201d and O\u2019Neil"
    straight = build({"index.rst": page, "q.bib": bib}, conf=conf + "smartquotes = False\n")
    assert find(straight.doctree(), "ndif-paper-title")[0].astext() == 'The "Clock" and O\'Neil'


def test_a_key_gone_from_the_data_is_left_out() -> None:
    dataset = load_dataset([BUNDLED_BIB], check=False)
    games = [record for record in dataset.records.values() if "games" in record.tags]
    groups = [ListedGroup(GroupBy.TAG, "games", tuple((r, f"id-{n}") for n, r in enumerate(games)))]
    node = pending_list(
        groups,
        ["authors"],
        element_id="list",
        filter_bar=True,
        style="plain",
        style_base=None,
        download=("list", [record.key for record in games]),
    )
    node["groups"][0][2].insert(0, ("no-such-key", "id-gone"))
    node["download_keys"].append("no-such-key")
    [container] = render_pending(dataset, node)
    items = list(container.findall(paper_item))
    assert [item["ids"] for item in items] == [[f"id-{n}"] for n in range(len(games))]
    download = find(container, "ndif-download")[0]
    assert download["count"] == len(games)
    assert isinstance(container[1], nodes.rubric)


def test_no_filter_asks_one_list_for_no_filter_bar(build: Build) -> None:
    page = PAGE + "\n.. ndif-papers::\n   :tags: games\n   :no-filter:\n"
    lists = build({"index.rst": page}).html().select("div.ndif-papers")
    assert [("ndif-no-filter" in div["class"]) for div in lists] == [False, True]
    # Only the list with a bar carries the text its search reads.
    searched = [[li.has_attr("data-search") for li in div.select("li")] for div in lists]
    assert all(searched[0]) and searched[0] and not any(searched[1]) and searched[1]


def test_ndif_html_filter_false_asks_every_list_for_none(build: Build) -> None:
    built = build({"index.rst": PAGE}, conf="ndif_html_filter = False\n")
    [div] = built.html().select("div.ndif-papers")
    assert "ndif-no-filter" in div["class"]


@pytest.mark.parametrize("builder", ["html", "latex", "text", "man", "texinfo"])
def test_a_placeholder_left_unrendered_is_dropped(
    build: Build, monkeypatch: pytest.MonkeyPatch, builder: str
) -> None:
    # As if a builder wrote pages without Sphinx's post-transforms: no crash, no list.
    monkeypatch.setattr(RenderPendingPapers, "run", lambda self, **kwargs: None)
    built = build({"index.rst": PAGE + "\nAfter the list.\n"}, builder=builder)
    assert list(built.doctree().findall(pending_papers))
    output = "".join(
        path.read_text(encoding="utf-8")
        for path in built.app.outdir.rglob("*")
        if path.suffix in {".html", ".tex", ".txt", ".1", ".texi"}
    )
    output = re.sub(r"<head>.*?</head>", "", output, flags=re.DOTALL)  # metadata: read time
    assert "After the list." in output
    assert "Evidence of Learned Look-Ahead" not in output
