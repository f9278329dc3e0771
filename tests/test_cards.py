"""Thumbnails (``:show: image``) and ``:layout: cards``: loading image paths safely,
finding them in ``ndif_image_dir`` or under ``ndif_image_base_url``, and which builders
show them."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from sphinx_ndif.dataset import load_dataset, load_source
from sphinx_ndif.export import to_bibtex
from sphinx_ndif.nodes import paper_image, paper_item

from .conftest import ROOTS, Build, Built, find

PNG = (ROOTS / "test-cards" / "research-images" / "images" / "wide.png").read_bytes()
FOLDER = 'ndif_image_dir = "thumbs"\n'
BASE = 'ndif_image_base_url = "https://ndif.example"\n'


def pipeline(*images: str | None) -> str:
    """A pipeline JSON file with one paper per image (None: a paper without one)."""
    items = []
    for number, image in enumerate(images):
        item: dict[str, Any] = {
            "title": f'Paper {number} "quoted" <b>',
            "authors": f"Ada Author{number}",
            "venue": "ICLR 2025",
            "year": 2025 - number,
            "url": f"https://example.org/{number}",
            "description": "A summary long enough to be a summary of a paper.",
            "category": "uses_nnsight",
        }
        if image is not None:
            item["image"] = image
        items.append(item)
    return json.dumps(items, indent=1)


def project(
    build: Build,
    images: tuple[str | None, ...] = ("/images/a.png",),
    options: str = ":show: image, authors",
    conf: str = FOLDER,
    files: dict[str, str | bytes] | None = None,
    builder: str = "html",
) -> Built:
    page = "Papers\n======\n\n.. ndif-papers::\n   :tags: uses-nnsight\n"
    page += "".join(f"   {line}\n" for line in options.splitlines() if line)
    given: dict[str, str | bytes] = {
        "index.rst": page,
        "data.json": pipeline(*images),
        "thumbs/images/a.png": PNG,
    }
    given.update(files or {})
    return build(
        given,
        builder,
        conf='ndif_data_files = ["data.json"]\nndif_include_bundled = False\n' + conf,
    )


def images_of(built: Built, docname: str = "index") -> list[paper_image]:
    return list(built.doctree(docname).findall(paper_image))


def ndif_warnings(built: Built) -> list[str]:
    return [line for line in built.warning_lines if "[ndif." in line]


# ---------- loading: only http(s) links and paths inside the folder ----------

SAFE = ["/images/a.png", "images/a.png", "a.png", "https://ndif.us/images/a.png",
        "HTTP://ndif.us/a.png", "/images/my%20figure.png", "/images/a.png?v=2"]  # fmt: skip
UNSAFE = [
    ("javascript:alert(1)", "unsafe-link"),
    ("JavaScript:alert(1)", "unsafe-link"),
    ("data:image/png;base64,iVBORw0KGgo=", "unsafe-link"),
    ("file:///etc/passwd", "unsafe-link"),
    ("//evil.example/a.png", "unsafe-link"),
    ("vbscript:x", "unsafe-link"),
    ("a:b.png", "unsafe-link"),
    ("C:/Windows/a.png", "unsafe-link"),
    ("C:\\Windows\\a.png", "bad-field"),
    ("images\\..\\..\\a.png", "bad-field"),
    ("/images/../../../etc/passwd", "bad-field"),
    ("../secret.png", "bad-field"),
    ("..", "bad-field"),
    ("images/%2e%2e/%2E%2E/secret.png", "bad-field"),
    ("images/%2e%2e%2fsecret.png", "bad-field"),
    ("images/a%00.png", "bad-field"),
    ("/", "bad-field"),
]


@pytest.mark.parametrize("image", SAFE)
def test_web_links_and_relative_paths_are_kept(tmp_path: Path, image: str) -> None:
    path = tmp_path / "data.json"
    path.write_text(pipeline(image), encoding="utf-8")
    result = load_source(path)
    assert [r.image for r in result.records] == [image]
    assert not [p for p in result.problems if not p.quality]


@pytest.mark.parametrize(("image", "subtype"), UNSAFE)
def test_unsafe_images_are_left_out_with_a_located_problem(
    tmp_path: Path, image: str, subtype: str
) -> None:
    json_path = tmp_path / "data.json"
    json_path.write_text(pipeline(None, image), encoding="utf-8")
    bib_path = tmp_path / "data.bib"
    bib = "@misc{k,\n  title = {T},\n  year = 2024,\n  ndif-image = {" + image + "},\n}\n"
    bib_path.write_text(bib, encoding="utf-8")
    for path, field, line in ((json_path, "image", 11), (bib_path, "ndif-image", 1)):
        result = load_source(path)
        assert [r.image for r in result.records][-1] is None
        problems = [p for p in result.problems if not p.quality]
        assert [(p.subtype, p.origin.line) for p in problems] == [(subtype, line)], problems
        assert f"{field} {image!r}" in problems[0].message
        assert "left out" in problems[0].message


def test_a_refused_image_never_reaches_exported_bibtex(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text(pipeline("javascript:alert(1)", "/images/a.png"), encoding="utf-8")
    text = to_bibtex(load_dataset([path]).papers)
    assert "javascript" not in text
    assert re.search(r"ndif-image += \{/images/a\.png\}", text)


# ---------- off by default; :show: image and :layout: ----------


def test_off_by_default_even_when_configured(build: Build) -> None:
    built = project(build, options="", conf=FOLDER + BASE)
    assert images_of(built) == []
    assert not find(built.doctree(), "ndif-cards")
    assert built.html().select("img") == []
    assert not (built.app.outdir / "_images").exists()


def test_show_image_puts_the_local_image_first_in_the_paper(build: Build) -> None:
    built = project(build, images=("/images/a.png", None))
    items = list(built.doctree().findall(paper_item))
    assert len(items) == 2
    image = items[0][0]
    assert isinstance(image, paper_image)
    assert image["uri"] == "thumbs/images/a.png"
    assert image["candidates"] == {"*": "thumbs/images/a.png"}
    assert image["alt"] == 'Paper 0 "quoted" <b>'
    assert not list(items[1].findall(paper_image))  # no image: no node, no warning
    assert ndif_warnings(built) == []
    assert not find(built.doctree(), "ndif-cards")


def test_html_image_is_lazy_async_with_the_title_as_alt_and_the_file_copied(
    build: Build,
) -> None:
    built = project(build)
    soup = built.html()
    (img,) = soup.select("ul.ndif-paper-list > li.ndif-paper > img.ndif-paper-image")
    assert img.parent.find(recursive=False) is img  # first in its paper
    assert img["alt"] == 'Paper 0 "quoted" <b>'
    assert img["loading"] == "lazy"
    assert img["decoding"] == "async"
    assert img["src"] == "_images/a.png"
    assert (built.app.outdir / "_images" / "a.png").read_bytes() == PNG
    assert soup.select("li.ndif-paper script, li.ndif-paper b") == []


def test_cards_layout_shows_images_by_default_in_the_same_list_structure(build: Build) -> None:
    built = project(build, images=("/images/a.png", None), options=":layout: cards")
    soup = built.html()
    (container,) = soup.select("div.ndif-papers")
    assert "ndif-cards" in container["class"]
    cards = container.select("ul.ndif-paper-list > li.ndif-paper")
    assert len(cards) == 2
    assert len(cards[0].select("img.ndif-paper-image")) == 1
    # every default part is still there: title, byline, summary, tags, BibTeX disclosure
    for part in ("ndif-paper-title", "ndif-paper-byline", "ndif-paper-summary", "ndif-paper-tags"):
        assert cards[0].select(f".{part}"), part
    assert cards[0].select("details.ndif-paper-bibtex-details")


def test_cards_with_an_explicit_show_leave_the_image_out(build: Build) -> None:
    built = project(build, options=":layout: cards\n:show: authors")
    assert images_of(built) == []
    assert find(built.doctree(), "ndif-cards")


def test_layout_list_is_the_default_list(build: Build) -> None:
    listed = project(build, options=":layout: list\n:show: image")
    assert not find(listed.doctree(), "ndif-cards")
    assert len(images_of(listed)) == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (":layout: grid", "invalid option value: (option: \"layout\"; value: 'grid')"),
        (":layout:", 'invalid option value: (option: "layout"; value: None)'),
        (
            ":show: images",
            "unknown images; choose from authors, venue, summary, tags, links, bibtex, image",
        ),
    ],
)
def test_bad_layout_or_part_is_an_error_at_the_directive(
    build: Build, options: str, message: str
) -> None:
    built = project(build, options=options)
    (line,) = [line for line in built.warning_lines if "ndif-papers" in line]
    assert 'index.rst:4: ERROR: Error in "ndif-papers" directive' in line
    assert message in built.warnings
    assert find(built.doctree(), "ndif-papers") == []  # reST refuses the directive


def test_bad_layout_in_myst_is_a_located_warning(build: Build) -> None:
    page = "# Papers\n\n```{ndif-papers}\n:layout: grid\n```\n"
    built = build({"index.md": page})
    assert re.search(
        r"index\.md:4: WARNING: .*'layout': grid.*\[myst\.directive_option\]", built.warnings
    )
    assert find(built.doctree(), "ndif-papers")  # the directive still runs, as a list
    assert not find(built.doctree(), "ndif-cards")


def test_cards_in_myst(build: Build) -> None:
    page = "# Papers\n\n```{ndif-papers}\n:layout: cards\n:keys: siems2025deltaproduct\n```\n"
    built = build({"index.md": page})
    assert find(built.doctree(), "ndif-cards")
    assert built.warning_lines == []


# ---------- where an image is: the folder, the base URL, or nowhere ----------


def test_base_url_makes_paths_links(build: Build) -> None:
    built = project(build, images=("/images/b.png", "c.png"), conf=BASE)
    assert [i["uri"] for i in images_of(built)] == [
        "https://ndif.example/images/b.png",
        "https://ndif.example/c.png",
    ]
    assert all(i["candidates"] == {"?": i["uri"]} for i in images_of(built))
    srcs = [img["src"] for img in built.html().select("img.ndif-paper-image")]
    assert srcs == ["https://ndif.example/images/b.png", "https://ndif.example/c.png"]
    assert ndif_warnings(built) == []


def test_a_hostile_web_link_is_left_out(build: Build) -> None:
    """Quotes and angle brackets are in no URL a browser reads as written: the image is
    an unsafe link, left out with a warning (and nothing of it reaches the page)."""
    url = 'https://cdn.example/a.png?"><script>alert(1)</script><img src="x'
    built = project(build, images=(url,), conf="")
    soup = built.html()
    assert soup.select("li.ndif-paper script, li.ndif-paper img") == []
    assert [line.rsplit("[", 1)[-1] for line in ndif_warnings(built)] == ["ndif.unsafe-link]"]


def test_base_url_with_a_path_and_a_trailing_slash(build: Build) -> None:
    conf = 'ndif_image_base_url = "https://example.org/ndif/"\n'
    built = project(build, images=("/images/b.png",), conf=conf)
    assert [i["uri"] for i in images_of(built)] == ["https://example.org/ndif/images/b.png"]


def test_web_links_need_no_configuration(build: Build) -> None:
    built = project(build, images=("https://cdn.example/x.png",), conf="")
    assert [i["uri"] for i in images_of(built)] == ["https://cdn.example/x.png"]
    assert ndif_warnings(built) == []


def test_folder_first_then_base_url_without_a_warning(build: Build) -> None:
    built = project(build, images=("/images/a.png", "/images/b.png"), conf=FOLDER + BASE)
    assert [i["uri"] for i in images_of(built)] == [
        "thumbs/images/a.png",
        "https://ndif.example/images/b.png",
    ]
    assert ndif_warnings(built) == []


def test_percent_encoded_paths_name_the_decoded_file(build: Build) -> None:
    built = project(
        build, images=("/images/my%20figure.png",), files={"thumbs/images/my figure.png": PNG}
    )
    assert [i["uri"] for i in images_of(built)] == ["thumbs/images/my figure.png"]
    assert built.html().select_one("img.ndif-paper-image")["src"] == "_images/my%20figure.png"


def test_a_missing_local_image_is_a_located_warning(build: Build) -> None:
    built = project(build, images=("/images/gone.png", "/images/a.png"))
    (warning,) = ndif_warnings(built)
    assert "index.rst:4: WARNING: ndif-papers: image '/images/gone.png'" in warning
    assert "data.json:2" in warning  # where the record came from
    assert "gone.png; the paper is shown without it [ndif.missing-image]" in warning
    assert [i["uri"] for i in images_of(built)] == ["thumbs/images/a.png"]
    assert len(built.html().select("li.ndif-paper")) == 2


def test_paths_without_a_folder_or_base_url_warn_once(build: Build) -> None:
    built = project(build, images=("/images/a.png", "/images/b.png"), conf="")
    (warning,) = ndif_warnings(built)
    assert "index.rst:4: WARNING: ndif-papers: 2 paper images are paths" in warning
    assert "neither ndif_image_base_url nor ndif_image_dir is set" in warning
    assert warning.endswith("[ndif.no-image-source]")
    assert images_of(built) == []


def test_a_base_url_that_is_not_http_is_ignored_with_a_warning(build: Build) -> None:
    built = project(build, conf='ndif_image_base_url = "javascript:alert(1)//"\n')
    warnings = ndif_warnings(built)
    assert any("ndif_image_base_url 'javascript:alert(1)//' is not" in w for w in warnings)
    assert any("[ndif.bad-config]" in w for w in warnings)
    assert any("[ndif.no-image-source]" in w for w in warnings)
    assert "javascript" not in built.output("index.html").split("<body")[1]


def test_a_folder_that_does_not_exist_is_a_warning(build: Build) -> None:
    built = project(build, conf='ndif_image_dir = "nowhere"\n')
    warnings = ndif_warnings(built)
    assert any("ndif_image_dir 'nowhere' is not a folder" in w for w in warnings)
    assert any("[ndif.bad-config]" in w for w in warnings)
    assert any("[ndif.missing-image]" in w for w in warnings)


def test_config_values_are_registered_with_types_and_rebuild_the_env(build: Build) -> None:
    built = project(build, conf=FOLDER + BASE)
    config = built.app.config
    assert config.ndif_image_dir == "thumbs"
    assert config.ndif_image_base_url == "https://ndif.example"
    for name in ("ndif_image_dir", "ndif_image_base_url"):
        value = config._options[name]
        assert value.default == ""
        assert value.rebuild == "env"
        assert set(value.valid_types) == {str}


def test_a_wrongly_typed_config_value_is_reported(build: Build) -> None:
    built = project(build, conf="ndif_image_dir = 3\n")
    assert "ndif_image_dir" in built.warnings


# ---------- builders ----------


@pytest.fixture
def no_downloads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records any image Sphinx tries to download (the call fails, never reaching out)."""
    import sphinx.util.requests

    fetched: list[str] = []

    def get(url: str, **kwargs: Any) -> None:
        fetched.append(url)
        raise OSError("no network in tests")

    monkeypatch.setattr(sphinx.util.requests, "get", get)
    return fetched


