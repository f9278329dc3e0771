"""The dataset kept between builds: reused while the data is the same, never trusted blindly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sphinx_ndif.dataset import BUNDLED_BIB
from sphinx_ndif.dataset_cache import load_cached_dataset

from .conftest import ParseCounter

ENTRY = "@misc{{k1, title = {{{title}}}, year = 2024, keywords = {{games}}}}\n"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> ParseCounter:
    return ParseCounter(monkeypatch)


@pytest.fixture
def bib(tmp_path: Path) -> Path:
    path = tmp_path / "refs.bib"
    path.write_text(ENTRY.format(title="First title"), encoding="utf-8")
    return path


def test_the_same_data_is_parsed_once(tmp_path: Path, bib: Path, parses: ParseCounter) -> None:
    cache = tmp_path / "doctrees" / "cache.pickle"
    first = load_cached_dataset([BUNDLED_BIB, bib], cache, check=False)
    again = load_cached_dataset([BUNDLED_BIB, bib], cache, check=False)
    assert parses.count == 1
    assert again.records == first.records and again.by_tag == first.by_tag
    assert again.records["k1"].title == "First title"


def test_changed_content_is_parsed_again_even_with_the_same_time(
    tmp_path: Path, bib: Path, parses: ParseCounter
) -> None:
    cache = tmp_path / "cache.pickle"
    load_cached_dataset([bib], cache, check=False)
    times = (bib.stat().st_atime_ns, bib.stat().st_mtime_ns)
    bib.write_text(ENTRY.format(title="Other title"), encoding="utf-8")
    os.utime(bib, ns=times)
    dataset = load_cached_dataset([bib], cache, check=False)
    assert parses.count == 2 and dataset.records["k1"].title == "Other title"


def test_the_check_setting_and_the_file_list_are_part_of_the_key(
    tmp_path: Path, bib: Path, parses: ParseCounter
) -> None:
    cache = tmp_path / "cache.pickle"
    bib.write_text(ENTRY.format(title="Tagged").replace("games", "no-such-tag"))
    load_cached_dataset([bib], cache, check=False)
    checked = load_cached_dataset([bib], cache, check=True)
    assert parses.count == 2
    assert any(problem.quality for problem in checked.problems)
    load_cached_dataset([BUNDLED_BIB, bib], cache, check=True)
    assert parses.count == 3


def test_problems_come_back_with_the_saved_dataset(tmp_path: Path, parses: ParseCounter) -> None:
    broken = tmp_path / "broken.bib"
    broken.write_text("@misc{bad, title = {Unclosed}\n" + ENTRY.format(title="Fine"))
    cache = tmp_path / "cache.pickle"
    first = load_cached_dataset([broken], cache, check=False)
    again = load_cached_dataset([broken], cache, check=False)
    assert parses.count == 1
    assert first.problems and again.problems == first.problems


def test_per_build_caches_are_not_kept(tmp_path: Path, bib: Path) -> None:
    cache = tmp_path / "cache.pickle"
    first = load_cached_dataset([bib], cache, check=False)
    first.styles.format(first.records["k1"], "plain")
    first.search_text("k1")
    again = load_cached_dataset([bib], cache, check=False)
    assert again is not first
    assert again.styles._done == {} and again._search == {}


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05N."])
def test_a_damaged_cache_means_a_fresh_load(
    tmp_path: Path, bib: Path, parses: ParseCounter, content: bytes
) -> None:
    cache = tmp_path / "cache.pickle"
    cache.write_bytes(content)
    dataset = load_cached_dataset([bib], cache, check=False)
    assert parses.count == 1 and dataset.records["k1"].title == "First title"
    load_cached_dataset([bib], cache, check=False)
    assert parses.count == 1  # and the file was replaced by a good one


def test_a_cache_that_cannot_be_written_costs_only_time(
    tmp_path: Path, bib: Path, parses: ParseCounter
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where a directory should be")
    cache = blocker / "cache.pickle"
    for _ in range(2):
        assert load_cached_dataset([bib], cache, check=False).records["k1"].title == "First title"
    assert parses.count == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "refs.bib"]


def test_a_missing_file_is_reported_from_the_cache_too(
    tmp_path: Path, parses: ParseCounter
) -> None:
    cache = tmp_path / "cache.pickle"
    missing = tmp_path / "missing.bib"
    for _ in range(2):
        dataset = load_cached_dataset([missing], cache, check=False)
        assert [problem.subtype for problem in dataset.problems] == ["missing-file"]
    missing.write_text(ENTRY.format(title="Now here"), encoding="utf-8")
    assert load_cached_dataset([missing], cache, check=False).records["k1"].title == "Now here"
    assert parses.count == 2


def test_without_a_cache_file_every_load_parses(bib: Path, parses: ParseCounter) -> None:
    for _ in range(2):
        assert load_cached_dataset([bib], None, check=False).records["k1"].title == "First title"
    assert parses.count == 2
