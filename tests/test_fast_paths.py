"""The hand-written fast paths against the careful paths they shortcut (property tests).

- BibTeX field values: ``_Reader.values()`` answers the common shapes itself and hands
  the rest to ``_Reader.resolve()``; whatever it answers must be what ``resolve()`` says.
- Links: ``is_web_link`` proves the common link by one match and asks ``urlsplit``
  about the rest; ``split_links`` splits a field without ``;`` by ``str.split``.
- LaTeX: the scanner of ``sources/latex.py`` against pylatexenc (taught the same rules:
  the decoder's own fallback) on the subset both read: plain text, protective braces,
  accents (``\\'e``, ``\\"{o}``, ``{\\ss}``), text macros and logos, escaped symbols,
  dashes and quotes.
"""

from __future__ import annotations

from bibtexparser.model import Entry, Field
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sphinx_ndif.sources import latex
from sphinx_ndif.sources.bibtex import _Reader
from sphinx_ndif.sources.bibtex_text import BlockLines, EntryRereader
from sphinx_ndif.sources.links import (
    _LINK_SEPARATOR,
    _PLAIN_WEB_LINK,
    is_web_link,
    parsed_web_link,
    split_links,
)

# BibTeX values ------------------------------------------------------------------------

MACROS = {"jan": "January", "acl": "Proceedings of the ACL", "n": "{N}NSight"}

plain = st.text(st.sampled_from("ab Z09.,:-'\\"), max_size=6)
braced = st.recursive(
    plain,
    lambda inner: st.builds(lambda a, b, c: f"{a}{{{b}}}{c}", inner, inner, inner),
    max_leaves=4,
)
quoted_part = st.builds(lambda text: f'"{text}"', braced)
braced_part = st.builds(lambda text: f"{{{text}}}", braced)
macro_part = st.sampled_from([*MACROS, "JAN", " acl ", "undefined"])
number_part = st.integers(0, 3000).map(str)
part = st.one_of(braced_part, quoted_part, macro_part, number_part)
concatenation = st.lists(part, min_size=1, max_size=4).map(" # ".join)
# Values a parser would never hand over whole (stray braces and quotes) must agree too.
noise = st.text(st.sampled_from('ab {}"#1'), max_size=8)
# ...also between the delimiters the fast path looks at first.
delimited_noise = st.builds(
    lambda a, text, b: a + text + b, st.sampled_from('{"'), noise, st.sampled_from('}"')
)
field_value = st.one_of(part, concatenation, braced, noise, delimited_noise)


def reader() -> _Reader:
    found = _Reader("test.bib", [], BlockLines("", []), EntryRereader(""))
    found.macros.update(MACROS)
    return found


def both_paths(value: str) -> tuple[str, str]:
    """The value as ``values()`` answers it (fast path first) and as ``resolve()`` does."""
    fast = reader().values(Entry("misc", "k", [Field("title", value, 1)]))["title"]
    return fast, reader().resolve(value, lambda: 1)


@settings(max_examples=1000, deadline=None)
@given(field_value)
# Found by this test: the fast path read a lone quote as an empty quoted value, and a
# quoted value with an unbalanced brace as its text, where resolve() keeps both as written.
@example('"')
@example('"a{"')
@example('"}"')
@example('"}{"')
@example("{a{b{c{d}}}} e")  # deeper than the fast path's match: resolve() answers
@example('"a{b{c{d{"}}}}"')
@example('"a{"}b"')
@example('"a"b"')
def test_bibtex_fast_path_agrees_with_resolve(value: str) -> None:
    fast, careful = both_paths(value)
    assert fast == careful


def test_bibtex_fast_path_answers_the_common_shapes() -> None:
    """The cases the fast path exists for, with the values both paths give."""
    for value, text in [
        ("{Plain title}", "Plain title"),
        ('"Quoted"', "Quoted"),
        ("2024", "2024"),
        ("jan", "January"),
        (" ACL ", "Proceedings of the ACL"),
        ("{A {GPT} model}", "A {GPT} model"),
        ('jan # " 5"', "January 5"),
        ('"The {\\TeX}book"', "The {\\TeX}book"),
        ('"Say {"}hi{"}"', 'Say {"}hi{"}'),
    ]:
        assert both_paths(value) == (text, text)


# Links --------------------------------------------------------------------------------

link_text = st.builds(
    lambda *parts: "".join(parts),
    st.sampled_from(["http", "https", "HTTPS", "ftp", "javascript", " https", "", "h ttp"]),
    st.sampled_from(["://", ":", ":/", "//", "://://", ""]),
    st.text(st.sampled_from("aZ09-._@:%[]\\ \tKé\x00\ufffd"), max_size=10),
    st.text(st.sampled_from('/?#a.:@%\\ "<>`\x7f\u0085\n\u3000é'), max_size=10),
)


