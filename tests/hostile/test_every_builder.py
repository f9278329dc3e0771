"""Hostile records from every source format, through every builder: their text is
printed as text, whatever the writer reads as markup."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from ..conftest import Build, Built
from ..test_hostile import inert
from .data import FILES

KEYS = (
    "hostile-bib, doe2023pipe, hostile-csl-ndifpwned, doendifpwnedxndifpwnedvhomebbb31mred2021cff"
)
PAGE = f"""Hostile
=======

.. ndif-papers::
   :keys: {KEYS}
   :show: authors, venue, summary, tags, links, bibtex
   :download:

.. ndif-papers::
   :keys: {KEYS}
   :style: apa

.. ndif-citation:: hostile-bib
   :formats: reference, apa, bibtex, biblatex, ris, csl-json
   :download:

.. ndif-citation:: hostile-csl-ndifpwned

:ndif-cite:`hostile-bib` and :ndif-cite:`doe2023pipe`.
"""
CONF = (
    f"ndif_data_files = {list(FILES)!r}\n"
    'suppress_warnings = ["ndif.unsafe-link", "ndif.unknown-macro", "epub.unknown_project_files"]\n'
    'version = "1"\n'
)
# Control characters a reader's terminal or an XML parser acts on (tab and newline kept).
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SAFE_CLASS = re.compile(r"^[A-Za-z0-9_-]+$")


def build_all(build: Build, builder: str) -> Built:
    files = {"index.rst": PAGE, **FILES}
    built = build(files, builder=builder, conf=CONF)
    assert "Traceback" not in built.warnings
    assert [line for line in built.warning_lines if "[ndif." in line] == []
    return built


def outputs(built: Built, suffix: str) -> str:
    return "\n".join(
        path.read_text(encoding="utf-8")
        for path in sorted(Path(built.app.outdir).rglob(f"*{suffix}"))
    )


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml"])
def test_html_builders(build: Build, builder: str) -> None:
    built = build_all(build, builder)
    html = built.output("index.html")
    inert(html)
    assert not CONTROLS.search(html)
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(class_=True):
        assert all(SAFE_CLASS.match(name) for name in element["class"]), element["class"]
    ids = [element["id"] for element in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)) and all(SAFE_CLASS.match(i) for i in ids), ids
    # The hostile text is there, as text.
    assert "\\ndifpwned{x}" in soup.get_text()


def test_epub_xhtml_is_well_formed(build: Build) -> None:
    built = build_all(build, "epub")
    pages = sorted(Path(built.app.outdir).rglob("*.xhtml"))
    assert pages
    for page in pages:
        ElementTree.parse(page)  # raises on a control character
        assert "\\ndifpwned{x}" in page.read_text(encoding="utf-8") or page.name != "index.xhtml"


def test_xml_is_well_formed(build: Build) -> None:
    built = build_all(build, "xml")
    tree = ElementTree.parse(Path(built.app.outdir, "index.xml"))
    assert "\\ndifpwned{x}" in "".join(tree.getroot().itertext())


def test_latex_holds_no_control_sequence_from_data(build: Build) -> None:
    built = build_all(build, "latex")
    tex = outputs(built, ".tex")
    assert "ndifpwned" in tex  # the text is there...
    assert "\\ndifpwned" not in tex  # ...never as a control sequence
    assert not CONTROLS.search(tex)
    for roles in re.findall(r"\\DUrole\{([^}]*)\}", tex):  # Sphinx 8.0 joins them with ","
        assert all(SAFE_CLASS.match(role) for role in roles.split(",")), roles
    for label in re.findall(r"\\label\{\\detokenize\{([^}]*)\}\}", tex):
        assert re.match(r"^[A-Za-z0-9_.:/-]+$", label), label


def test_texinfo_holds_no_command_from_data(build: Build) -> None:
    built = build_all(build, "texinfo")
    texi = outputs(built, ".texi")
    assert "@@ndifpwned" in texi
    assert re.search(r"(?<!@)@ndifpwned", texi) is None
    assert not CONTROLS.search(texi)


def test_man_page_holds_no_request_or_escape_from_data(build: Build) -> None:
    built = build_all(build, "man")
    man = outputs(built, ".1")
    assert "ndifpwned" in man
    for line in man.splitlines():
        assert not line.startswith((".ndifpwned", "'ndifpwned")), line
    assert "\\V[HOME]" not in man  # printed as \eV[HOME]
    assert not CONTROLS.search(man)
    for target in re.findall(r"\\X'tty: link ([^']*)'", man):
        assert "\\" not in target


def test_text_holds_no_terminal_control(build: Build) -> None:
    built = build_all(build, "text")
    text = outputs(built, ".txt")
    assert "\\ndifpwned{x}" in text
    assert not CONTROLS.search(text)