@pytest.mark.parametrize("builder", ["latex", "text", "man", "texinfo", "xml"])
def test_other_builders_leave_images_out(
    build: Build, builder: str, no_downloads: list[str]
) -> None:
    built = project(build, images=("/images/a.png", "https://cdn.example/x.png"),
                    options=":layout: cards", builder=builder)  # fmt: skip
    assert images_of(built) == []
    assert not list(built.app.outdir.rglob("*.png"))
    output = "".join(
        p.read_text(encoding="utf-8") for p in built.app.outdir.rglob("*") if p.is_file()
        if p.suffix in (".tex", ".txt", ".1", ".texi", ".xml")
    )  # fmt: skip
    assert "Paper 0" in output
    assert "a.png" not in output
    assert "cdn.example" not in output
    assert "[image" not in output and "<image" not in output  # text's and xml's images
    assert "includegraphics" not in output and "@image" not in output  # LaTeX's, Texinfo's
    assert "image" not in "".join(built.warning_lines)
    assert no_downloads == []


def test_epub_keeps_local_images_and_leaves_remote_ones_out(
    build: Build, no_downloads: list[str]
) -> None:
    built = project(build, images=("/images/a.png", "https://cdn.example/x.png"),
                    options=":layout: cards", builder="epub")  # fmt: skip
    assert [i["uri"] for i in images_of(built)] == ["thumbs/images/a.png"]
    soup = built.html("index.xhtml")
    assert [img["src"] for img in soup.select("img.ndif-paper-image")] == ["_images/a.png"]
    assert (built.app.outdir / "_images" / "a.png").exists()
    assert "cdn.example" not in built.output("index.xhtml")
    assert no_downloads == []  # Sphinx's downloader never saw it


