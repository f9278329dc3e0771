"""NNsight's docs in miniature (tests/roots/test-nnsight), built as dirhtml: the HTML's
structure, and the README's "In the NNsight docs" section against the files it shows."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from sphinx_ndif.dataset import BUNDLED_BIB, load_dataset
from sphinx_ndif.nodes import part_title, text_part
from sphinx_ndif.render.filter_data import vocabulary_order
from sphinx_ndif.text import paper_id

ROOT = Path(__file__).parent / "roots" / "test-nnsight"
README = Path(__file__).parent.parent / "README.md"
DATASET = load_dataset([BUNDLED_BIB])
BY_ID = {paper_id(record.key): record for record in DATASET.papers}
PAGES = ("citing", "research", "topics", "gallery")
# Where a script of the site's may rewrite <p>: our blocks must not hold any.
OURS = ".ndif-papers, .ndif-citation, .ndif-formats"


def readme_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## In the NNsight docs\n")
    return text[start : text.index("\n## ", start + 1)]


def test_readme_shows_exactly_the_pages_the_root_builds() -> None:
    section = readme_section()
    for name in ("citing.rst", "research.rst"):
        block = re.search(rf"`{re.escape(name)}`[^\n]*:\n\n```rst\n(.*?)```", section, re.S)
        assert block is not None, name
        assert block.group(1) == (ROOT / name).read_text(encoding="utf-8"), name
    conf = re.search(r"```python\n(.*?)```", section, re.S)
    assert conf is not None
    lines = conf.group(1).strip().splitlines()
    assert lines and all(line in (ROOT / "conf.py").read_text().splitlines() for line in lines)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SphinxTestApp]:
    src = tmp_path_factory.mktemp("nnsight") / "src"
    shutil.copytree(ROOT, src)
    app = SphinxTestApp("dirhtml", srcdir=src, warningiserror=True)
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


def page(app: Any, name: str) -> BeautifulSoup:
    html = (Path(app.outdir) / name / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def test_builds_clean_as_dirhtml(built: Any) -> None:
    assert built.warning.getvalue() == ""
    for name in PAGES:
        assert (Path(built.outdir) / name / "index.html").is_file()


@pytest.mark.parametrize("name", PAGES)
def test_no_paragraph_element_in_our_blocks(built: Any, name: str) -> None:
    """A site script that rewrites <p> finds nothing of ours to rewrite."""
    soup = page(built, name)
    blocks = soup.select(OURS)
    assert blocks
    for block in blocks:
        assert block.find("p") is None, block.find("p")


@pytest.mark.parametrize("name", ["research", "topics", "gallery"])
def test_each_part_of_a_paper_is_a_block_with_its_class(built: Any, name: str) -> None:
    soup = page(built, name)
    papers = soup.select("li.ndif-paper")
    assert len(papers) >= len(DATASET.papers)
    for paper in papers:
        children = [child for child in paper.children if isinstance(child, Tag)]
        assert children[0].name == "div" and "ndif-paper-title" in children[0]["class"]
        for child in children:
            assert child.name in {"div", "details"}, child.name
            assert any(cls.startswith("ndif-paper-") for cls in child["class"]), child["class"]


def test_rubrics_of_ours_are_divs(built: Any) -> None:
    groups = page(built, "topics").select(".ndif-papers > .ndif-group")
    assert groups and all(g.name == "div" and "rubric" in g["class"] for g in groups)
    titles = page(built, "citing").select(".ndif-format > .ndif-format-title")
    assert [t.get_text() for t in titles] == ["NDIF", "APA", "MLA", "BibTeX", "BibLaTeX", "RIS"]
    assert all(t.name == "div" and "rubric" in t["class"] for t in titles)


def test_citation_parts_are_divs(built: Any) -> None:
    block = page(built, "citing").select(".ndif-citation")[0]
    parts = [c for c in block.children if isinstance(c, Tag)]
    classes = [c["class"][0] for c in parts]
    assert classes[:2] == ["ndif-citation-intro", "ndif-citation-reference"]
    assert [c.name for c in parts if c["class"][0] != "ndif-citation-bibtex"] == ["div"] * 3


def test_the_other_builders_still_see_paragraphs() -> None:
    """The part nodes are paragraphs and rubrics to every builder but HTML's."""
    assert issubclass(text_part, nodes.paragraph) and issubclass(part_title, nodes.rubric)


def test_search_text_is_the_data_whatever_the_style(built: Any) -> None:
    """In APA (no byline), each paper's searchable text still holds every author and the
    venue; it is the same in every list that shows the paper."""
    texts: dict[str, set[str]] = {}
    for name in ("research", "topics"):
        for item in page(built, name).select("li.ndif-paper"):
            base = re.sub(r"-\d+$", "", item["id"])
            texts.setdefault(base, set()).add(item["data-search"])
    assert set(texts) == set(BY_ID)
    for element_id, found in texts.items():
        record = BY_ID[element_id]
        assert len(found) == 1, element_id
        text = found.pop()
        assert record.title in text
        for person in record.authors:
            assert person.display in text
        assert record.venue in text and record.summary in text


def test_tag_labels_are_pairs_in_vocabulary_order(built: Any) -> None:
    for name in ("research", "topics"):
        container = page(built, name).select_one(".ndif-papers")
        assert container is not None
        pairs = json.loads(container["data-ndif-tag-labels"])
        used = {tag for record in DATASET.papers for tag in record.tags}
        assert [name for name, _ in pairs] == vocabulary_order(DATASET, used)
        assert pairs[0] == ["uses-nnsight", "Built with NNsight"]
        kinds = [DATASET.vocabulary[name].kind for name, _ in pairs if name in DATASET.vocabulary]
        assert kinds == sorted(kinds, key=["category", "method", "topic"].index)
        assert [label for _, label in pairs] != sorted(label for _, label in pairs)


def test_vocabulary_order_keeps_kinds_together_and_unknown_tags_last() -> None:
    vocabulary = list(DATASET.vocabulary)
    tags = {vocabulary[-1], "zzz-new", "aaa-new", "references-ndif", vocabulary[4]}
    assert vocabulary_order(DATASET, tags) == [
        "references-ndif",
        vocabulary[4],
        vocabulary[-1],
        "aaa-new",
        "zzz-new",
    ]


def test_page_knows_copybuttons_selector(built: Any) -> None:
    scripts = " ".join(s.get_text() for s in page(built, "research").find_all("script"))
    assert 'window.NDIF_OPTIONS = {"copybuttonSelector": "div.highlight pre"};' in scripts
