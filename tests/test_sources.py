"""Every source format on real-looking input: what loads, what is reported, where."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinx_ndif.dataset import BUNDLED_BIB, identities, load_dataset, load_source
from sphinx_ndif.model import Level, PaperRecord, Problem, Role
from sphinx_ndif.sources.json_formats import element_lines, load_json

from .conftest import FIXTURES, Build, paper_keys

MESSY = FIXTURES / "messy.bib"
PIPELINE = FIXTURES / "pipeline.json"
CSL = FIXTURES / "csl.json"
CFF = FIXTURES / "CITATION.cff"


def by_key(records: list[PaperRecord]) -> dict[str, PaperRecord]:
    return {record.key: record for record in records}


def located(problems: list[Problem]) -> set[tuple[int, str]]:
    return {(problem.origin.line, problem.subtype) for problem in problems}


# --- BibTeX -------------------------------------------------------------------------------


def test_messy_bib_keeps_every_parseable_entry() -> None:
    result = load_source(MESSY)
    assert [r.key for r in result.records] == [
        "muller2024accents", "colm2024", "child2024crossref", "dup2023field",
        "after2022broken", "after2022broken",
    ]  # fmt: skip
    assert located(result.problems) == {
        (34, "duplicate-field"), (39, "parse-error"), (51, "duplicate-key"),
        (48, "unknown-macro"), (43, "unsafe-link"),
    }  # fmt: skip


def test_messy_bib_decodes_latex_macros_and_months() -> None:
    record = by_key(load_source(MESSY).records)["muller2024accents"]
    assert record.title == "TeX & LaTeX – fast, faster—fastest: $O(n^2)$ or öther?"
    assert [p.display for p in record.authors] == [
        "Jörg Müller",
        "Antonín Dvořák",
        "Søren Østergaard",
    ]
    assert record.venue == "Proceedings of the Association for Computational Linguistics 2024"
    assert ("month", "August") in record.fields
    assert record.tags == ("probing", "multilingual")


def test_crossref_fills_the_venue_and_year() -> None:
    record = by_key(load_source(MESSY).records)["child2024crossref"]
    assert (record.venue, record.year) == ("First Conference on Language Modeling", 2024)


def test_duplicated_field_keeps_the_first_value() -> None:
    assert by_key(load_source(MESSY).records)["dup2023field"].title == "The First Title Is Kept"


def test_the_real_citation_versions_load() -> None:
    records = load_source(FIXTURES / "ndif-citation-versions.bib").records
    assert [r.key for r in records] == ["fiotto-kaufman2025nnsight", "fiotto-kaufman2024nnsight"]
    assert records[1].arxiv_id == "2407.14561"


# --- NDIF pipeline JSON ---------------------------------------------------------------------


def test_element_lines() -> None:
    text = '[\n  {"a": "x,{["},\n  3,\n  "s",\n\n  {"b": [1, 2]}\n]'
    assert element_lines(text) == [2, 3, 4, 6]


def test_pipeline_fields_and_categories() -> None:
    records = load_source(PIPELINE).records
    first = records[0]
    assert first.keyed is False and first.key == "marks2025sparse"
    assert first.tags == ("uses-nnsight",) and first.image == "/images/sfc.png"
    assert first.project_url == "https://github.com/saprmarks/feature-circuits"
    assert first.summary.startswith("Introduces sparse feature circuits")
    assert [r.tags for r in records[2:4]] == [("uses-ndif",), ("references-ndif",)]
    initials = records[2]
    assert [(p.given, p.family) for p in initials.authors] == [
        ("N", "Prakash"), ("T", "Shaham"), ("T", "Haklay")
    ]  # fmt: skip
    assert initials.year is None
    assert [p.display for p in records[4].authors] == ["Jane Doe", "John Smith"]
    assert records[4].url is None


def test_pipeline_quirks_are_each_reported_at_their_element() -> None:
    problems = load_source(PIPELINE).problems
    assert located(problems) == {
        (22, "missing-year"), (22, "empty-summary"), (31, "truncated-authors"),
        (40, "unsafe-link"), (40, "bad-category"), (40, "author-separator"),
    }  # fmt: skip
    assert all(p.quality for p in problems if p.subtype != "unsafe-link")


def test_dataset_checks_find_venue_authors_and_non_summaries() -> None:
    dataset = load_dataset([PIPELINE])
    checks = {(p.origin.line, p.subtype) for p in dataset.problems if p.quality}
    assert {(31, "suspect-author"), (31, "not-a-summary"), (31, "venue-year"),
            (40, "short-summary")} <= checks  # fmt: skip


def test_pipeline_duplicate_under_two_titles_is_merged() -> None:
    dataset = load_dataset([PIPELINE])
    record = dataset.records["marks2025sparse"]
    assert "marks2024sparse" not in dataset.records
    assert record.alt_url == "https://arxiv.org/abs/2403.19647v2"  # the other version's link
    merged = [p for p in dataset.problems if p.subtype == "merged-duplicate"]
    assert len(merged) == 1 and "pipeline.json:2" in merged[0].message


@pytest.mark.parametrize(
    ("text", "message"),
    [("[1, 2", "not valid JSON"), ('{"a": 1}', "expected a JSON array")],
)
def test_broken_json_is_one_located_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "broken.json"
    path.write_text(text)
    result = load_source(path)
    (problem,) = result.problems
    assert problem.level is Level.ERROR and message in problem.message and problem.origin.line == 1


def test_pipeline_element_that_is_not_an_object(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text('[\n  "stray",\n  {"title": "Kept", "authors": "A B", "year": 2020,\n'
                    '   "description": "A summary that is long enough to count as one.",\n'
                    '   "category": "uses_ndif"}\n]\n')  # fmt: skip
    result = load_source(path)
    assert [r.title for r in result.records] == ["Kept"]
    assert located(result.problems) == {(2, "parse-error")}


# --- CSL-JSON -------------------------------------------------------------------------------


def test_csl_json_fields() -> None:
    records = by_key(load_source(CSL).records)
    article = records["vanderberg2023csl"]
    assert article.entry_type == "article" and article.keyed
    assert [p.display for p in article.authors] == ["Jean van der Berg, Jr.", "The NDIF Team"]
    assert (article.year, article.venue, article.doi) == (
        2023,
        "Journal of Interpretability",
        "10.1234/jint.2023.1",
    )
    assert article.url == "https://doi.org/10.1234/jint.2023.1"
    assert article.tags == ("probing", "model-editing")
    assert records["feucht2025dualroute"].entry_type == "inproceedings"
    assert records["undated"].year is None


# --- CITATION.cff ---------------------------------------------------------------------------


def test_cff_preferred_citation_is_a_citation_record() -> None:
    (record,) = load_source(CFF).records
    assert record.role is Role.CITATION and record.entry_type == "inproceedings"
    assert record.origin.line == 10
    assert record.venue == "The Thirteenth International Conference on Learning Representations"
    assert [p.display for p in record.authors][:2] == [
        "Jaden Fried Fiotto-Kaufman",
        "Alexander Russell Loftus",
    ]


def test_cff_without_preferred_citation_cites_the_software(tmp_path: Path) -> None:
    path = tmp_path / "CITATION.cff"
    path.write_text(
        "cff-version: 1.2.0\ntitle: toolkit\nauthors:\n  - name: The Toolkit Team\n"
        "date-released: 2024-03-01\nrepository-code: https://example.org/toolkit\n"
        "identifiers:\n  - type: doi\n    value: 10.5281/zenodo.1\n"
    )
    (record,) = load_source(path).records
    assert (record.entry_type, record.title, record.year) == ("software", "toolkit", 2024)
    assert record.authors[0].display == "The Toolkit Team" and record.doi == "10.5281/zenodo.1"


def test_cff_yaml_error_is_located(tmp_path: Path) -> None:
    path = tmp_path / "CITATION.cff"
    path.write_text("title: x\nauthors: [unclosed\n")
    (problem,) = load_source(path).problems
    assert problem.subtype == "parse-error" and problem.origin.line >= 2


# --- merging across sources -----------------------------------------------------------------


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_merge_by_doi_across_files_keyed_wins(tmp_path: Path) -> None:
    bib = write(
        tmp_path,
        "a.bib",
        "@article{keyed, title = {Original Title}, doi = {10.1/X}, year = 2020}\n",
    )
    pipe = write(tmp_path, "b.json", '[{"title": "Other Title", "authors": "Ann Smith", "year": 2021,'
                 ' "url": "https://doi.org/10.1/x", "description": "", "category": "uses_ndif"}]')  # fmt: skip
    (pipe_record,) = load_source(pipe).records
    assert identities(pipe_record) == ["doi:10.1/x", "title:other title|smith"]  # from its link
    dataset = load_dataset([pipe, bib])
    assert list(dataset.records) == ["keyed"]
    record = dataset.records["keyed"]
    assert record.title == "Original Title" and record.year == 2020
    assert record.tags == ("uses-ndif",) and [p.family for p in record.authors] == ["Smith"]


def test_merge_by_title_and_first_author_even_across_years(tmp_path: Path) -> None:
    a = write(
        tmp_path,
        "a.bib",
        "@misc{pre, title = {Déjà Vu: A Study!}, author = {Émile Zola}, year = 2023}\n",
    )
    b = write(
        tmp_path,
        "b.bib",
        "@inproceedings{pub, title = {deja vu -- a study}, author = {Zola, Emile}, year = 2024, booktitle = {Conf}}\n",
    )
    dataset = load_dataset([a, b])
    assert list(dataset.records) == ["pre"]
    assert dataset.records["pre"].venue == "Conf"


def test_entries_of_one_keyed_file_are_never_merged(tmp_path: Path) -> None:
    bib = write(
        tmp_path,
        "cal.bib",
        "".join(f"@article{{cal{i}, title = {{Calendar}}, author = {{Beebe, Nelson}}, year = 1990}}\n"
                for i in range(3)),
    )  # fmt: skip
    dataset = load_dataset([bib])
    assert list(dataset.records) == ["cal0", "cal1", "cal2"]
    assert not [p for p in dataset.problems if p.subtype == "merged-duplicate"]


def test_unknown_data_tag_is_a_quality_finding(tmp_path: Path) -> None:
    bib = write(
        tmp_path, "t.bib", "@misc{t, title = {T}, year = 2020, keywords = {probing, made-up}}\n"
    )
    (problem,) = [p for p in load_dataset([bib]).problems if p.subtype == "unknown-data-tag"]
    assert problem.quality and "'made-up'" in problem.message and problem.origin.line == 1


# --- every format in a build -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("messy.bib", ["paper-muller2024accents", "paper-colm2024", "paper-child2024crossref"]),
        ("pipeline.json", ["paper-marks2025sparse", "paper-doe2023full"]),
        ("csl.json", ["paper-feucht2025dualroute", "paper-vanderberg2023csl"]),
    ],
)
def test_each_format_builds_a_page(build: Build, name: str, expected: list[str]) -> None:
    built = build(
        {"index.rst": "P\n=\n\n.. ndif-papers::\n", name: (FIXTURES / name).read_text()},
        conf=f'ndif_data_files = ["{name}"]\nndif_include_bundled = False\n',
    )
    keys = paper_keys(built.doctree())
    assert set(expected) <= set(keys)
    assert not any("Traceback" in line for line in built.warning_lines)


def test_cff_builds_a_citation(build: Build) -> None:
    built = build(
        {"index.rst": "P\n=\n\n.. ndif-citation:: fiottokaufman2025nnsight\n",
         "CITATION.cff": CFF.read_text()},
        conf='ndif_data_files = ["CITATION.cff"]\nndif_include_bundled = False\n',
    )  # fmt: skip
    assert built.warnings == ""
    assert "NNsight and NDIF" in built.doctree().astext()


def test_quality_findings_show_in_a_build_only_when_asked(build: Build) -> None:
    files = {"index.rst": "P\n=\n\n.. ndif-papers::\n", "p.json": PIPELINE.read_text()}
    conf = 'ndif_data_files = ["p.json"]\nndif_include_bundled = False\n'
    quiet = build(files, conf=conf)
    # The two entries of one paper merge by the rules: a finding, not a warning.
    assert [line.rsplit("[", 1)[1] for line in quiet.warning_lines] == ["ndif.unsafe-link]"]
    loud = build(files, conf=conf + "ndif_check_data = True\n")
    assert len(loud.warning_lines) > 8
    assert any(
        line.endswith("[ndif.empty-summary]") and "p.json:22:" in line
        for line in loud.warning_lines
    )


def test_bundled_plus_every_fixture_loads_together() -> None:
    dataset = load_dataset([BUNDLED_BIB, MESSY, PIPELINE, CFF])
    errors = [p for p in dataset.problems if p.level is Level.ERROR]
    assert errors == []
    # The CFF's preferred citation is the bundled ICLR record: merged into it.
    assert "fiottokaufman2025nnsight" not in dataset.records
    assert dataset.records["fiotto-kaufman2025nnsight"].intro


# --- the remaining located faults -----------------------------------------------------------


def test_unknown_crossref_is_reported_and_the_entry_kept(tmp_path: Path) -> None:
    bib = write(
        tmp_path, "c.bib", "\n@misc{child, title = {Child}, year = 2020, crossref = {nowhere}}\n"
    )
    result = load_source(bib)
    assert [r.key for r in result.records] == ["child"]
    assert located(result.problems) == {(2, "unknown-crossref")}


def test_json_field_of_the_wrong_type_and_missing_title(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "p.json",
        '[\n {"title": "Fine", "authors": "Ann Bee", "venue": {"name": "X"}, "year": 2020,'
        ' "description": "A description long enough to be a real summary of it.",'
        ' "category": "uses_ndif"},\n {"title": "", "authors": "A B", "year": 2020}\n]\n',
    )
    result = load_source(path)
    (record,) = result.records
    assert (record.title, record.venue) == ("Fine", "")
    assert located(result.problems) == {(2, "bad-field"), (3, "missing-title")}


@pytest.mark.parametrize(
    ("name", "status"),
    # messy.bib skips an entry on purpose (line 39): check fails on a skipped entry
    [("messy.bib", 1), ("pipeline.json", 0), ("csl.json", 0), ("CITATION.cff", 0)],
)
def test_every_fixture_passes_check(name: str, status: int) -> None:
    from sphinx_ndif.cli import main

    assert main(["check", str(FIXTURES / name)]) == status


def test_backslash_before_a_closing_brace_is_read_as_bibtex_reads_it(tmp_path: Path) -> None:
    """bibtexparser reads any backslash before a brace as escaping it, even in "\\\\}",
    and cannot split such an entry; BibTeX counts the brace, and the entry is read
    again by its rules (sources/bibtex_text.py)."""
    bib = write(
        tmp_path,
        "b.bib",
        "@misc{bad, author = {a\\\\}, year = 1999}\n\n@misc{good, title = {G}, year = 2000}\n",
    )
    result = load_source(bib)
    assert [(r.key, r.year) for r in result.records] == [("bad", 1999), ("good", 2000)]
    assert dict(result.records[0].fields)["author"] == "a\\\\"
    assert not [p for p in result.problems if p.subtype == "parse-error"]


def test_an_entry_bibtex_cannot_read_is_a_located_parse_error(tmp_path: Path) -> None:
    bib = write(
        tmp_path,
        "b.bib",
        "@misc{bad title = {x}, year = 1}\n\n@misc{good, title = {G}, year = 2}\n",
    )
    result = load_source(bib)
    assert [r.key for r in result.records] == ["good"]
    assert (1, "parse-error") in located(result.problems)


def test_csl_item_without_a_title_is_skipped_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "refs.json"
    path.write_text(
        '[\n  {"id": "a", "title": "Kept", "URL": "https://a.org"},\n  {"id": "b"}\n]\n'
    )
    result = load_json(path)
    assert [record.key for record in result.records] == ["a"]
    assert [(p.subtype, p.origin.line) for p in result.problems if not p.quality] == [
        ("missing-title", 3)
    ]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "items.json",
            '{"items": [{"id": "w1", "title": "Wrapped", "issued": {"date-parts": [[2023]]}}]}',
            [("w1", "Wrapped", 2023)],
        ),
        ("date.bib", "@misc{d1, title = {Dated}, date = {2022-05-01}}", [("d1", "Dated", 2022)]),
        (
            "strings.bib",
            "@string{v = {First}}\n@string{v = {Second}}\n@misc{s1, title = v, year = 2021}",
            [("s1", "Second", 2021)],
        ),
        (
            "upper.bib",
            "@misc{u1, title = {Upper}, year = 2020, url = {HTTP://Example.org/x}}",
            [("u1", "Upper", 2020)],
        ),
    ],
)
def test_less_common_source_shapes(
    tmp_path: Path, name: str, text: str, expected: list[tuple[str, str, int]]
) -> None:
    path = tmp_path / name
    path.write_text(text)
    result = load_source(path)
    assert [(r.key, r.title, r.year) for r in result.records] == expected
    if name == "upper.bib":
        assert result.records[0].url == "HTTP://Example.org/x"
    if name == "strings.bib":  # the later @string wins, as in BibTeX, and is reported
        assert [p.subtype for p in result.problems] == ["duplicate-key"]


def test_a_cff_file_that_is_not_a_mapping_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "CITATION.cff"
    path.write_text("- just\n- a list\n")
    result = load_source(path)
    assert result.records == []
    assert [(p.subtype, p.level, p.origin.line) for p in result.problems] == [
        ("parse-error", Level.ERROR, 1)
    ]
