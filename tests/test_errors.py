"""Every error path of the directives: located, typed, and never costing other output."""

from __future__ import annotations

import pytest
from docutils import nodes

from .conftest import Build, find, paper_keys


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (":sort: date", "invalid option value: (option: \"sort\"; value: 'date')"),
        (":limit: 0", "invalid option value: (option: \"limit\"; value: '0')"),
        (":limit: many", "invalid option value: (option: \"limit\"; value: 'many')"),
        (":match: some", "invalid option value: (option: \"match\"; value: 'some')"),
        (":group-by: month", "invalid option value: (option: \"group-by\"; value: 'month')"),
        (":year: recent", "'recent' is not a year or year range"),
        (":year: 2025-2020", "year range '2025-2020' runs backwards"),
        (":show: everything", "unknown everything; choose from authors, venue, summary"),
        (":tags:", "expected a comma-separated list"),
        (":author:", "expected a value"),
        (":reverse: yes", "no argument is allowed"),
        (":colour: red", 'unknown option: "colour"'),
    ],
)
def test_bad_option_is_an_error_at_the_directive_line(
    build: Build, option: str, message: str
) -> None:
    page = f"P\n=\n\nBefore.\n\n.. ndif-papers::\n   {option}\n\nAfter.\n"
    built = build({"index.rst": page})
    (line,) = built.warning_lines
    assert 'index.rst:6: ERROR: Error in "ndif-papers" directive' in line or (
        "index.rst:6: ERROR:" in line
    ), line
    assert message in built.warnings
    text = built.doctree().astext()
    assert "Before." in text and "After." in text
    assert paper_keys(built.doctree()) == []


@pytest.mark.parametrize(
    ("option", "fragment"),
    [
        (":sort: date", "Invalid option value for 'sort'"),
        (":limit: 0", "Invalid option value for 'limit'"),
        (":year: recent", "'recent' is not a year or year range"),
    ],
)
def test_bad_option_in_myst_is_a_located_warning(build: Build, option: str, fragment: str) -> None:
    built = build({"index.md": f"# P\n\n```{{ndif-papers}}\n{option}\n```\n"})
    (line,) = built.warning_lines
    assert "index.md:" in line and fragment in line and line.endswith("[myst.directive_option]")


def test_unknown_tag_lists_the_closest_tags(build: Build) -> None:
    built = build({"index.rst": "P\n=\n\n.. ndif-papers::\n   :tags: steerng, probing\n"})
    unknown = [line for line in built.warning_lines if "unknown-tag" in line]
    assert len(unknown) == 1
    assert (
        "index.rst:4: WARNING: ndif-papers: unknown tag 'steerng'; did you mean steering"
        in unknown[0]
    )
    # The known tag still filters.
    assert "paper-davis2024hidden" in paper_keys(built.doctree())


def test_unknown_tag_without_a_close_match_lists_every_known_tag(build: Build) -> None:
    built = build({"index.rst": "P\n=\n\n.. ndif-papers::\n   :exclude-tags: zzzzzz\n"})
    (line,) = built.warning_lines
    assert "unknown tag 'zzzzzz'; known tags: activation-patching, architecture-design" in line
    assert len(paper_keys(built.doctree())) == 25


def test_no_match_is_a_warning_and_a_visible_paragraph(build: Build) -> None:
    built = build({"index.rst": "P\n=\n\n.. ndif-papers::\n   :year: 1999\n"})
    (line,) = built.warning_lines
    assert "index.rst:4: WARNING: ndif-papers: no papers match the filter [ndif.no-match]" in line
    (para,) = find(built.doctree(), "ndif-no-match")
    assert isinstance(para, nodes.paragraph)
    assert para.astext() == "No papers match this filter."
    assert built.html().select_one("p.ndif-no-match") is not None


def test_unknown_key_in_keys_warns_and_lists_the_rest(build: Build) -> None:
    built = build(
        {"index.rst": "P\n=\n\n.. ndif-papers::\n   :keys: feucht2024tokn, zhu2024language\n"}
    )
    (line,) = built.warning_lines
    assert "unknown key 'feucht2024tokn'; did you mean feucht2024token" in line
    assert line.endswith("[ndif.unknown-key]")
    assert paper_keys(built.doctree()) == ["paper-zhu2024language"]


@pytest.mark.parametrize(
    ("check_data", "expected"),
    [(False, ["ndif.bad-role]"]), (True, ["ndif.bad-name]", "ndif.bad-role]", "ndif.bad-year]"])],
)
def test_bad_data_values_are_located_and_the_entry_still_loads(
    build: Build, check_data: bool, expected: list[str]
) -> None:
    """A bad role changes behaviour: always shown. Names and years are quality findings."""
    bib = (
        "@misc{odd,\n  title = {Odd},\n  year = {sometime},\n  ndif-role = {hero},\n"
        "  author = {Doe, Jane, Jr, Extra, Parts},\n  keywords = {games},\n}\n"
    )
    built = build(
        {"index.rst": "P\n=\n\n.. ndif-papers::\n   :keys: odd\n", "odd.bib": bib},
        conf=f'ndif_data_files = ["odd.bib"]\nndif_check_data = {check_data}\n',
    )
    subtypes = sorted(line.rsplit("[", 1)[1] for line in built.warning_lines)
    assert subtypes == expected
    assert all("odd.bib:1: WARNING:" in line for line in built.warning_lines)
    assert paper_keys(built.doctree()) == ["paper-odd"]
