"""Every label goes through Sphinx's translations; German ships with the package."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from .conftest import Build, find

SRC = Path(__file__).parent.parent / "src" / "sphinx_ndif"


def test_shipped_catalogs_are_compiled_from_their_po_files() -> None:
    """Each .mo holds exactly its .po's translations (compared as messages: the bytes
    carry the Babel version that wrote them)."""
    from babel.messages.pofile import read_po

    pos = sorted(SRC.glob("locale/*/LC_MESSAGES/*.po"))
    assert pos
    for po in pos:
        with po.open("rb") as handle:
            expected = {m.id: m.string for m in read_po(handle) if m.id}
        with po.with_suffix(".mo").open("rb") as handle:
            shipped = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
        assert {k: v for k, v in shipped.items() if k} == expected, po


def test_every_label_in_the_code_has_a_german_translation() -> None:
    labels = set()
    for path in SRC.rglob("*.py"):
        labels |= set(re.findall(r'\b_\("([^"]+)"\)', path.read_text()))
        labels |= set(re.findall(r"\b_\('([^']+)'\)", path.read_text()))
    po = (SRC / "locale/de/LC_MESSAGES/sphinx_ndif.po").read_text()
    translated = set(re.findall(r'^msgid "(.+)"$', po, re.M))
    assert labels and labels <= translated, labels - translated


def test_german_build_shows_german_labels(build: Build) -> None:
    page = (
        "Seite\n=====\n\n.. ndif-papers::\n   :keys: simon2024interplm\n\n"
        ".. ndif-papers::\n   :year: 1999\n\n.. ndif-citation::\n   :show: reference\n\n"
        ":ndif-cite:`kantamneni2025language`\n"
    )
    built = build(
        {"index.rst": page}, conf='language = "de"\nsuppress_warnings = ["ndif.no-match"]\n'
    )
    tree = built.doctree()
    assert find(tree, "ndif-no-match")[0].astext() == "Keine Arbeiten passen zu diesem Filter."
    links = find(tree, "ndif-paper-links")[0].astext()
    assert links == "Andere Fassung · Code"
    assert find(tree, "ndif-paper-tags")[0].astext().startswith("Schlagwörter: ")
    assert (
        "Verfügbar unter https://openreview.net"
        in find(tree, "ndif-citation-reference")[0].astext()
    )
    html = built.output("index.html")
    assert "<summary>BibTeX</summary>" in html
    assert '"clear": "Filter zurücksetzen"' in html  # the labels handed to ndif.js
    assert "Kantamneni und Tegmark 2025" in html


def test_english_is_the_default(build: Build) -> None:
    built = build({"index.rst": "P\n=\n\n.. ndif-papers::\n   :keys: simon2024interplm\n"})
    assert find(built.doctree(), "ndif-paper-links")[0].astext() == "Other version · Code"


def test_citation_styles_follow_the_page_language(build: Build) -> None:
    built = build(
        {"index.rst": "S\n=\n\n.. ndif-citation::\n   :show: reference\n   :style: chicago\n"},
        conf='language = "de"\n',
    )
    text = find(built.doctree(), "ndif-citation-reference")[0].astext()
    assert "E. Todd, u. a. 2025. „NNsight and NDIF" in text
