"""Downloads (.bib and .ris beside the page) and scholarly metadata in the page head."""

from __future__ import annotations

import json

import pytest
from bibtexparser.entrypoint import parse_string

from .conftest import Build, find

PAGES = {
    "index.rst": "I\n=\n\n.. toctree::\n\n   sub/list\n\n.. ndif-citation::\n   :download:\n",
    "sub/list.rst": "L\n=\n\n.. ndif-papers::\n   :tags: games\n   :download:\n",
}


def test_download_files_and_links(build: Build) -> None:
    built = build(PAGES)
    assert built.warnings == ""
    soup = built.html("sub/list.html")
    para = soup.select_one(".ndif-papers div.ndif-download")
    assert para is not None and para.get_text() == "Download 2 entries as BibTeX or RIS."
    bib_link = para.select_one("a.ndif-download-bib")["href"]
    assert bib_link == "../_downloads/ndif/sub.list.ndif-papers.bib"
    bib = (built.app.outdir / "sub" / bib_link).resolve().read_text()
    entries = parse_string(bib).entries
    assert sorted(e.key for e in entries) == ["davis2024hidden", "jenner2024evidence"]
    assert not parse_string(bib).failed_blocks
    ris = (built.app.outdir / "_downloads/ndif/sub.list.ndif-papers.ris").read_text()
    assert ris.count("TY  - ") == 2 and ris.count("ER  - ") == 2
    index = built.html("index.html").select_one(".ndif-citation div.ndif-download")
    assert index.get_text() == "Download 1 entry as BibTeX or RIS."


@pytest.mark.parametrize(
    ("builder", "page"), [("text", "sub/list.txt"), ("epub", "sub/list.xhtml")]
)
def test_download_is_dropped_outside_html(build: Build, builder: str, page: str) -> None:
    conf = 'epub_copyright = "2026"\nversion = "1"\n'  # else EPUB warns about its own config
    built = build(PAGES, builder=builder, conf=conf)
    assert "Download" not in built.output(page)
    assert built.warnings == ""
    assert not (built.app.outdir / "_downloads").exists()


def test_highwire_tags_and_json_ld_on_the_citation_page(build: Build) -> None:
    soup = build(PAGES).html("index.html")
    meta = [(m["name"], m["content"]) for m in soup.select("meta[name^=citation_]")]
    assert meta[0] == (
        "citation_title",
        "NNsight and NDIF: Democratizing Access to Foundation Model Internals",
    )
    assert [v for k, v in meta if k == "citation_author"][:2] == [
        "Jaden Fried Fiotto-Kaufman",
        "Alexander Russell Loftus",
    ]
    assert len([k for k, _ in meta if k == "citation_author"]) == 20
    assert ("citation_publication_date", "2025") in meta
    assert ("citation_conference_title", "ICLR 2025") in meta
    assert ("citation_abstract_html_url", "https://openreview.net/forum?id=MxbEiFRf39") in meta
    (script,) = soup.select('script[type="application/ld+json"]')
    data = json.loads(script.string)
    assert data["@type"] == "ScholarlyArticle" and data["datePublished"] == "2025"
    assert len(data["author"]) == 20


def test_item_list_on_a_papers_page(build: Build) -> None:
    soup = build(PAGES).html("sub/list.html")
    assert soup.select("meta[name^=citation_]") == []
    (script,) = soup.select('script[type="application/ld+json"]')
    data = json.loads(script.string)
    assert data["@type"] == "ItemList"
    names = [item["item"]["name"] for item in data["itemListElement"]]
    assert names == [
        "Evidence of Learned Look-Ahead in a Chess-Playing Neural Network",
        "Hidden Pieces: An Analysis of Linear Probes for GPT Representation Edits",
    ]


def test_metadata_off(build: Build) -> None:
    soup = build(PAGES, conf="ndif_html_metadata = False\n").html("index.html")
    assert soup.select("meta[name^=citation_]") == []
    assert soup.select('script[type="application/ld+json"]') == []


def test_hostile_text_stays_inert_in_metadata(build: Build) -> None:
    bib = (
        '@misc{evil, title = {</script><script>alert(1)</script> "quoted"},'
        " author = {Doe, Jane}, year = 2020, ndif-role = {citation}}\n"
    )
    built = build(
        {"index.rst": "I\n=\n\n.. ndif-citation:: evil\n", "x.bib": bib},
        conf='ndif_data_files = ["x.bib"]\n',
    )
    soup = built.html()
    assert [s.get("type") for s in soup.select("script") if "alert" in (s.string or "")] == [
        "application/ld+json"
    ]
    assert json.loads(soup.select_one('script[type="application/ld+json"]').string)[
        "name"
    ].startswith("</script>")
    assert soup.select_one('meta[name="citation_title"]')["content"].startswith("</script>")
    assert find(built.doctree(), "ndif-citation")
