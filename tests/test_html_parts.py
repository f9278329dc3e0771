"""Our paragraphs and rubrics in HTML: <div>s with their classes, never <p>, so that a
site's script rewriting paragraphs cannot run them together; and the CSS that styles
them is on every page that has them."""

from __future__ import annotations

import pytest

from .conftest import Build

PAGES = {
    "citation": ".. ndif-citation::\n   :download:\n",
    "formats": ".. ndif-citation::\n   :formats: reference, apa, bibtex\n",
    "papers": ".. ndif-papers::\n   :group-by: year\n   :download:\n",
    "styled": ".. ndif-papers::\n   :style: apa\n   :tags: games\n",
    "tags": ".. ndif-tags::\n",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_our_blocks_hold_no_paragraph_and_load_the_css(build: Build, name: str) -> None:
    soup = build({"index.rst": f"Page\n====\n\n{PAGES[name]}"}).html()
    blocks = soup.select(".ndif-citation, .ndif-papers, .ndif-tags")
    assert blocks
    for block in blocks:
        assert block.find("p") is None, block.find("p")
        assert block.select("div[class]")
    assert soup.select_one("link[href*='ndif.css']") is not None


def test_headings_are_rubric_divs(build: Build) -> None:
    page = "Page\n====\n\n" + PAGES["tags"] + "\n" + PAGES["papers"]
    soup = build({"index.rst": page}).html()
    kinds = soup.select(".ndif-tags > .ndif-tag-kind")
    assert [k.get_text() for k in kinds] == ["Categories", "Methods", "Topics"]
    groups = soup.select(".ndif-papers > .ndif-group")
    assert groups and [g.get_text() for g in groups] == sorted(
        (g.get_text() for g in groups), reverse=True
    )
    for heading in kinds + groups:
        assert heading.name == "div" and "rubric" in heading["class"]


def test_the_download_line_is_a_div(build: Build) -> None:
    soup = build({"index.rst": "Page\n====\n\n" + PAGES["papers"]}).html()
    line = soup.select_one(".ndif-papers > .ndif-download")
    assert line is not None and line.name == "div"
    assert [a.get_text() for a in line.find_all("a")] == ["BibTeX", "RIS"]
