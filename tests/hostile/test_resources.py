"""Bounded resources: no data file can hang the build, exhaust memory or take
super-linear time."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from sphinx_ndif.dataset_cache import load_cached_dataset
from sphinx_ndif.sources.bibtex import MAX_EXPANDED, parse_bibtex
from sphinx_ndif.sources.cff import parse_cff

from ..conftest import Build


@pytest.fixture
def deadline() -> Iterator[None]:
    """Fail (instead of hanging the suite) if the test takes over 60 s."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError("hung")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def not_regular_files(tmp_path: Path) -> list[Path]:
    fifo = tmp_path / "fifo.bib"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.bib"
    zero.symlink_to("/dev/zero")
    folder = tmp_path / "folder.json"
    folder.mkdir()
    return [fifo, zero, folder]


def test_data_files_must_be_regular_files(tmp_path: Path, deadline: None) -> None:
    """A FIFO, a link to /dev/zero and a directory are each one located error, found
    before anything reads them (the cache's content hash included)."""
    good = tmp_path / "good.bib"
    good.write_text("@misc{good, title={Good}, year=2024}\n")
    paths = not_regular_files(tmp_path)
    dataset = load_cached_dataset([*paths, good], tmp_path / "cache.pickle", check=False)
    problems = [(p.origin.path, p.subtype) for p in dataset.problems]
    assert problems == [(str(path), "not-a-file") for path in paths]
    assert all(
        ("not a regular file" in p.message or "is a directory" in p.message)
        for p in dataset.problems
    )
    assert list(dataset.records) == ["good"]


def test_a_fifo_in_conf_py_does_not_hang_the_build(
    build: Build, tmp_path: Path, deadline: None
) -> None:
    os.mkfifo(tmp_path / "fifo.bib")
    built = build(
        {"index.rst": "I\n=\n\n.. ndif-papers::\n"},
        conf=f'ndif_data_files = ["{tmp_path / "fifo.bib"}"]\n',
    )
    (line,) = built.warning_lines
    assert "is not a regular file" in line and line.endswith("[ndif.not-a-file]")


def test_string_doubling_is_capped_at_one_megabyte() -> None:
    text = '@string{s0 = "' + "x" * 80 + '"}\n'
    text += "".join(f"@string{{s{i + 1} = s{i} # s{i}}}\n" for i in range(32))
    text += "@misc{a, title = s32 # s32, year = 2020}\n@misc{b, title = {B}, year = 2021}\n"
    result = parse_bibtex(text, "bomb.bib")
    (problem,) = result.problems
    assert (problem.subtype, problem.level, problem.origin.line) == ("too-long", "error", 15)
    assert [(r.key, r.title) for r in result.records] == [("a", ""), ("b", "B")]
    assert max(len(value) for r in result.records for _, value in r.fields) <= MAX_EXPANDED


def test_a_long_value_written_out_is_not_cut() -> None:
    long = "y" * (MAX_EXPANDED + 10)
    (record,) = parse_bibtex(f"@misc{{a, title = {{{long}}} # {{!}}}}\n", "long.bib").records
    assert record.title == long + "!"


def test_yaml_alias_bombs_are_refused() -> None:
    text = "cff-version: 1.2.0\na0: &a0 [xxxxxxxxxx, xxxxxxxxxx]\n"
    text += "".join(f"a{i + 1}: &a{i + 1} [*a{i}, *a{i}]\n" for i in range(24))
    result = parse_cff(text + "title: *a24\n", "CITATION.cff")
    assert result.records == []
    assert [p.subtype for p in result.problems] == ["parse-error"]
    assert "aliases expand" in result.problems[0].message
    cycle = parse_cff("a: &a [*a]\ntitle: T\n", "CITATION.cff")
    assert [p.subtype for p in cycle.problems] == ["parse-error"]


def test_small_yaml_aliases_still_work() -> None:
    text = (
        "authors:\n  - &me {family-names: Doe, given-names: Jane}\n"
        "preferred-citation:\n  title: T\n  year: 2024\n  authors: [*me, *me]\n"
    )
    (record,) = parse_cff(text, "CITATION.cff").records
    assert [person.family for person in record.authors] == ["Doe", "Doe"]
