"""The small pure pieces: text folding, ids, year ranges, LaTeX, the loader, the vocabulary."""

from __future__ import annotations

from pathlib import Path

import pytest
from docutils import nodes

from sphinx_ndif.dataset import BUNDLED_BIB, BUNDLED_VOCABULARY, load_dataset
from sphinx_ndif.export import reader_bibtex
from sphinx_ndif.model import Origin, PaperRecord, Person
from sphinx_ndif.query import YearRange
from sphinx_ndif.render.reference import format_reference
from sphinx_ndif.sources.bibtex import parse_bibtex
from sphinx_ndif.sources.latex import LatexDecoder
from sphinx_ndif.sources.names import InvalidNameError, parse_person
from sphinx_ndif.sources.vocabulary import load_vocabulary
from sphinx_ndif.text import fold, join_names, normalise_tag, paper_id


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("feucht2024token", "paper-feucht2024token"),
        ("Fiotto-Kaufman2025:NNsight", "paper-fiotto-kaufman2025-nnsight"),
        ("--Weird  Key__", "paper-weird-key"),
        ("müller2025", "paper-m-ller2025"),
        ("!!!", "paper"),
    ],
)
def test_paper_id(key: str, expected: str) -> None:
    assert paper_id(key) == expected


def test_fold_ignores_case_and_accents() -> None:
    assert fold("Clément WOLLSCHLÄGER") == fold("clement wollschlager")


def test_join_names() -> None:
    assert join_names([]) == ""
    assert join_names(["A"]) == "A"
    assert join_names(["A", "B"]) == "A and B"
    assert join_names(["A", "B", "C"]) == "A, B, and C"


def test_normalise_tag() -> None:
    assert normalise_tag("  Model   Editing ") == "model-editing"


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("2024", 2024, 2024), ("2023-2025", 2023, 2025), (" 2023 - 2025 ", 2023, 2025),
     (">=2024", 2024, None), ("<=2024", None, 2024), ("2024-", 2024, None), ("-2024", None, 2024)],
)  # fmt: skip
def test_year_range_forms(text: str, low: int | None, high: int | None) -> None:
    assert YearRange.parse(text) == YearRange(low, high)


@pytest.mark.parametrize("text", ["", "-", "24", "20245", ">2024", "2024..2025", "2025-2024"])
def test_year_range_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="year"):
        YearRange.parse(text)


def test_year_range_contains() -> None:
    assert 2024 in YearRange(2024, None)
    assert 2023 not in YearRange(2024, None)
    assert None not in YearRange(None, None)


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        ("{NNsight} and {NDIF}", "NNsight and NDIF"),
        (r"M{\"u}ller", "Müller"),
        (r"Caf\'e \& Bar -- 2024---now", "Café & Bar – 2024—now"),
        (r"\TeX{} and \LaTeX", "TeX and LaTeX"),
        (r"energy $E = mc^2$ ~ here", "energy $E = mc^2$ here"),
        ("plain   text\n spread", "plain text spread"),
    ],
)
def test_latex_decoder(latex: str, text: str) -> None:
    assert LatexDecoder()(latex) == text


def test_latex_decoder_caches_parsed_values() -> None:
    decode = LatexDecoder()
    assert decode(r"\'e") == "é"
    decode._cache[r"\'e"] = "cached"  # the second call must not parse again
    assert decode(r"\'e") == "cached"


def test_parse_bibtex_maps_fields_and_links() -> None:
    result = parse_bibtex(
        "@article{a,\n author = {van der Berg, Jr, Jean and Doe, Jane},\n title = {T},\n"
        " journal = {J},\n year = 2023,\n doi = {10.1/x},\n keywords = {A; b c},\n}\n"
        "@misc{b, title = {P}, eprint = {2401.00001}, archiveprefix = {arXiv}}\n",
        "x.bib",
    )
    assert [p.subtype for p in result.problems] == ["missing-year"]  # b has no year
    a, b = result.records
    assert a.authors[0] == Person(given="Jean", von="van der", family="Berg", suffix="Jr")
    assert a.authors[0].display == "Jean van der Berg, Jr"
    assert (a.venue, a.year, a.url, a.tags) == ("J", 2023, "https://doi.org/10.1/x", ("a", "b-c"))
    assert (b.venue, b.url) == ("arXiv", "https://arxiv.org/abs/2401.00001")
    assert b.origin == Origin("x.bib", 9)


