"""biblatex's data model: subtitles, date ranges, xdata, sets, editors, translators, mvbooks."""

from __future__ import annotations

import pytest

from sphinx_ndif.model import Person
from sphinx_ndif.render.reference import author_names, reference_text
from sphinx_ndif.sources.bibtex import parse_bibtex

BIB = r"""
@online{ctan, title = {CTAN}, subtitle = {The {Comprehensive} {\TeX} Archive Network},
  date = 2006, url = {https://www.ctan.org}}
@book{addon, title = {Title?}, subtitle = {Sub}, titleaddon = {With an addon}, year = 2000}
@mvbook{knuth:ct, author = {Knuth, Donald E.}, title = {Computers \& Typesetting},
  date = {1984/1986}, publisher = {Addison-Wesley}}
@book{knuth:ct:a, title = {The {\TeX}book}, date = 1984, volume = {A}, crossref = {knuth:ct}}
@inbook{knuth:ct:chapter, title = {A chapter}, crossref = {knuth:ct:a}}
@xdata{hup, publisher = {Harvard University Press}, location = {Cambridge, Mass.}}
@xdata{hup-2000, xdata = {hup}, date = 2000}
@book{withx, title = {Inherits}, author = {A, B}, xdata = {hup-2000}}
@set{set, entryset = {ctan,addon}}
@collection{one-editor, editor = {Westfahl, Gary}, title = {Space and Beyond}, date = 2000}
@collection{two-editors, editor = {Jones, A. and Smith, B.}, title = {Both}, date = 2000}
@book{translated, author = {Aristotle}, title = {Poetics}, translator = {Bland, Kalman P.},
  editor = {Lucas, D. W.}, location = {Oxford}, date = 1968}
@article{quote, title = {\mkbibquote{Intention} und \mkbibquote{Zweck}}, date = {2001-03/2003},
  journaltitle = {J}}
@article{range, title = {Years}, year = {1984--1986}, journal = {J}}
"""


@pytest.fixture(scope="module")
def records() -> dict[str, object]:
    result = parse_bibtex(BIB, "x.bib")
    assert [problem.subtype for problem in result.problems] == []
    return {record.key: record for record in result.records}


def test_subtitle_and_titleaddon_join_the_title(records: dict) -> None:
    assert records["ctan"].title == "CTAN: The Comprehensive TeX Archive Network"
    assert records["addon"].title == "Title? Sub. With an addon"


def test_date_range_shows_as_one(records: dict) -> None:
    knuth = records["knuth:ct"]
    assert (knuth.year, knuth.year_end, knuth.year_text) == (1984, 1986, "1984\u20131986")
    assert records["quote"].year_text == "2001\u20132003"
    assert records["range"].year_text == "1984\u20131986"
    assert records["range"].venue_with_year == "J 1984\u20131986"
    assert records["knuth:ct:a"].year_text == "1984"


def test_xdata_is_inherited_nested_and_never_listed(records: dict) -> None:
    fields = dict(records["withx"].fields)
    assert fields["publisher"] == "Harvard University Press"
    assert fields["location"] == "Cambridge, Mass."
    assert records["withx"].year == 2000
    assert "hup" not in records
    assert "hup-2000" not in records
    assert "set" not in records


def test_unknown_and_cyclic_xdata() -> None:
    result = parse_bibtex(
        "@xdata{a, xdata = {b}, note = {A}}\n@xdata{b, xdata = {a}, publisher = {B}}\n"
        "@book{k, title = {T}, year = 2000, xdata = {a, missing}}\n",
        "x.bib",
    )
    (record,) = result.records
    assert (dict(record.fields)["note"], dict(record.fields)["publisher"]) == ("A", "B")
    assert [(p.subtype, p.origin.line) for p in result.problems] == [("unknown-xdata", 3)]


def test_editors_without_authors_say_so(records: dict) -> None:
    one, two = records["one-editor"], records["two-editors"]
    assert one.edited and two.edited
    assert author_names(one) == "Gary Westfahl (ed.)"
    assert author_names(two) == "A. Jones and B. Smith (eds.)"
    assert reference_text(one).startswith("Gary Westfahl (ed.). ")
    translated = records["translated"]
    assert not translated.edited
    assert author_names(translated) == "Aristotle"


def test_translator_and_editor_are_read(records: dict) -> None:
    translated = records["translated"]
    assert translated.translators == (Person(given="Kalman P.", family="Bland"),)
    assert translated.editors == (Person(given="D. W.", family="Lucas"),)


def test_crossref_to_mvbook_is_a_main_title_not_a_venue(records: dict) -> None:
    volume = records["knuth:ct:a"]
    assert dict(volume.fields)["maintitle"] == r"Computers \& Typesetting"
    assert "booktitle" not in dict(volume.fields)
    assert volume.venue == "Addison-Wesley"  # the publisher, as for any book
    assert volume.container == ""
    chapter = records["knuth:ct:chapter"]  # a book's chapter: the book is its container
    assert chapter.container == "The TeXbook"


def test_mkbibquote_keeps_its_quotation_marks(records: dict) -> None:
    assert records["quote"].title == "\u201cIntention\u201d und \u201cZweck\u201d"


def test_a_chain_of_crossrefs_is_followed(records: dict) -> None:
    """A chapter of a volume of a multi-volume book takes the book's author and date
    (biblatex-abnt.bib's assis08:1b), through its volume."""
    chapter = records["knuth:ct:chapter"]
    assert chapter.authors == (Person(given="Donald E.", family="Knuth"),)
    assert chapter.year == 1984  # the volume's own date, not the book's range
    assert chapter.container == "The TeXbook"


def test_crossref_cycles_and_long_chains_end() -> None:
    cycle = parse_bibtex(
        "@book{a, title = {A}, crossref = {b}}\n@book{b, title = {B}, crossref = {a}, year = 2001}\n",
        "x.bib",
    )
    assert [(r.key, r.year) for r in cycle.records] == [("a", 2001), ("b", 2001)]
    chain = (
        "".join(f"@book{{k{i}, title = {{T{i}}}, crossref = {{k{i + 1}}}}}\n" for i in range(2000))
        + "@book{k2000, title = {End}, author = {Root, A.}, year = 1999}\n"
    )
    result = parse_bibtex(chain, "chain.bib")  # no RecursionError: the chain is cut
    assert len(result.records) == 2001
    assert result.records[-2].year == 1999 and result.records[0].year is None
