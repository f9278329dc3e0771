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
        expected: dict[object, str] = {}
        with po.open("rb") as handle:
            for message in read_po(handle):
                if isinstance(message.id, tuple):  # plural forms: keyed (singular, n)
                    for n, form in enumerate(message.string):
                        expected[(message.id[0], n)] = form
                elif message.id:
                    expected[message.id] = message.string
        with po.with_suffix(".mo").open("rb") as handle:
            shipped = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
        assert {k: v for k, v in shipped.items() if k} == expected, po


def test_every_label_in_the_code_has_a_german_translation() -> None:
    labels = set()
    plurals = set()
    for path in SRC.rglob("*.py"):
        labels |= set(re.findall(r'\b_\("([^"]+)"\)', path.read_text()))
        labels |= set(re.findall(r"\b_\('([^']+)'\)", path.read_text()))
        plurals |= set(re.findall(r'\bngettext\(\s*"([^"]+)",\s*"([^"]+)"', path.read_text()))
    po = (SRC / "locale/de/LC_MESSAGES/sphinx_ndif.po").read_text()
    translated = set(re.findall(r'^msgid "(.+)"$', po, re.M))
    assert labels and labels <= translated, labels - translated
    plural_forms = set(re.findall(r'^msgid "(.+)"\nmsgid_plural "(.+)"$', po, re.M))
    assert plurals and plurals <= plural_forms, plurals - plural_forms


def test_no_label_chooses_its_plural_by_hand() -> None:
    """Plural labels go through ngettext: a language's plural rule is its catalog's (one
    form in Japanese, three in Polish), not ``count == 1``."""
    by_hand = re.compile(r"\b_\([^)]*\)[^\n]*\bif\b[^\n]*(==|!=|>|<) ?1\b")
    found = [
        f"{path.relative_to(SRC)}:{number}"
        for path in SRC.rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if by_hand.search(line)
    ]
    assert found == []


def test_plural_labels_follow_the_language_rule(build: Build) -> None:
    page = (
        "Seite\n=====\n\n.. ndif-citation::\n   :show: reference\n   :download:\n\n"
        ".. ndif-papers::\n   :tags: games\n   :download:\n\n.. ndif-tags::\n"
    )
    built = build({"index.rst": page}, conf='language = "de"\n')
    soup = built.html()
    downloads = [p.get_text() for p in soup.select("p.ndif-download, div.ndif-download")]
    assert downloads == [
        "1 Eintrag herunterladen als BibTeX oder RIS.",
        "2 Einträge herunterladen als BibTeX oder RIS.",
    ]
    counts = {
        re.sub(r".*\((\d+ \w+)\)$", r"\1", d.get_text().strip())
        for d in soup.select(".ndif-tag-list dd")
    }
    assert {"1 Arbeit", "2 Arbeiten"} <= counts


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
