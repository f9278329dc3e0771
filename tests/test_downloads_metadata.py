"""Downloads (.bib and .ris beside the page) and scholarly metadata in the page head."""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from bibtexparser.entrypoint import parse_string
from sphinx.testing.util import SphinxTestApp

from sphinx_ndif.dataset_cache import CACHE_NAME

from .conftest import BASE_CONF, Build, find

SRC = Path(__file__).parent.parent / "src" / "sphinx_ndif"

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


@pytest.mark.parametrize(
    ("builder", "page", "href"),
    [
        ("html", "sub/list.html", "../_downloads/ndif/sub.list.ndif-papers.bib"),
        ("dirhtml", "sub/list/index.html", "../../_downloads/ndif/sub.list.ndif-papers.bib"),
        ("singlehtml", "index.html", "_downloads/ndif/sub.list.ndif-papers.bib"),
    ],
)
def test_every_html_builder_links_the_files_it_writes(
    build: Build, builder: str, page: str, href: str
) -> None:
    built = build(PAGES, builder=builder)
    links = built.html(page).select("a.ndif-download-bib, a.ndif-download-ris")
    hrefs = [a["href"] for a in links]
    assert href in hrefs
    assert all(a.has_attr("download") for a in links)  # the browser saves, not shows, them
    folder = Path(built.app.outdir, page).parent
    for link in hrefs:
        assert (folder / link).resolve().is_file(), link
    assert built.warnings == ""


NO_DOWNLOADS_BUILDER = 'extensions.append("tests.no_downloads_builder")\n'


def test_a_builder_without_downloads_writes_no_file_and_no_paragraph(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    srcdir = tmp_path / "src"
    (srcdir / "sub").mkdir(parents=True)
    (srcdir / "conf.py").write_text(BASE_CONF + NO_DOWNLOADS_BUILDER)
    for name, text in PAGES.items():
        (srcdir / name).write_text(text)
    app = make_app("nodownloads", srcdir=srcdir)
    try:
        app.build()
    finally:
        app.cleanup()
    html = (app.outdir / "sub" / "list.html").read_text(encoding="utf-8")
    assert "Evidence of Learned Look-Ahead" in html and "Download" not in html
    assert not (app.outdir / "_downloads").exists()
    assert app.warning.getvalue() == ""


def test_files_are_written_with_their_page_only(build: Build) -> None:
    """Written as the HTML builder writes the page: a page that is not written (another
    builder reads the same project) leaves no file."""
    built = build(PAGES, builder="latex")
    assert not (built.app.outdir / "_downloads").exists()
    assert "Download" not in "".join(p.read_text() for p in built.app.outdir.glob("*.tex"))


def test_no_private_sphinx_module_is_imported() -> None:
    """Private modules (``sphinx.builders._epub_base``) change without notice."""
    private = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            ) + ([node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            private += [
                f"{path.name}: {name}"
                for name in names
                if name.split(".")[0] in {"sphinx", "docutils"}
                and any(part.startswith("_") for part in name.split("."))
            ]
    assert private == []


@pytest.mark.parametrize("builder", ["html", "text"])
def test_head_metadata_is_not_kept_between_builds(build: Build, builder: str) -> None:
    """Made when HTML is written, from the keys noted when the page was read: neither the
    environment nor a page's doctree holds the papers' metadata."""
    built = build(PAGES, builder=builder)
    doctrees = Path(built.app.doctreedir)
    kept = b"".join(
        p.read_bytes()
        for p in [*doctrees.rglob("*.doctree"), *doctrees.glob("*.pickle")]
        if p.name != CACHE_NAME
    )
    assert b"Hidden Pieces" not in kept  # a listed paper's title
    assert b"ScholarlyArticle" not in kept and b"citation_title" not in kept


def test_files_are_written_by_parallel_writers_too(build: Build) -> None:
    """With ``-j`` pages are written in worker processes, which write their files."""
    built = build(PAGES, parallel=2)
    folder = built.app.outdir / "_downloads" / "ndif"
    assert sorted(p.name for p in folder.iterdir()) == [
        "index.fiotto-kaufman2025nnsight.bib",
        "index.fiotto-kaufman2025nnsight.ris",
        "sub.list.ndif-papers.bib",
        "sub.list.ndif-papers.ris",
    ]


def test_parallel_writers_share_one_load_of_the_data(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """Pages written again without being read (an HTML setting changed), by worker
    processes, whose heads need the data: it is loaded once, and its problem said once.
    The first page written (in the main process, by Sphinx) uses no data."""
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(BASE_CONF + 'ndif_data_files = ["x.bib"]\n')
    (srcdir / "x.bib").write_text("@misc{bad, title = {Unclosed}\n@misc{k1, title = {F}}\n")
    (srcdir / "a0.rst").write_text(":orphan:\n\nA\n=\n\nNo directive.\n")
    pages = [f"c{i}" for i in range(24)]
    (srcdir / "index.rst").write_text(
        "I\n=\n\n.. toctree::\n\n" + "".join(f"   {p}\n" for p in pages)
    )
    for page in pages:
        (srcdir / f"{page}.rst").write_text(f"{page}\n===\n\n.. ndif-citation:: k1\n")
    for overrides in ({}, {"html_title": "Retitled"}):
        app = make_app("html", srcdir=srcdir, parallel=2, confoverrides=overrides)
        try:
            app.build()
        finally:
            app.cleanup()
        assert app.warning.getvalue().count("x.bib:1:") == 1
    assert "Retitled" in (app.outdir / "c3.html").read_text(encoding="utf-8")