def test_dirhtml_and_singlehtml_link_the_copied_image(build: Build) -> None:
    page = "Sub\n===\n\n.. ndif-papers::\n   :tags: uses-nnsight\n   :layout: cards\n"
    files: dict[str, str | bytes] = {
        "sub.rst": page,
        "index.rst": "Home\n====\n\n.. toctree::\n\n   sub\n",
    }
    dirhtml = project(build, files=files, builder="dirhtml")
    img = dirhtml.html("sub/index.html").select_one("img.ndif-paper-image")
    assert img is not None and img["src"] == "../_images/a.png"
    assert (dirhtml.app.outdir / "_images" / "a.png").exists()
    single = project(build, files=files, builder="singlehtml")
    img = single.html("index.html").select_one("img.ndif-paper-image")
    assert img is not None and img["src"] == "_images/a.png"
    assert (single.app.outdir / "_images" / "a.png").exists()


@pytest.mark.sphinx("html", testroot="cards")
def test_the_card_root_builds_cleanly(app: Any) -> None:
    app.build()
    assert "WARNING" not in app.warning.getvalue()
    soup = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    cards, listed = soup.select("div.ndif-papers")
    assert "ndif-cards" in cards["class"] and "ndif-cards" not in listed["class"]
    assert len(cards.select("img.ndif-paper-image")) == 3
    assert len(listed.select("img.ndif-paper-image")) == 3
    assert sorted(p.name for p in (app.outdir / "_images").iterdir()) == ["tall.png", "wide.png"]
    myst = BeautifulSoup((app.outdir / "research.html").read_text(encoding="utf-8"), "html.parser")
    assert [img["alt"] for img in myst.select(".ndif-cards img")] == ["A wide thumbnail"]


