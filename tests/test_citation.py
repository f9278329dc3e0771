"""``ndif-citation``: its parts, its key, and its errors, from reST and MyST."""

from __future__ import annotations

import re

import pytest
from docutils import nodes

from .conftest import FIXTURES, Build, find

SEED = (FIXTURES / "ndif-citing-and-research.txt").read_text(encoding="utf-8")
SEED_REFERENCE = next(line for line in SEED.splitlines() if line.startswith("Jaden Fried"))
PAGE = "Cite\n====\n\n{directive}\n"


def straight(text: str) -> str:
    """Undo Sphinx's smart quotes (typographic quotes are allowed in the output)."""
    return text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")


def citation(build: Build, directive: str, **kwargs: object) -> tuple[nodes.Element, str]:
    built = build({"index.rst": PAGE.format(directive=directive)}, **kwargs)
    blocks = find(built.doctree(), "ndif-citation")
    assert len(blocks) == 1, built.warnings
    return blocks[0], built.warnings


def part_classes(block: nodes.Element) -> list[str]:
    return [
        next(c for c in child["classes"] if c.startswith("ndif-citation-"))
        for child in block.children
    ]


def test_default_shows_every_part_in_order(build: Build) -> None:
    block, warnings = citation(build, ".. ndif-citation::")
    assert warnings == ""
    assert part_classes(block) == [
        "ndif-citation-intro",
        "ndif-citation-reference",
        "ndif-citation-bibtex",
        "ndif-citation-note",
    ]
    intro, reference, bibtex, note = block.children
    assert (
        intro.astext()
        == "If you use NNsight or NDIF resources in your research, please cite the following:"
    )
    assert straight(reference.astext()) == SEED_REFERENCE
    link = next(reference.findall(nodes.reference))
    assert link["refuri"] == "https://openreview.net/forum?id=MxbEiFRf39"
    assert isinstance(bibtex, nodes.literal_block) and bibtex["language"] == "bibtex"
    assert bibtex.astext().startswith("@inproceedings{fiotto-kaufman2025nnsight,")
    mail = next(note.findall(nodes.reference))
    assert mail["refuri"] == "mailto:info@ndif.us"


def test_bibtex_is_the_entry_without_private_fields(build: Build) -> None:
    from bibtexparser.entrypoint import parse_string

    block, _ = citation(build, ".. ndif-citation::\n   :show: bibtex")
    entry = parse_string(block.astext()).entries[0]
    assert entry.key == "fiotto-kaufman2025nnsight"
    assert [f.key for f in entry.fields] == ["author", "title", "booktitle", "year", "url"]
    assert (
        entry["title"] == "{NNsight} and {NDIF}: Democratizing Access to Foundation Model Internals"
    )


@pytest.mark.parametrize(
    ("show", "expected"),
    [
        ("reference", ["ndif-citation-reference"]),
        ("bibtex, intro", ["ndif-citation-intro", "ndif-citation-bibtex"]),
        ("note,reference", ["ndif-citation-reference", "ndif-citation-note"]),
    ],
)
def test_show_selects_parts(build: Build, show: str, expected: list[str]) -> None:
    block, _ = citation(build, f".. ndif-citation::\n   :show: {show}")
    assert part_classes(block) == expected


def test_explicit_key_cites_the_preprint(build: Build) -> None:
    block, _ = citation(build, ".. ndif-citation:: fiotto-kaufman2024nnsight\n   :show: reference")
    assert straight(block.astext()).endswith(
        '"NNsight and NDIF: Democratizing Access to Foundation Model '
        'Internals," arXiv 2024. Available at https://arxiv.org/abs/2407.14561.'
    )
    assert block.astext().startswith("Jaden Fiotto-Kaufman, Alexander R Loftus, Eric Todd,")


