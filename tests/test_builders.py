"""Every builder produces the same content (the basic test root: .rst and MyST pages)."""

from __future__ import annotations

import re
from collections.abc import Callable
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from .conftest import Build

# builder -> the files that hold the index page and the MyST research page
OUTPUTS = {
    "html": ("index.html", "research.html"),
    "dirhtml": ("index.html", "research/index.html"),
    "singlehtml": ("index.html", "index.html"),
    "epub": ("index.xhtml", "research.xhtml"),
    "latex": ("basic.tex", "basic.tex"),
    "text": ("index.txt", "research.txt"),
    "man": ("basic.1", "basic.1"),
    "texinfo": ("basic.texi", "basic.texi"),
    "xml": ("index.xml", "research.xml"),
}


_LATEX = [
    (r"\\PYG\{[^{}]*\}\{((?:[^{}]|\{\})*)\}", r"\1"),  # Pygments token wrappers
    (r"\\PYGZob\{\}", "{"), (r"\\PYGZcb\{\}", "}"), (r"\\PYGZhy\{\}", "-"),
    (r"\\PYGZat\{\}", "@"), (r"\\sphinxhyphen\{\}", "-"),
]  # fmt: skip
_MAN = [(r"\\-", "-"), (r"\\\(aq", "'"), (r"\\%", ""), (r"\\:", "")]
_TEXINFO = [(r"@\{", "{"), (r"@\}", "}"), (r"@@", "@")]


def visible_text(builder: str, raw: str) -> str:
    """What a reader sees, roughly: markup and escapes removed, whitespace collapsed."""
    if builder == "xml":
        raw = "".join(ElementTree.fromstring(raw).itertext())
    elif builder in ("html", "dirhtml", "singlehtml", "epub"):
        raw = BeautifulSoup(raw, "html.parser").get_text()
    for pattern, repl in {"latex": _LATEX, "man": _MAN, "texinfo": _TEXINFO}.get(builder, []):
        raw = re.sub(pattern, repl, raw)
    return re.sub(r"\s+", " ", raw)


@pytest.mark.parametrize("builder", list(OUTPUTS))
def test_builder(make_app: Callable[..., SphinxTestApp], builder: str, tmp_path: object) -> None:
    import shutil
    from pathlib import Path

    from .conftest import ROOTS

    srcdir = Path(str(tmp_path)) / "basic"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    app = make_app(builder, srcdir=srcdir)
    app.build()
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    assert warnings == ""
    index, research = (
        visible_text(builder, (app.outdir / name).read_text(encoding="utf-8"))
        for name in OUTPUTS[builder]
    )
    # The citation block (reST page): reference and BibTeX
    assert "Democratizing Access to Foundation Model Internals" in index
    assert "@inproceedings{fiotto-kaufman2025nnsight," in index
    assert "info@ndif.us" in index
    # The multilingual list (reST page) and the SAE list (MyST page)
    assert "How do Llamas process multilingual text?" in index
    assert "InterPLM: Discovering Interpretable Features" in research
    # The tag overview
    assert "Sparse autoencoders" in research


def test_text_output_shows_link_targets(
    make_app: Callable[..., SphinxTestApp], tmp_path: object
) -> None:
    import shutil
    from pathlib import Path

    from .conftest import ROOTS

    srcdir = Path(str(tmp_path)) / "basic"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    app = make_app("text", srcdir=srcdir)
    app.build()
    text = (app.outdir / "index.txt").read_text(encoding="utf-8")
    assert (
        "**How do Llamas process multilingual text? A latent exploration\n  through activation patching**\n  <https://openreview.net/forum?id=0ku2hIm4BS>"
        in text
    )
    assert "Other version <https://arxiv.org/abs/2411.08745>" not in text  # has no alt url
    assert "Code <https://github.com/Butanium/llm-lang-agnostic>" in text


LINKED = """Links
=====

A link of the page's own: `Example <https://example.org/own>`_.

.. ndif-papers::
   :keys: feucht2024token
   :show: links
"""


def test_text_output_adds_targets_to_our_links_only(build: Build) -> None:
    text = build({"index.rst": LINKED}, builder="text").output("index.txt")
    assert "Other version <https://arxiv.org/abs/2406.20086>" in text
    assert "https://example.org/own" not in text  # the page's own link is left as it was


@pytest.mark.parametrize("show_urls", [False, True])
def test_man_pages_show_each_target_once(build: Build, show_urls: bool) -> None:
    conf = f"man_show_urls = {show_urls}\nman_pages = [('index', 'links', 'Links', [], 1)]\n"
    page = build({"index.rst": LINKED}, builder="man", conf=conf).output("links.1")
    # What a reader sees: no hyphen or break escapes, no terminal-link controls.
    shown = re.sub(r"\\X'[^']*'", "", re.sub(r"\\-", "-", page).replace("\\:", ""))
    assert shown.count("https://arxiv.org/abs/2406.20086") == 1
