"""The file's text beneath bibtexparser: true lines, and entries it cuts short.

Both found on real bibliographies (Beebe's texbook1-3.bib, font.bib, tugboat.bib from
texlive-bibtex-extra); the examples below are their shapes, made small.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bibtexparser.model import Entry
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_ndif.dataset import load_source
from sphinx_ndif.sources.bibtex import load_bibtex, parse_bibtex
from sphinx_ndif.sources.bibtex_text import LONGEST_ENTRY, EntryRereader, cut_short
from sphinx_ndif.sources.vocabulary import load_vocabulary

# A backslash at the end of a line ("pp.\" in TUGboat) hides that line from
# bibtexparser's count: every entry after it was placed a line early.
DRIFTING = (
    '@misc{a, title = "Erratum, pp.\\\n  272--276", year = 1992}\n'
    '@misc{b, title = "x\\\n y\\\n z", year = 1993}\n'
    "@misc{c,\n  title = {C},\n  year = {20x},\n  title = {again}}\n"
    "@misc{d, title = {D}, year = 1994, journal = undefinedmacro}\n"
)


def test_entries_and_problems_are_placed_on_their_true_lines() -> None:
    result = parse_bibtex(DRIFTING, "x.bib")
    assert [(r.key, r.origin.line) for r in result.records] == [
        ("a", 1), ("b", 3), ("c", 6), ("d", 10)
    ]  # fmt: skip
    found = {(p.subtype, p.origin.line) for p in result.problems}
    assert found == {("bad-year", 6), ("duplicate-field", 9), ("unknown-macro", 10)}
    (duplicate,) = [p for p in result.problems if p.subtype == "duplicate-field"]
    assert "(first at line 7)" in duplicate.message


# Beebe's texbook1.bib: German babel's "a inside braces, in a quoted value.
CUT_SHORT = """@book{Tschichold:NT91,
  title =        "{Die Neue Typographie}",
  subtitle =     "{Ein Handbuch f{\\"u}r zeitgem{"a}{\\ss} Schaffende}",
  publisher =    "Brinkmann {"}und{"} Bose @misc{bogus, title = {Not an entry}}",
  year =         "1987",
}

