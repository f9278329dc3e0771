"""Hostile and huge input: dataset text is inert in the page, and size is bounded."""

from __future__ import annotations

import time

import pytest
from bs4 import BeautifulSoup

from sphinx_ndif.sources.bibtex import parse_bibtex
from sphinx_ndif.sources.latex import LatexDecoder

from .conftest import Build

HOSTILE_BIB = r"""
@misc{xss,
  title    = {<script>alert("title")</script> **bold** `code` :ref:`x` {{ jinja }} [link](javascript:alert(1))},
  author   = {"><img src=x onerror=alert(1)>, Mallory and O'Brien, <b>Bold</b>},
  year     = {2024},
  url      = {javascript:alert(document.cookie)},
  ndif-alturl = {data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==},
  ndif-projecturl = {https://example.org/" onmouseover="alert(1)},
  keywords = {<script>x</script>, games},
  annotation = {</script><script>alert('summary')</script> .. raw:: html
    <iframe src="https://evil.example"></iframe> ${{7*7}} <!-- comment -->},
}
"""
PAGES = {
    "index.rst": "I\n=\n\n.. ndif-papers::\n   :keys: xss\n   :show: authors, venue, summary, tags, links, bibtex\n\n:ndif-cite:`xss`\n\n.. ndif-citation:: xss\n   :formats: reference, apa, bibtex, csl-json\n",
    "page.md": "# M\n\n```{ndif-papers}\n:keys: xss\n```\n",
    "x.bib": HOSTILE_BIB,
}
KNOWN_SCRIPTS = (
    "documentation_options",
    "doctools",
    "sphinx_highlight",
    "ndif.js",
    "jquery",
    "underscore",
)


def inert(html: str) -> None:
    """No element or attribute in the page came from the dataset."""
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        src = script.get("src", "")
        if src:
            assert any(name in src for name in KNOWN_SCRIPTS), src
        else:
            assert (
                "alert" not in (script.string or "") or script.get("type") == "application/ld+json"
            )
    assert soup.find_all(["img", "iframe", "b"]) == []
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), (element.name, name)
            values = value if isinstance(value, list) else [value]
            for text in values:
                assert not str(text).strip().lower().startswith(("javascript:", "data:")), (
                    name,
                    text,
                )


def test_hostile_text_renders_as_text(build: Build) -> None:
    built = build(
        PAGES, conf='ndif_data_files = ["x.bib"]\nsuppress_warnings = ["ndif.unsafe-link"]\n'
    )
    for page in ("index.html", "page.html"):
        html = built.output(page)
        inert(html)
        text = BeautifulSoup(html, "html.parser").get_text()
        assert '<script>alert("title")</script> **bold**' in text.replace("“", '"').replace(
            "”", '"'
        )
        assert "{{ jinja }}" in text
    # A link holding spaces (here to add an attribute) is not a link browsers read as
    # written: it is left out, as every link that is not plain http(s) is.
    soup = BeautifulSoup(built.output("index.html"), "html.parser")
    assert soup.select(".ndif-paper-links a") == []


def test_hostile_text_in_every_builder(build: Build) -> None:
    for builder in ("latex", "text", "man", "texinfo"):
        built = build(dict(PAGES), builder=builder, conf='ndif_data_files = ["x.bib"]\n')
        assert "Traceback" not in built.warnings
        # The hostile text is printed as text; our only complaints are its links.
        shown = built.doctree().astext()
        assert '<script>alert("title")</script> **bold** `code`' in shown
        ours = {line.rsplit("[", 1)[-1] for line in built.warning_lines if "[ndif." in line}
        assert ours == {"ndif.unsafe-link]"}


def test_deep_brace_nesting_is_flattened_not_a_crash() -> None:
    deep = "{" * 5000 + "deep" + "}" * 5000
    assert LatexDecoder()(deep) == "deep"
    assert LatexDecoder()("\\emph" + deep) == "deep"


def test_huge_field_and_many_authors_load_in_bounded_time() -> None:
    abstract = "word " * 2_000_000  # a 10 MB field
    authors = " and ".join(f"Family{i}, Given" for i in range(100_000))
    text = f"@misc{{big, title = {{Big}}, year = 2020, abstract = {{{abstract}}}, author = {{{authors}}}}}\n"
    start = time.perf_counter()
    (record,) = parse_bibtex(text, "big.bib").records
    elapsed = time.perf_counter() - start
    assert len(record.authors) == 100_000 and len(record.summary) > 9_000_000
    assert elapsed < 60  # generous: bounded, not a benchmark


@pytest.mark.parametrize("count", [1, 3])
def test_many_authors_render(build: Build, count: int) -> None:
    authors = " and ".join(f"Family{i}, Given" for i in range(2000 * count))
    bib = f"@misc{{many, title = {{Many}}, year = 2020, author = {{{authors}}}}}\n"
    built = build({"index.rst": "I\n=\n\n.. ndif-papers::\n   :keys: many\n", "x.bib": bib},
                  conf='ndif_data_files = ["x.bib"]\n')  # fmt: skip
    assert f"Given Family{2000 * count - 1}" in built.output("index.html")


@pytest.mark.parametrize(
    "value",
    ["\\kern" + " " * 50_000 + "x", "\\kern1pt plus" + " " * 50_000 + "x",
     "\\hskip 1em minus" + " " * 50_000 + "1fil", "\\begin{x}\\kern" + " " * 50_000 + "y\\end{x}"],
)  # fmt: skip
def test_spacing_primitives_before_long_runs_of_spaces_stay_linear(value: str) -> None:
    """A dimension is matched without backtracking (it took 13 s for 20,000 spaces)."""
    start = time.perf_counter()
    LatexDecoder()(value)
    assert time.perf_counter() - start < 2