def test_any_paper_can_be_cited_and_missing_parts_are_left_out(build: Build) -> None:
    block, _ = citation(build, ".. ndif-citation:: feucht2025dualroute")
    # The paper has no intro or note: only the reference and the BibTeX.
    assert part_classes(block) == ["ndif-citation-reference", "ndif-citation-bibtex"]
    assert straight(block.children[0].astext()) == (
        'Sheridan Feucht, Eric Todd, Byron Wallace, and David Bau. "The Dual-Route Model of '
        'Induction," COLM 2025. Available at https://arxiv.org/abs/2504.03022.'
    )


def test_config_sets_the_default_key(build: Build) -> None:
    block, _ = citation(
        build,
        ".. ndif-citation::\n   :show: reference",
        conf='ndif_citation_key = "siems2025deltaproduct"\n',
    )
    assert "DeltaProduct" in block.astext()


def test_user_entry_from_a_data_file(build: Build) -> None:
    bib = (
        "@software{ours2026,\n  author = {Doe, Jane and van Beethoven, Ludwig},\n"
        "  title = {Our {Tool}},\n  year = {2026},\n  url = {https://example.org/tool},\n"
        "  ndif-intro = {Please cite our tool:},\n}\n"
    )
    built = build(
        {"index.rst": PAGE.format(directive=".. ndif-citation:: ours2026"), "refs/ours.bib": bib},
        conf='ndif_data_files = ["refs/ours.bib"]\n',
    )
    block = find(built.doctree(), "ndif-citation")[0]
    assert built.warnings == ""
    assert block.children[0].astext() == "Please cite our tool:"
    assert straight(block.children[1].astext()) == (
        'Jane Doe and Ludwig van Beethoven. "Our Tool," 2026. Available at https://example.org/tool.'
    )


def test_unknown_key_warns_at_the_directive_line_with_suggestions(build: Build) -> None:
    built = build(
        {"index.rst": PAGE.format(directive=".. ndif-citation:: fiotto-kaufman2025nsight")}
    )
    assert find(built.doctree(), "ndif-citation") == []
    (line,) = built.warning_lines
    assert "index.rst:4: WARNING: ndif-citation: unknown key 'fiotto-kaufman2025nsight'" in line
    assert "did you mean fiotto-kaufman2025nnsight" in line
    assert line.endswith("[ndif.unknown-key]")


def test_bad_show_value_is_an_error_at_the_directive(build: Build) -> None:
    built = build({"index.rst": PAGE.format(directive=".. ndif-citation::\n   :show: everything")})
    assert find(built.doctree(), "ndif-citation") == []
    assert 'index.rst:4: ERROR: Error in "ndif-citation" directive' in built.warnings
    assert "unknown everything; choose from intro, reference, bibtex, note" in built.warnings


def test_myst_citation(build: Build) -> None:
    built = build({"index.md": "# Cite\n\n```{ndif-citation}\n:show: reference, note\n```\n"})
    (block,) = find(built.doctree(), "ndif-citation")
    assert part_classes(block) == ["ndif-citation-reference", "ndif-citation-note"]
    assert built.warnings == ""


def test_myst_bad_option_is_a_located_warning(build: Build) -> None:
    built = build({"index.md": "# Cite\n\n```{ndif-citation}\n:show: everything\n```\n"})
    (line,) = built.warning_lines
    assert re.search(r"index\.md:\d+: WARNING: .*unknown everything; choose from", line)


def test_html_classes_and_smart_quotes(build: Build) -> None:
    built = build({"index.rst": PAGE.format(directive=".. ndif-citation::")})
    soup = built.html()
    block = soup.select_one("div.ndif-citation")
    assert block is not None
    assert (
        block.select_one("div.ndif-citation-reference a")["href"]
        == "https://openreview.net/forum?id=MxbEiFRf39"
    )
    assert block.select_one(".ndif-citation-bibtex .highlight pre") is not None
    mail = block.select_one("div.ndif-citation-note a[href^='mailto:']")
    assert mail is not None and mail.get_text() == "info@ndif.us"  # Sphinx cloaks the href