def test_parse_bibtex_keeps_the_first_of_a_repeated_field() -> None:
    result = parse_bibtex(
        "@misc{a,\n title = {First},\n title = {Second},\n year = 2020}\n", "x.bib"
    )
    (record,) = result.records
    assert record.title == "First"
    assert reader_bibtex(record) == "@misc{a,\n  title = {First},\n  year  = {2020},\n}"
    (problem,) = result.problems
    assert (problem.subtype, problem.origin.line) == ("duplicate-field", 3)


def test_repeated_key_in_one_file_keeps_the_later_entry_clean() -> None:
    result = parse_bibtex(
        '@string{j = "Journal"}\n@misc{a, title = {One}}\n@misc{a, title = "Two", howpublished = j}\n',
        "x.bib",
    )
    assert [r.title for r in result.records] == ["One", "Two"]
    assert result.records[1].venue == "Journal"
    exported = reader_bibtex(result.records[1])
    assert "{Two}" in exported and '"' not in exported


def test_reference_without_authors_or_url() -> None:
    record = PaperRecord("k", "misc", "Title", (), None, "", Origin("x"))
    assert format_reference(record) == '"Title."'


def test_vocabulary_problems_are_located(tmp_path: Path) -> None:
    path = tmp_path / "tags.toml"
    path.write_text(
        '[tags.good]\nlabel = "Good"\nkind = "topic"\ndescription = "d"\n\n'
        '[tags.Bad_Name]\nlabel = "x"\nkind = "topic"\ndescription = "d"\n\n'
        '[tags.no-label]\nkind = "topic"\ndescription = "d"\n\n'
        '[tags.odd-kind]\nlabel = "x"\nkind = "colour"\ndescription = "d"\n'
    )
    tags, problems = load_vocabulary(path)
    assert list(tags) == ["good"]
    assert [(p.origin.line, p.subtype) for p in problems] == [
        (6, "bad-vocabulary"), (11, "bad-vocabulary"), (15, "bad-vocabulary")
    ]  # fmt: skip


def test_vocabulary_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "tags.toml"
    path.write_text("[tags.x\n")
    tags, (problem,) = load_vocabulary(path)
    assert tags == {} and problem.subtype == "bad-vocabulary"


