"""No traceback from data: every field of every format, given any JSON/YAML value,
loads or is a located problem, and every other entry still loads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from sphinx_ndif.model import LoadResult
from sphinx_ndif.sources.bibtex import parse_bibtex
from sphinx_ndif.sources.cff import parse_cff
from sphinx_ndif.sources.clean import clean_record
from sphinx_ndif.sources.json_formats import load_json

from .strategies import (
    DEEP,
    JSON_VALUES,
    ODD_TEXT,
    SETTINGS,
    assert_well_typed,
    dumps,
    field_values,
)

PIPELINE_FIELDS = ("title", "authors", "venue", "year", "url", "description", "category",
                   "image", "project_url")  # fmt: skip
CSL_FIELDS = ("id", "type", "title", "author", "issued", "container-title", "publisher", "URL",
              "DOI", "abstract", "keyword")  # fmt: skip
CSL_NAME = field_values(("given", "family", "literal", "suffix", "dropping-particle",
                         "non-dropping-particle"))  # fmt: skip
CSL_ISSUED = field_values(("date-parts", "raw", "literal")) | st.fixed_dictionaries(
    {"date-parts": st.lists(st.lists(JSON_VALUES, max_size=3), max_size=2)}
)
CFF_FIELDS = ("title", "authors", "year", "date-published", "date-released", "doi",
              "identifiers", "url", "repository-code", "type", "keywords", "abstract",
              "journal", "collection-title", "conference", "publisher", "institution")  # fmt: skip
CFF_PERSON = field_values(("name", "family-names", "given-names", "name-particle", "name-suffix"))
CFF_IDENTIFIER = field_values(("type", "value")) | st.fixed_dictionaries(
    {"type": st.just("doi"), "value": JSON_VALUES}
)
CFF_ENTITY = field_values(("name",))


def guarded(result: LoadResult, source: str) -> None:
    """Every problem is located in the file, and none comes from the last-resort guard
    (which would mean a field of that shape is not handled)."""
    for problem in result.problems:
        assert problem.origin.path == source
        assert "could not be read" not in problem.message, problem.message
    for record in result.records:
        assert_well_typed(record)


def load_json_text(tmp_path: Path, text: str) -> LoadResult:
    path = tmp_path / "data.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return load_json(path)


def has_text_title(item: Any) -> bool:
    title = item.get("title") if isinstance(item, dict) else None
    if isinstance(title, list) and title and all(isinstance(t, str) for t in title):
        title = title[0]
    if title in ("@@huge@@", "@@negative-huge@@"):
        return True
    return (isinstance(title, str) and bool(title.split())) or (
        isinstance(title, int | float) and not isinstance(title, bool)
    )


@SETTINGS
@given(st.lists(field_values(PIPELINE_FIELDS) | JSON_VALUES, max_size=5))
@example([{"title": "Kept"}, "@@deep@@"])  # found on Python 3.13, whose json reads it
def test_pipeline_json_any_field_any_value(tmp_path_factory: Any, items: list[Any]) -> None:
    text = dumps(items)
    result = load_json_text(tmp_path_factory.mktemp("p"), text)
    guarded(result, result.problems[0].origin.path if result.problems else "")
    expected = sum(map(has_text_title, items))
    if DEEP in text:  # too deep for json before Python 3.13 (one error for the file);
        # 3.13 reads it, and the deep value is a located problem while the rest loads
        assert result.problems
        assert len(result.records) in (0, expected)
    else:
        assert len(result.records) == expected


@SETTINGS
@example([{"type": "article-journal", "title": "Kept", "abstract": "@@deep@@"}])
@given(
    st.lists(
        st.fixed_dictionaries(
            {"type": st.just("article-journal")},
            optional={
                **dict.fromkeys(CSL_FIELDS[2:], JSON_VALUES),
                "id": JSON_VALUES,
                "title": JSON_VALUES | st.text(min_size=1),
                "author": JSON_VALUES | st.lists(CSL_NAME | JSON_VALUES, max_size=3),
                "issued": JSON_VALUES | CSL_ISSUED,
            },
        ),
        min_size=1,
        max_size=4,
    )
)
def test_csl_json_any_field_any_value(tmp_path_factory: Any, items: list[Any]) -> None:
    text = dumps(items)
    result = load_json_text(tmp_path_factory.mktemp("c"), text)
    if result.problems:
        guarded(result, result.problems[0].origin.path)
    expected = sum(map(has_text_title, items))
    if DEEP in text:  # as above: one error before Python 3.13, a located problem from it
        assert result.problems
        assert len(result.records) in (0, expected)
    else:
        assert len(result.records) == expected


def cff_text(data: Any) -> str:
    text = yaml.safe_dump(data, allow_unicode=True)
    return text.replace("'@@huge@@'", "9" * 5000).replace("'@@deep@@'", "[" * 3000 + "]" * 3000)


CFF_DOCUMENT = st.fixed_dictionaries(
    {},
    optional={
        **dict.fromkeys(CFF_FIELDS, JSON_VALUES),
        "authors": JSON_VALUES | st.lists(CFF_PERSON | JSON_VALUES, max_size=3),
        "identifiers": JSON_VALUES | st.lists(CFF_IDENTIFIER | JSON_VALUES, max_size=2),
        "conference": JSON_VALUES | CFF_ENTITY,
        "keywords": JSON_VALUES | st.lists(JSON_VALUES, max_size=3),
    },
)


@SETTINGS
@given(CFF_DOCUMENT, st.none() | CFF_DOCUMENT | JSON_VALUES)
def test_citation_cff_any_field_any_value(data: dict[str, Any], preferred: Any) -> None:
    if preferred is not None:
        data["preferred-citation"] = preferred
    try:
        text = cff_text(data)
    except (yaml.YAMLError, UnicodeEncodeError):
        return  # not writable as YAML (a lone surrogate): nothing to test
    result = parse_cff(text, "CITATION.cff")
    guarded(result, "CITATION.cff")
    if "[[[" not in text:
        assert len(result.records) == 1


BIBTEX_FIELDS = ("title", "author", "editor", "year", "date", "eprint", "archiveprefix",
                 "eprinttype", "url", "doi", "ndif-alturl", "ndif-projecturl", "ndif-role",
                 "ndif-image", "ndif-venue", "ndif-intro", "ndif-note", "keywords", "annotation",
                 "abstract", "journal", "journaltitle", "booktitle", "howpublished", "school",
                 "institution", "publisher", "crossref")  # fmt: skip
BIB_TEXT = ODD_TEXT.filter(lambda t: not any(c in t for c in "{}\n@\\")) | st.text(
    alphabet=st.characters(blacklist_characters="{}@\\", blacklist_categories=("Cs",)),
    max_size=20,
)


@SETTINGS
@given(st.lists(st.dictionaries(st.sampled_from(BIBTEX_FIELDS), BIB_TEXT), min_size=1, max_size=4))
def test_bibtex_any_field_any_text(entries: list[dict[str, str]]) -> None:
    text = "".join(
        f"@misc{{key{i},\n" + "".join(f"  {n} = {{{v}}},\n" for n, v in e.items()) + "}\n\n"
        for i, e in enumerate(entries)
    )
    result = parse_bibtex(text, "fuzz.bib")
    guarded(result, "fuzz.bib")
    assert [r.key for r in result.records] == [f"key{i}" for i in range(len(entries))]
    # The loader cleans the file, not each record (LoadResult.cleaned): none is left dirty.
    assert result.cleaned
    assert all(clean_record(record) is record for record in result.records)


def test_bibtex_records_are_clean_when_latex_makes_a_control_character() -> None:
    """Clean text can decode to a control character (``\\char`` codes): the decoder
    drops it, so records of a cleaned file stay clean."""
    result = parse_bibtex(
        '@misc{k, title = {a\\char127 b\\char"9B c\\char"FFFE d}, year = 2020,\n'
        '  author = {Ev\\char"85{}e Doe}}\n',
        "x.bib",
    )
    (record,) = result.records
    assert record.title == "abcd"  # TeX skips the space after a number
    assert record.authors[0].given == "Eve"
    assert clean_record(record) is record


def test_bibtex_file_text_is_cleaned_without_gluing_words_or_moving_lines() -> None:
    """Line ends (CRLF, a lone CR) count one line each, as Python reads text; other
    breaks (form feed, vertical tab, NEL) part words; the rest is dropped."""
    text = (
        "@misc{a,\r\n title = {One\x0ctwo\x0bthree\x85four},\r\n year = 2020}\r\n"
        "@misc{b,\r title = {Five\rsix\x1b[31m}, year = 2020}\r"
        "@misc{c, title = {Seven}, year = {20x}}\n"
    )
    result = parse_bibtex(text, "x.bib")
    assert [r.title for r in result.records] == ["One two three four", "Five six[31m", "Seven"]
    assert [r.origin.line for r in result.records] == [1, 4, 7]
    assert [(p.subtype, p.origin.line) for p in result.problems] == [("bad-year", 7)]


def test_the_issue_examples_are_located_warnings(tmp_path: Path) -> None:
    """The examples of issue 11: each a located warning, the other entries load."""
    bib = parse_bibtex(
        "@misc{a, title={A}, date = {²⁰²⁴-01-01}}\n@misc{b, title={B}, year=2024}\n", "x.bib"
    )
    assert [(p.subtype, p.origin.line) for p in bib.problems] == [("bad-year", 1)]
    assert [r.year for r in bib.records] == [None, 2024]
    csl = load_json_text(
        tmp_path,
        dumps([{"id": "a", "title": "A", "issued": {"date-parts": [["²⁰²⁴"]]}, "author": 5},
               {"id": "b", "title": "B"}]),
    )  # fmt: skip
    assert {(p.subtype, p.origin.line) for p in csl.problems} >= {("bad-year", 1), ("bad-field", 1)}
    assert [r.key for r in csl.records] == ["a", "b"]
    pipeline = load_json_text(
        tmp_path,
        dumps([{"title": "A", "year": "²⁰²⁴"}, {"title": "B", "year": "@@huge@@"},
               {"title": "C", "year": 2024}]),
    )  # fmt: skip
    assert [r.year for r in pipeline.records] == [None, None, 2024]
    assert [p.subtype for p in pipeline.problems if p.subtype == "bad-year"] == ["bad-year"] * 2
    for field in ("authors", "keywords", "identifiers"):
        cff = parse_cff(f"cff-version: 1.2.0\ntitle: T\n{field}: 5\n", "CITATION.cff")
        assert [p.subtype for p in cff.problems if not p.quality] == ["bad-field"], field
        assert len(cff.records) == 1
    deep = load_json_text(tmp_path, "[" * 100_000 + "]" * 100_000)
    assert [p.subtype for p in deep.problems] == ["parse-error"]
    assert "nested too deeply" in deep.problems[0].message


def test_yaml_dates_and_numbers_it_cannot_build_are_text() -> None:
    result = parse_cff(f"title: T\ndate-released: 2024-13-45\nyear: {'9' * 5000}\n", "c.cff")
    assert result.problems == [] and result.records[0].year == 2024