@misc{after, title = {After}, year = 2000}
@misc{later, title = {Later}, year = {20x}}
"""


def test_an_entry_cut_short_is_read_again_whole() -> None:
    result = parse_bibtex(CUT_SHORT, "texbook1.bib")
    assert [r.key for r in result.records] == ["Tschichold:NT91", "after", "later"]
    book = result.records[0]
    assert book.title == 'Die Neue Typographie: Ein Handbuch für zeitgem"aß Schaffende'
    assert book.year == 1987
    assert (
        dict(book.fields)["publisher"]
        == 'Brinkmann {"}und{"} Bose @misc{bogus, title = {Not an entry}}'
    )
    # No problem from what bibtexparser made of the rest of the entry; the next lines hold.
    assert [(p.subtype, p.origin.line) for p in result.problems] == [("bad-year", 9)]
    assert [r.origin.line for r in result.records] == [1, 8, 9]


# Beebe's texbook2.bib: quotes inside a braced group of a quoted value, which closes
# before the value ends: bibtexparser fails the whole entry ("Expected a `=`").
FAILED_BY_BIBTEXPARSER = """@Book{Greene:1982:MAA,
  title = "Mathematics for the Analysis of Algorithms",
  remark = "{Zum Teil "optionalen" Kapitel aus "the Art"}.",
  year = "1982",
}
@misc{next, title = {Next}, year = {20x}}
"""


def test_an_entry_bibtexparser_cannot_split_is_read_again_whole() -> None:
    result = parse_bibtex(FAILED_BY_BIBTEXPARSER, "texbook2.bib")
    assert [(r.key, r.year) for r in result.records] == [("Greene:1982:MAA", 1982), ("next", None)]
    remark = dict(result.records[0].fields)["remark"]
    assert remark == '{Zum Teil "optionalen" Kapitel aus "the Art"}.'
    assert [(p.subtype, p.origin.line) for p in result.problems] == [("bad-year", 6)]


def test_an_entry_that_does_not_close_stays_as_bibtexparser_read_it() -> None:
    text = '@misc{k, title = "A {"b}", year = 2020,\n note = "{never closed}\n'
    result = parse_bibtex(text, "x.bib")
    assert [r.key for r in result.records] == ["k"]  # read as far as it goes, no traceback


def test_cut_short_is_a_quoted_value_whose_braces_do_not_close() -> None:
    assert cut_short('"{Ein Handbuch f{\\"u}r zeitgem{')
    assert not cut_short('"{balanced}"')
    assert not cut_short("{braced {value}")
    assert not cut_short('"a}{"')


def test_reading_again_stops_when_its_budget_is_spent() -> None:
    """A file built so that every entry looks cut short costs linear time: once the
    text has been looked at twice over, entries are no longer read again."""
    text = '@misc{k, title = "{"}\n' * 10
    rereader = EntryRereader(text)
    entry = Entry("misc", "k", [], start_line=0)
    assert rereader.budget == 2 * len(text) + LONGEST_ENTRY
    rereader.budget = 0
    assert rereader.read(entry, 1) is None


group_text = st.recursive(
    st.text(st.sampled_from('ab "'), max_size=4),
    lambda inner: st.builds(lambda a, b: f"{a}{{{b}}}", inner, inner),
    max_leaves=5,
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.builds(lambda a, b: f"{a}{{{b}}}", st.text("ab ", max_size=3), group_text),
        min_size=1,
        max_size=3,
    )
)
def test_quotes_inside_braces_never_cost_a_field(values: list[str]) -> None:
    """Every field of every entry is read whatever quotes the groups of its quoted
    values hold (BibTeX's rule: a quote inside braces is a letter)."""
    fields = "".join(f'  f{i} = "{value}",\n' for i, value in enumerate(values))
    text = f"@misc{{k,\n{fields}  year = 2020,\n}}\n@misc{{next, year = 2021}}\n"
    result = parse_bibtex(text, "x.bib")
    assert [r.key for r in result.records] == ["k", "next"]
    read = dict(result.records[0].fields)
    assert [read.get(f"f{i}") for i in range(len(values))] == values
    assert read["year"] == "2020"
    assert result.records[1].origin.line == len(values) + 4


# Five .bib files of texlive-bibtex-extra are ISO-8859 (IEEEfull.bib, jbtest.bib, ...):
# read as UTF-8 with replacement, their accented letters all became U+FFFD, silently.
@pytest.mark.parametrize(
    ("data", "title", "line"),
    [
        (
            "@misc{k,\n title = {Caf\xe9 na\xefve},\n year = 2020}\n".encode("latin-1"),
            "Café naïve",
            2,
        ),
        (
            b"@misc{k, title = {\x93Quoted\x94 \x96 dash}, year = 2020}\n",
            "\u201cQuoted\u201d \u2013 dash",
            1,
        ),
        (b"@misc{k, title = {A\x81B \xe9}, year = 2020}\n", "AB é", 1),  # 0x81: Latin-1
        (b"% Encoding: windows-1252\n@misc{k, title = {Caf\xe9}, year = 2020}\n", "Café", None),
        (b"% Encoding: ISO8859_2\n@misc{k, title = {\xb3\xf3d\xbc}, year = 2020}\n", "łódź", None),
        (b"% Encoding: klingon\n@misc{k, title = {Caf\xe9}, year = 2020}\n", "Café", 2),
        (b"% Encoding: UTF-8\n@misc{k, title = {Caf\xe9}, year = 2020}\n", "Café", 2),
        ("@misc{k, title = {Café}, year = 2020}\n".encode("utf-8-sig"), "Café", None),
    ],
)
def test_a_file_not_in_utf8_is_read_as_windows_1252_with_a_located_warning(
    tmp_path: Path, data: bytes, title: str, line: int | None
) -> None:
    path = tmp_path / "old.bib"
    path.write_bytes(data)
    result = load_bibtex(path)
    assert [r.title for r in result.records] == [title]
    warnings = [(p.subtype, p.origin.line) for p in result.problems]
    assert warnings == ([] if line is None else [("not-utf8", line)])


# Years as Beebe's bibliographies write them (font.bib, texbook2.bib): read as displayed.
@pytest.mark.parametrize(
    ("year", "read", "end", "message"),
    [
        (r"{\noopsort{1992b}}1992", 1992, None, None),
        (r"1987\unskip--", 1987, None, None),  # an open range
        ("1987--", 1987, None, None),
        ("1984--1986", 1984, 1986, None),
        ("{1998}", 1998, None, None),
        ("1994 (to appear)", 1994, None, "year '1994 (to appear)' is read as 1994"),
        ("1979, 1980", 1979, None, "year '1979, 1980' is read as 1979"),
        ("19xx", None, None, "year '19xx' is not a four-digit year"),
        ("12345", None, None, "year '12345' is not a four-digit year"),
    ],
)
def test_years_are_read_as_displayed(
    year: str, read: int | None, end: int | None, message: str | None
) -> None:
    result = parse_bibtex(f"@misc{{k, title = {{T}}, year = {{{year}}}}}\n", "x.bib")
    (record,) = result.records
    assert (record.year, record.year_end) == (read, end)
    assert [p.message for p in result.problems] == ([] if message is None else [message])


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (
            "list.json",
            '[\n  {"title": "Caf\u00e9", "authors": "A B", "year": 2020}\n]\n'.encode("latin-1"),
        ),
        (
            "refs.json",
            '[\n  {"id": "k", "type": "book", "title": "Caf\u00e9"}\n]\n'.encode("cp1252"),
        ),
        ("CITATION.cff", "cff-version: 1.2.0\n\ntitle: Caf\u00e9\n".encode("latin-1")),
    ],
)
def test_every_format_not_in_utf8_is_read_with_a_located_warning(
    tmp_path: Path, name: str, data: bytes
) -> None:
    """The same class in JSON and CITATION.cff (which must be UTF-8 by their own rules)."""
    path = tmp_path / name
    path.write_bytes(data)
    result = load_source(path)
    assert [r.title for r in result.records] == ["Café"]
    assert [(p.subtype, p.origin.line) for p in result.problems if not p.quality] == [
        ("not-utf8", 2 if name.endswith(".json") else 3)
    ]