# ---------- incremental builds ----------


def test_an_image_file_is_a_dependency_of_its_page(make_app: Any, tmp_path: Path) -> None:
    """Adding a missing image re-reads the pages that wanted it, and a changed one the
    pages that show it; an image that is there costs no re-read."""
    import shutil
    import time

    srcdir = tmp_path / "cards"
    shutil.copytree(ROOTS / "test-cards", srcdir)
    wide = srcdir / "research-images" / "images" / "wide.png"
    wide.rename(tmp_path / "wide.png")

    def build() -> tuple[Any, list[str]]:
        app = make_app("html", srcdir=srcdir)
        read: list[str] = []
        app.connect("env-before-read-docs", lambda _app, _env, names: read.extend(names))
        try:
            app.build()
        finally:
            app.cleanup()
        return app, sorted(read)

    app, read = build()
    assert read == ["index", "research"]
    assert "[ndif.missing-image]" in app.warning.getvalue()
    assert not (app.outdir / "_images" / "wide.png").exists()
    shutil.copy(tmp_path / "wide.png", wide)
    app, read = build()
    assert read == ["index", "research"]
    assert "WARNING" not in app.warning.getvalue()
    assert (app.outdir / "_images" / "wide.png").read_bytes() == PNG
    app, read = build()
    assert read == []  # an image that is there costs no re-read
    later = time.time() + 5
    os.utime(wide, (later, later))  # the image changed
    app, read = build()
    assert read == ["index", "research"]  # both pages show it