def test_dataset_indexes_papers_only() -> None:
    dataset = load_dataset([BUNDLED_BIB], BUNDLED_VOCABULARY)
    assert sum(len(keys) for keys in dataset.by_year.values()) == 25
    assert all(not key.startswith("fiotto") for keys in dataset.by_tag.values() for key in keys)
    assert dataset.files == (BUNDLED_BIB, BUNDLED_VOCABULARY)


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        # An unknown control word shows its name; a logo shows its text; the space after
        # a control word goes, as in TeX, but a name glued to a digit is set apart.
        (r"How \AllTeX{} changed", "How (La)TeX changed"),
        (r"{{\CSTUG{}}}", "CSTUG"),
        (r"{\tug} 2010", "tug 2010"),
        (r"{\eTeX} V2 and {\XeTeX}", "e-TeX V2 and XeTeX"),
        (r"{\AmSTeX} \LaTeXe\ \METAFONT", "AMS-TeX LaTeX2e METAFONT"),
        (r"\PiC tures", "PiCtures"),
        (r"\tubissue11(4)", "tubissue 11(4)"),
        (r"{\tubissue 18(3)}, {\TeXworks 0.4}", "tubissue 18(3), TeXworks 0.4"),
        (r"{\NetBibTeX{}ing} \foo{}2", "NetBibTeXing foo2"),
        ("Meta\\kern-.1em\n     Type1", "MetaType1"),
        (r"A \VAX. \otr{} techniques", "A VAX. otr techniques"),
        (r"\acro{TUG} \macro{let} \booktitle{X}", "TUG let X"),
        # Font switches print nothing, macro arguments print.
        (r"{\smc dante} {\slnine MAPS}", "dante MAPS"),
        # Spacing primitives and their dimensions disappear.
        (r"\kern-1pt\LaTeX", "LaTeX"),
        (r"{(\La\kern-.1em)\TeX} package", "(La)TeX package"),
        (r"a\hskip 1em plus 2fil minus 1pt b\hspace*{2em}c\raisebox{1pt}[0pt]{d}", "abcd"),
        (r"x\mkern3mu y\vspace{1ex}", "xy"),
        # Quotes and hyphens.
        ("`Magic' and don't", "‘Magic’ and don't"),
        (r"word\hyphen word", "word-word"),
        (r"\char65 \char`\B", "AB"),  # TeX skips one space after a number
        (r"\char65  b \char`B  c", "A b B c"),
        (r'a\char55296 b\char7 c\char99999999999 d\char127 e\char"9B f', "abcdef"),
        # An accent on nothing prints alone, as in TeX, never on the letter before it
        # (Beebe's texbook3.bib: "Journ{\'{}ees}", "Ry{\'{}cko}", "h{\={}\i}").
        (r"Journ{\'{}ees} Ry{\'{}cko} h{\={}\i} {\"{}} \v{}", "Journ´ees Ry´cko h¯ı ¨ ˇ"),
        # A sorting trick's argument never shows ("{\noopsort{Han}H\`an}" in texbook3.bib).
        (r"{\noopsort{Han}H{\`a}n} \SortNoop{b}c \noop x", "Hàn c"),
        (r"\begin{x}a\end{x} \noopsort{b}c", "a c"),  # the same through pylatexenc
        (r"Publishing\emdash{}Origination, 1990\endash 1991", "Publishing—Origination, 1990–1991"),
        # Ordinals, dashes and ellipses written as macros (TUGboat, frankenstein.bib).
        (
            r"{The {\TeX} Live Guide, \nth{4} edition} \nth{1} \nth{12} \nth{22} \nth{x}",
            "The TeX Live Guide, 4th edition 1st 12th 22nd x",
        ),
        # Not ASCII digits, or too many for int(): never a traceback (the entry was lost).
        (r"\nth{²} \nth{111} \nth{" + "9" * 5001 + "}", "² 111th " + "9" * 5001 + "th"),
        (
            r"{\TeX\ and Macintosh\dash new} {\slBibTeX} On and On\lips",
            "TeX and Macintosh—new BibTeX On and On…",
        ),
        # Verbatim macros show their argument as written (Beebe's bibliographies).
        (
            r"mail \path|beebe@math.utah.edu| or \path=nest@nit.spb.su=",
            "mail beebe@math.utah.edu or nest@nit.spb.su",
        ),
        (r"the \verb=\footnote= command, \verb*|a b|", r"the \footnote command, a b"),
        (r"\url{http://x.org/~a_b} and \url|http://y.org|", "http://x.org/~a_b and http://y.org"),
        (r"\begin{x}\verb|\tt~x|\end{x} \path|q@r|", r"\tt~x q@r"),  # through pylatexenc
        (r"\verb|unclosed", "verb|unclosed"),
        # Text written decomposed (biblatex-abnt.bib) reads as written composed.
        ("emerge\u0302ncia {Alc\u0327amento}", "emergência Alçamento"),
    ],
)
def test_latex_decoder_control_words(latex: str, text: str) -> None:
    assert LatexDecoder()(latex) == text


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        # Values the scanner hands to pylatexenc follow the same rules.
        (r"\begin{x}{\tug} 2010\end{x}", "tug 2010"),
        (r"\begin{x}\VAX11 \acro{TUG} \foo{} bar\end{x}", "VAX 11 TUG foo bar"),
        (r"\begin{x}\kern1pt a\hspace{3pt}b\kern-.1em c\end{x}", "abc"),
        (r"\begin{x}{\smc dante} \eTeX{} \LaTeXe\end{x}", "dante e-TeX LaTeX2e"),
    ],
)
def test_latex_fallback_keeps_unknown_macros(latex: str, text: str) -> None:
    decode = LatexDecoder()
    assert decode(latex) == text
    assert decode.parser_calls == 1


def test_title_that_decodes_to_nothing_is_a_located_warning() -> None:
    result = parse_bibtex("@misc{k,\n title = {{\\relax{}}},\n year = 2020}\n", "x.bib")
    (problem,) = result.problems
    assert (problem.subtype, problem.origin) == ("empty-title", Origin("x.bib", 1))
    assert "'k'" in problem.message


