"""Names made from data are in a safe alphabet and unique; links are only those every
browser opens where we read them going; displayed text holds no control character."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sphinx_ndif.dataset import load_source
from sphinx_ndif.model import Origin, PaperRecord, Person, Problem
from sphinx_ndif.safe_names import UniqueNames, class_name, download_stem, slug
from sphinx_ndif.sources.clean import clean_problem, clean_record, clean_text
from sphinx_ndif.sources.links import code_host, doi_link, is_web_link, url_and_doi

from .strategies import SETTINGS


@SETTINGS
@given(st.text())
def test_class_names_are_in_a_safe_alphabet(value: str) -> None:
    name = class_name("ndif-tag", value)
    assert name.startswith("ndif-tag")
    assert set(name) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
    assert "--" not in name.removeprefix("ndif-tag") and not name.endswith("-")


def test_slug_folds_accents() -> None:
    assert slug("Interprétabilité  & C++") == "interpretabilite-c"
    assert class_name("ndif-tag", "}\\input{/etc/hostname}\\textbf{x") == (
        "ndif-tag-input-etc-hostname-textbf-x"
    )
    assert class_name("ndif-tag", "}{") == "ndif-tag"


@SETTINGS
@given(st.lists(st.sampled_from(["a", "a-2", "a-2-2", "a-3", "b", "paper-a"]), max_size=20))
def test_unique_names_never_collide(bases: list[str]) -> None:
    names = UniqueNames()
    elsewhere = {"paper-a", "b-2"}
    given_out = [names.take(base, elsewhere) for base in bases]
    assert len(set(given_out)) == len(given_out)
    assert not set(given_out) & elsewhere


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.com\\.github.com/x",  # a browser reads the backslash as a slash
        "https://github.com\t.evil.com/",  # ...and drops tabs and newlines
        "https://git\nhub.com/",
        "https://x.org/\x00",
        "https://github%2ecom/x",  # percent-escapes in the host are decoded
        "http://[::1",  # urlsplit raises
        "https://x.org:port/",
        'https://example.org/" onmouseover="alert(1)',
        "https://x.org/<script>",
        "https:///path",
        "javascript:alert(1)",
        "https:x.org",
    ],
)
def test_links_browsers_rewrite_are_unsafe(url: str) -> None:
    assert not is_web_link(url)


@pytest.mark.parametrize(
    ("url", "is_code"),
    [
        ("https://github.com/ndif-team/nnsight", True),
        ("https://GitHub.com/x", True),
        ("https://codeberg.org/x", True),
        ("https://gitlab.com:443/x", True),
        ("https://bitbucket.org/x", True),
        ("https://gist.github.com/x", False),  # exactly the host, not a subdomain
        ("https://github.com.evil.com/x", False),
        ("https://evilgithub.com/x", False),
        ("https://github.com@evil.com/x", False),
        ("https://evil.com/github.com", False),
        ("https://evil.com/?https://github.com", False),
    ],
)
def test_code_only_for_exactly_the_code_hosts(url: str, is_code: bool) -> None:
    assert is_web_link(url)
    assert code_host(url) is is_code


def test_links_made_from_identifiers_are_escaped() -> None:
    assert doi_link("10.1/x y\n.z") == "https://doi.org/10.1/x%20y%0A.z"
    assert is_web_link(doi_link('10.1/a\\b"<c>'))
    assert url_and_doi(None, "10.1/(SICI)x;2-0")[0] == "https://doi.org/10.1/(SICI)x;2-0"


def test_control_characters_are_dropped_from_every_field() -> None:
    assert clean_text("a\x00b\x1b[31mc\td\ne\r\x7f\x85\x9b\ufffe\ud800") == "ab[31mc\td\ne\ufffd"
    dirty = PaperRecord(
        key="k\x01",
        entry_type="misc",
        title="T\x1b",
        authors=(Person(given="J\x07", family="D\x08"),),
        year=2024,
        venue="V\x0c",
        origin=Origin("x.bib", 1),
        summary="S\x1f",
        tags=("a\x01", "\x02"),
        fields=(("title", "T\x1b"),),
    )
    clean = clean_record(dirty)
    assert (clean.key, clean.title, clean.venue, clean.summary) == ("k", "T", "V", "S")
    assert clean.authors == (Person(given="J", family="D"),)
    assert clean.tags == ("a",) and clean.fields == (("title", "T"),)
    same = clean_record(clean)
    assert same is clean


def test_control_characters_are_dropped_from_people_and_link_lists() -> None:
    """Editors, translators and further links are text too (fields added after the
    first cleaning, which read only authors)."""
    dirty = PaperRecord(
        key="k",
        entry_type="book",
        title="T",
        authors=(),
        year=2024,
        venue="",
        origin=Origin("x.bib", 1),
        editors=(Person(given="E\x1b", family="D"),),
        translators=(Person(family="T\x07r"),),
        other_urls=("https://example.org/a\x00b",),
    )
    clean = clean_record(dirty)
    assert clean.editors == (Person(given="E", family="D"),)
    assert clean.translators == (Person(family="Tr"),)
    assert clean.other_urls == ("https://example.org/ab",)
    assert clean_record(clean) is clean


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.text(alphabet="aA-_/.b é1", min_size=1, max_size=6),
            st.sampled_from(["ndif-papers", "x", "nnsight-2025", "a-2"]),
        ),
        max_size=12,
        unique=True,
    )
)
def test_download_files_never_collide(pairs: list[tuple[str, str]]) -> None:
    """(page, name) pairs with distinct pages or names give distinct files, compared as
    a case-insensitive file system compares them."""
    stems = [download_stem(page, name).lower() for page, name in pairs]
    assert len(set(stems)) == len(stems)
    assert all("/" not in stem for stem in stems)


def test_download_stems_read_well() -> None:
    assert download_stem("research", "ndif-papers") == "research.ndif-papers"
    assert download_stem("a/b", "x") != download_stem("a-b", "x")
    assert download_stem("Intro", "x") != download_stem("intro", "x")


def test_problem_messages_reach_the_terminal_without_controls(tmp_path: Path) -> None:
    problem = Problem(Origin("x.bib", 1), "parse-error", "entry \x1b]0;title\x07 broken")
    assert clean_problem(problem).message == "entry ]0;title broken"
    assert clean_problem(clean_problem(problem)) == clean_problem(problem)
    data = tmp_path / "x.bib"
    data.write_text("@misc{a, title = {T}, ndif-role = {\x1b[2Jwho}}\n")
    messages = [p.message for p in load_source(data).problems]
    assert messages and not any("\x1b" in message for message in messages)