# Links and identifiers as BibTeX files write them for LaTeX: each was dropped as "not an
# http(s) link" or made a broken doi.org link.
@pytest.mark.parametrize(
    ("field", "url", "doi", "others"),
    [
        (r"url = {\url{https://x.org/a}}", "https://x.org/a", None, ()),
        (r"url = {\href{https://h.org/x}{here}}", "https://h.org/x", None, ()),
        (r"url = {\path|https://p.org/q|}", "https://p.org/q", None, ()),
        (r"url = {https://x.org/a\_b\%20c\#top}", "https://x.org/a_b%20c#top", None, ()),
        (
            r"url = {https://x.org/\textasciitilde{}u/\textunderscore{}v}",
            "https://x.org/~u/_v",
            None,
            (),
        ),
        (r"url = {<https://x.org/z>}", "https://x.org/z", None, ()),
        (
            r"url = {\url{https://a.org} \url{https://b.org}}",
            "https://a.org",
            None,
            ("https://b.org",),
        ),
        (r"doi = {\url{https://doi.org/10.1/x}}", "https://doi.org/10.1/x", "10.1/x", ()),
        (r"doi = {10.1/a\_b}", "https://doi.org/10.1/a_b", "10.1/a_b", ()),
        (r"url = {\url{javascript:alert(1)}}", None, None, ()),  # still not a web link
        (r"url = {https://evil.com\.github.com/x}", None, None, ()),  # nor this
    ],
)
def test_links_written_for_latex_are_read_as_links(
    field: str, url: str | None, doi: str | None, others: tuple[str, ...]
) -> None:
    (record,) = parse_bibtex(f"@misc{{k, title = {{T}}, year = 2000, {field}}}\n", "x.bib").records
    assert (record.url, record.doi, record.other_urls) == (url, doi, others)


def test_a_vocabulary_not_in_utf8_is_read_with_a_located_warning(tmp_path: Path) -> None:
    path = tmp_path / "tags.toml"
    path.write_bytes(
        '[tags.cafe]\nkind = "topic"\nlabel = "Caf\u00e9"\ndescription = "D"\n'.encode("latin-1")
    )
    tags, problems = load_vocabulary(path)
    assert tags["cafe"].label == "Café"
    assert [(p.subtype, p.origin.line) for p in problems] == [("not-utf8", 3)]