@pytest.mark.parametrize(
    ("names", "people"),
    [
        # After "and", a name may start with a macro (bibtexparser dropped "\r" and "\T").
        (r"Stephan Lindner and \rlap{Lutz Birkhahn}", ["Stephan Lindner", "Lutz Birkhahn"]),
        (r"Ann Other and \Thanh{} and Sebastian Rahtz", ["Ann Other", "Thanh", "Sebastian Rahtz"]),
        ("{Simon and Schuster} AND Jo Bloggs", ["Simon and Schuster", "Jo Bloggs"]),
        (r"Christina A. L.\ Thiele", ["Christina A. L. Thiele"]),
        # An accent, a space, its letter: one word, as it prints (pybtex's TUGboat copy).
        (
            r"Dezs\H o Nagy and Fran\c cois Dupont and Ji\v r\'\i{} Nov\' ak",
            ["Dezső Nagy", "François Dupont", "Jiří Novák"],
        ),
    ],
)
def test_names_split_after_and_whatever_follows(names: str, people: list[str]) -> None:
    result = parse_bibtex(f"@misc{{k, author = {{{names}}}, title = {{T}}, year = 2020}}", "x")
    assert [person.display for person in result.records[0].authors] == people


@pytest.mark.parametrize(
    ("name", "person"),
    [
        # BibTeX's rules, as pybtex applies them: a lowercase first word of two is "von".
        (r"the {\LaTeX{} Project Team}", Person(von="the", family="LaTeX Project Team")),
        ("jean smith", Person(von="jean", family="smith")),
        (r"Ab {\"u}ber Smith", Person(given="Ab", von="über", family="Smith")),
        (r"{\"U}ber Smith", Person(given="Über", family="Smith")),
        (r"Jean~de~la~Fontaine", Person(given="Jean", von="de la", family="Fontaine")),
        (r"Brinch Hansen, Per", Person(given="Per", family="Brinch Hansen")),
        (r"{\AE}lfric {\o}ster", Person(given="Ælfric", family="øster")),  # last word: family
    ],
)
def test_name_parts_follow_bibtex(name: str, person: Person) -> None:
    assert parse_person(name, LatexDecoder()) == person


@pytest.mark.parametrize("name", ["A {B", "A} B", "a, b, c, d", "Doe,"])
def test_unsplittable_names_raise(name: str) -> None:
    with pytest.raises(InvalidNameError):
        parse_person(name)


@pytest.mark.parametrize(
    "written",
    ["10.1/x", "https://doi.org/10.1/x", "http://dx.doi.org/10.1/x", "doi:10.1/x",
     "DOI: 10.1/x", "https://doi.org/https://doi.org/10.1/x"],
)  # fmt: skip
def test_doi_written_as_a_link_is_normalised(written: str) -> None:
    bib = f"@article{{k, title = {{T}}, year = 2020, doi = {{{written}}}}}"
    (record,) = parse_bibtex(bib, "x.bib").records
    assert (record.doi, record.url) == ("10.1/x", "https://doi.org/10.1/x")
    assert "doi   = {10.1/x}" in reader_bibtex(record)


@pytest.mark.parametrize(
    "url",
    ["https://a.org/1 https://b.org/2", "https://a.org/1;\n   https://b.org/2",
     "https://a.org/1\nhttps://b.org/2", "https://a.org/1 ; https://b.org/2"],
)  # fmt: skip
def test_url_listing_several_links(url: str) -> None:
    bib = f"@misc{{k, title = {{T}}, year = 2020, url = {{{url}}}}}"
    (record,) = parse_bibtex(bib, "x.bib").records
    assert (record.url, record.other_urls) == ("https://a.org/1", ("https://b.org/2",))


def test_url_listing_an_unsafe_link_keeps_the_others() -> None:
    bib = "@misc{k, title = {T}, year = 2020, url = {ftp://a.org/1; https://b.org/2;x=1}}"
    result = parse_bibtex(bib, "x.bib")
    assert (result.records[0].url, result.records[0].other_urls) == ("https://b.org/2;x=1", ())
    assert [problem.subtype for problem in result.problems] == ["unsafe-link"]


@pytest.mark.parametrize(("field", "value"), [("year", "{{1998}}"), ("date", "{{1998}}")])
def test_braced_year_is_a_year(field: str, value: str) -> None:
    result = parse_bibtex(f"@misc{{k, title = {{T}}, {field} = {value}}}", "x.bib")
    assert (result.records[0].year, result.problems) == (1998, [])


def test_further_links_show_as_other_versions() -> None:
    from sphinx_ndif.render.papers import _links

    bib = "@misc{k, title = {T}, year = 2020, url = {https://a.org/1 https://b.org/2}}"
    (record,) = parse_bibtex(bib, "x.bib").records
    links = _links(record)
    assert links is not None
    assert [(ref.astext(), ref["refuri"]) for ref in links.findall(nodes.reference)] == [
        ("Other version", "https://b.org/2")
    ]
