"""The dataset kept between builds: reused while the data is the same, never trusted blindly."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from sphinx_ndif import __version__, dataset_cache
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


def test_the_search_text_is_not_kept(tmp_path: Path, bib: Path) -> None:
    cache = tmp_path / "cache.pickle"
    first = load_cached_dataset([bib], cache, check=False)
    first.search_text("k1")
    again = load_cached_dataset([bib], cache, check=False)
    assert again is not first
    assert again._search == {}


@pytest.fixture
def package_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the package's source, read by :func:`code_version` in its place: as an
    editable install whose files a developer edits."""
    copy = tmp_path / "sphinx_ndif"
    shutil.copytree(dataset_cache.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("data"))
    monkeypatch.setattr(dataset_cache, "PACKAGE_DIR", copy)
    dataset_cache.code_version.cache_clear()
    yield copy
    dataset_cache.code_version.cache_clear()


def _edit(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")


@pytest.mark.parametrize(
    "module", ["dataset.py", "model.py", "sources/bibtex.py", "sources/latex.py", "text.py"]
)
def test_editing_a_loader_module_invalidates_a_saved_dataset(
    tmp_path: Path, bib: Path, parses: ParseCounter, package_copy: Path, module: str
) -> None:
    """Every module that makes a dataset counts, found through the imports (the BibTeX
    loader is imported inside a function, and the LaTeX decoder only by it)."""
    cache = tmp_path / "cache.pickle"
    load_cached_dataset([bib], cache, check=False)
    load_cached_dataset([bib], cache, check=False)
    assert parses.count == 1
    _edit(package_copy / module)
    dataset_cache.code_version.cache_clear()  # as a new build process would
    assert load_cached_dataset([bib], cache, check=False).records["k1"].title == "First title"
    assert parses.count == 2


@pytest.mark.parametrize("module", ["render/papers.py", "directives.py", "html/__init__.py"])
def test_editing_rendering_code_keeps_the_saved_dataset(
    tmp_path: Path, bib: Path, parses: ParseCounter, package_copy: Path, module: str
) -> None:
    cache = tmp_path / "cache.pickle"
    load_cached_dataset([bib], cache, check=False)
    _edit(package_copy / module)
    dataset_cache.code_version.cache_clear()
    load_cached_dataset([bib], cache, check=False)
    assert parses.count == 1


def test_the_code_version_is_taken_once_per_process(package_copy: Path) -> None:
    first = dataset_cache.code_version()
    _edit(package_copy / "dataset.py")
    assert dataset_cache.code_version() == first  # the running code did not change
    dataset_cache.code_version.cache_clear()
    assert dataset_cache.code_version() != first


def test_the_code_version_names_the_package_version_and_the_parsers() -> None:
    libraries: set[str] = set()
    modules = {name for name, _source in dataset_cache._loader_sources(libraries)}
    assert {"sphinx_ndif.sources.bibtex", "sphinx_ndif.sources.cff"} <= modules
    assert not any(name.startswith(("sphinx_ndif.render", "sphinx_ndif.html")) for name in modules)
    assert {"bibtexparser", "pylatexenc", "yaml"} <= libraries
    assert dataset_cache.code_version().startswith(f"{__version__}+")


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
