"""NNsight's docs in miniature (tests/roots/test-nnsight), built as dirhtml: the HTML's
structure, and the guide's "In the NNsight docs" page against the files it shows."""

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
GUIDE_PAGE = Path(__file__).parent.parent / "example_docs" / "nnsight.rst"
DATASET = load_dataset([BUNDLED_BIB])
BY_ID = {paper_id(record.key): record for record in DATASET.papers}
PAGES = ("citing", "research", "topics", "gallery")
# Where a script of the site's may rewrite <p>: our blocks must not hold any.
OURS = ".ndif-papers, .ndif-citation, .ndif-formats"


def included_files() -> dict[str, str]:
    """What the guide's page shows of each file: ``{name: text}``, read as its
    ``literalinclude`` directives read them (whole, or after ``:start-after:``)."""
    page = GUIDE_PAGE.read_text(encoding="utf-8")
    shown: dict[str, str] = {}
    pattern = r"^\.\. literalinclude:: (\S+)\n((?:   :[\w-]+:.*\n)*)"
    for match in re.finditer(pattern, page, re.M):
        path = (GUIDE_PAGE.parent / match.group(1)).resolve()
        assert path.parent == ROOT.resolve(), f"{match.group(1)} is not a file of the root"
        text = path.read_text(encoding="utf-8")
        options = dict(re.findall(r"   :([\w-]+): ?(.*)", match.group(2)))
        assert set(options) <= {"language", "start-after"}, options
        if "start-after" in options:
            assert options["start-after"] in text
            text = text.split(options["start-after"], 1)[1].split("\n", 1)[1]
        shown[path.name] = text
    return shown


def test_the_guide_shows_exactly_the_pages_the_root_builds() -> None:
    shown = included_files()
    assert set(shown) == {"conf.py", "citing.rst", "research.rst"}
    for name in ("citing.rst", "research.rst"):
        assert shown[name] == (ROOT / name).read_text(encoding="utf-8"), name
    # conf.py: only the lines added for sphinx-ndif, and they load it.
    lines = [line for line in shown["conf.py"].splitlines() if line.strip()]
    assert lines == ['extensions.append("sphinx_ndif")']
    page = GUIDE_PAGE.read_text(encoding="utf-8")
    for name in ("citing.rst", "research.rst"):
        assert f"``{name}``" in page  # each file is named where it is shown


def test_readme_shows_exactly_the_pages_the_root_builds() -> None:
    """The README's "In the NNsight docs": the conf.py line and both pages, as built here."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## In the NNsight docs\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^```(\w+)\n(.*?)^```$", section, re.S | re.M)
    assert [language for language, _ in blocks] == ["python", "rst", "rst"]
    conf = (ROOT / "conf.py").read_text(encoding="utf-8")
    assert blocks[0][1].strip() in conf.split("# Added for sphinx-ndif", 1)[1]
    for (_, text), name in zip(blocks[1:], ("citing.rst", "research.rst"), strict=True):
        assert text == (ROOT / name).read_text(encoding="utf-8"), name
        assert f"`{name}`" in section


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