@settings(max_examples=2000, deadline=None)
@given(link_text)
@example("https://\u212a.com/")  # the Kelvin sign: a letter only when case is ignored
@example("https://a.b:80/")
@example("https://evil.com\\.github.com/x")
def test_web_link_match_accepts_only_what_urlsplit_accepts(value: str) -> None:
    if _PLAIN_WEB_LINK.fullmatch(value):
        assert parsed_web_link(value)
    assert is_web_link(value) == parsed_web_link(value.strip())


def test_web_link_match_answers_the_common_links() -> None:
    for url in ["https://tug.org/TUGboat/tb01-1/tb01knuth.pdf", "http://www.example.org",
                "HTTPS://arxiv.org/abs/2407.14561?v=2#top", "https://doi.org/10.1/(x);2-0"]:  # fmt: skip
        assert _PLAIN_WEB_LINK.fullmatch(url), url


@settings(max_examples=1000, deadline=None)
@given(st.text(st.sampled_from("ab:/ \t\n\u3000\x1c\x85;"), max_size=12))
def test_links_split_by_white_space_as_the_separator_does(value: str) -> None:
    assert split_links(value) == [link for link in _LINK_SEPARATOR.split(value.strip()) if link]


# LaTeX --------------------------------------------------------------------------------

LETTERS = "aeiouAEOcnszg"
words = st.text(st.sampled_from("abcxyzABC ,.;:!?()0123456789"), min_size=1, max_size=8)
symbol_accent = st.builds(
    lambda accent, letter, form: form.format(a=accent, x=letter),
    st.sampled_from(list("'\"`^~=.")),
    st.sampled_from(LETTERS),
    st.sampled_from(["\\{a}{x}", "\\{a}{{{x}}}", "{{\\{a}{x}}}"]),
)
letter_accent = st.builds(
    lambda accent, letter, form: form.format(a=accent, x=letter),
    st.sampled_from(list("uvHckrdb")),
    st.sampled_from(LETTERS),
    st.sampled_from(["\\{a}{{{x}}}", "{{\\{a} {x}}}", "\\{a} {x}"]),
)
text_macro = st.builds(
    lambda name, form: form.format(name),
    st.sampled_from(["ss", "o", "O", "ae", "AE", "oe", "aa", "AA", "l", "L", "TeX", "LaTeX"]),
    st.sampled_from(["{{\\{}}}", "\\{}{{}}"]),
)
escaped = st.sampled_from(["\\&", "\\%", "\\$", "\\#", "\\_"])
dashes_and_quotes = st.sampled_from(["--", "---", "``", "''", "~", "-"])
other_markup = st.sampled_from(
    ["$x^2$", "\\emph{ab}", "\\textbf{c d}", "\\textit {x}", "\\url{a.b}", "\\ldots{}",
     "\\i{}", "\\'\\i{}", "\\ ", "\\,", "\\VAX{}", "\\VAX ", "\\CSTUG"]
)  # fmt: skip
token = st.one_of(
    words, symbol_accent, letter_accent, text_macro, escaped, dashes_and_quotes, other_markup
)
latex_value = st.recursive(
    st.lists(token, min_size=1, max_size=5).map("".join),
    lambda inner: st.builds(lambda a, b, c: f"{a}{{{b}}}{c}", inner, inner, inner),
    max_leaves=6,
).filter(lambda value: "!`" not in value and "?`" not in value)  # see below


def by_pylatexenc(value: str) -> str:
    text = latex._converter().latex_to_text(value)
    return " ".join(text.replace("\xa0", " ").split())


@settings(max_examples=500, deadline=None)
@given(latex_value)
@example('M{\\"u}ller and Fran\\c{c}ois')
@example("{\\ss}e \\'e\\`a \\^{o} \\v{c}")
@example("The \\TeX{}book -- \\LaTeX{} --- ``quoted'' \\& more")
def test_latex_scanner_agrees_with_pylatexenc(value: str) -> None:
    decoder = latex.LatexDecoder()
    assert decoder(value) == by_pylatexenc(value)
    assert decoder.parser_calls == 0, "the scanner reads this subset itself"


def test_where_the_scanner_reads_differently_on_purpose() -> None:
    """Outside the common subset, two differences that are right (found by the test above).

    A lone ` and the ' after it are TeX's single quotes: the scanner prints them as such,
    pylatexenc as the ASCII characters. And TeX's ligatures !` and ?` (inverted marks) are
    not applied: in bibliographies they are a quotation mark written without a space
    after "!" or "?", which a reader reads as the quote.
    """
    decode = latex.LatexDecoder()
    assert decode("`Attention' is all") == "‘Attention’ is all"
    assert by_pylatexenc("`Attention' is all") == "`Attention' is all"
    assert decode("Wow!``Nice''") == "Wow!“Nice”"
    assert by_pylatexenc("Wow!``Nice''") == "Wow¡`Nice”"
