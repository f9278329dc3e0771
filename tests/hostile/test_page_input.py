"""Page and configuration input: names never collide, style paths stay inside the
source directory, a bad style is a located warning, and unknown names cost little."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bibtexparser.entrypoint import parse_string
from sphinx.testing.util import SphinxTestApp

from sphinx_ndif import query
from sphinx_ndif.dataset import Dataset
from sphinx_ndif.model import Origin, PaperRecord
from sphinx_ndif.query import PaperQuery, unknown_names
from sphinx_ndif.render.styles import style_path

from ..conftest import Build, find

BIB = """@misc{ndif-papers, title = {A key like a list id}, year = 2020}
@misc{NNsight_2025, title = {Underscore}, year = 2021}
@misc{nnsight-2025, title = {Dash}, year = 2022}
"""
DOWNLOADS = """D
=

.. ndif-papers::
   :keys: nnsight-2025
   :download:

.. ndif-citation:: ndif-papers
   :download:

.. ndif-citation:: NNsight_2025
   :download:

.. ndif-citation:: nnsight-2025
   :download:
"""


def test_download_files_never_overwrite_each_other(build: Build) -> None:
    pages = {"a/b.rst": DOWNLOADS, "a-b.rst": DOWNLOADS, "x.bib": BIB}
    index = "I\n=\n\n.. toctree::\n\n   a/b\n   a-b\n"
    built = build({"index.rst": index, **pages}, conf='ndif_data_files = ["x.bib"]\n')
    assert built.warning_lines == []
    files = sorted(Path(built.app.outdir, "_downloads", "ndif").glob("*.bib"))
    assert len(files) == 8  # 4 downloads on each of 2 pages
    for page in ("a/b.html", "a-b.html"):
        links = [a["href"] for a in built.html(page).select("a.ndif-download-bib")]
        keys = [
            [
                e.key
                for e in parse_string(
                    Path(built.app.outdir, page).parent.joinpath(link).read_text()
                ).entries
            ]
            for link in links
        ]
        assert keys == [["nnsight-2025"], ["ndif-papers"], ["NNsight_2025"], ["nnsight-2025"]]


CSL = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Mine</title><id>mine</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><text value="MINE: "/><text variable="title"/></layout></bibliography>
</style>
"""
BOMB = """<?xml version="1.0"?>
<!DOCTYPE style [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><info><title>&b;</title></info></style>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE style [<!ENTITY x SYSTEM "file:///etc/hostname">]>
<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><info><title>&x;</title></info></style>
"""


def citation(option: str) -> dict[str, str]:
    page = f"C\n=\n\n.. ndif-citation::\n   :show: reference\n   {option}\n"
    return {"index.rst": page, "mine.csl": CSL, "bad.csl": "<style", "bomb.csl": BOMB,
            "external.csl": EXTERNAL}  # fmt: skip


def test_a_csl_file_named_in_formats_is_read_from_the_source_directory(build: Build) -> None:
    built = build(citation(":formats: mine.csl, bibtex"))
    assert built.warning_lines == []
    (reference,) = find(built.doctree(), "ndif-citation-reference")
    assert reference.astext().startswith("MINE: ")


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (":style: bad.csl", "is not a CSL style"),
        (":style: bomb.csl", "declares a DOCTYPE or entities"),
        (":style: external.csl", "declares a DOCTYPE or entities"),
        (":formats: bad.csl, bibtex", "is not a CSL style"),
        (":formats: gone.csl", "style file not found"),
        (":style: ../outside.csl", "is outside the source directory"),
        (":style: {outside}", "is outside the source directory"),
        (":style: link.csl", "is outside the source directory"),
    ],
)
def test_a_style_file_that_cannot_be_used_is_a_located_warning(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, option: str, message: str
) -> None:
    outside = tmp_path / "outside.csl"
    outside.write_text(CSL)
    srcdir = tmp_path / "project"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_ndif"]\n')
    for name, text in citation(option.format(outside=outside)).items():
        (srcdir / name).write_text(text)
    (srcdir / "link.csl").symlink_to(outside)  # inside the project, leading out of it
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    lines = [line for line in warnings.splitlines() if "WARNING" in line]
    app.cleanup()
    (line,) = lines
    assert "index.rst:4: WARNING:" in line and message in line
    assert line.endswith("[ndif.unknown-style]")
    assert "MINE" not in (srcdir / "_build" / "html" / "index.html").read_text()


def test_a_style_name_is_never_a_path(tmp_path: Path) -> None:
    (tmp_path / "x.csl").write_text(CSL)
    for name in (str(tmp_path / "x"), "../styles/apa", "apa/../apa", "APA"):
        with pytest.raises(ValueError, match="unknown citation style"):
            style_path(name)
    assert style_path("elsevier-vancouver") is not None


def test_unknown_default_style_is_a_warning_not_a_traceback(build: Build) -> None:
    built = build(
        {"index.rst": "C\n=\n\n.. ndif-citation::\n   :show: reference\n"},
        conf='ndif_default_style = "no-such-style"\n',
    )
    (line,) = built.warning_lines
    assert "unknown citation style 'no-such-style'" in line and "Traceback" not in built.warnings


def big_dataset(keys: int) -> Dataset:
    dataset = Dataset()
    origin = Origin("big.bib", 1)
    for number in range(keys):
        key = f"author{number % 977}{2000 + number % 25}word{number}"
        dataset.records[key] = PaperRecord(key, "misc", "T", (), 2020, "", origin)
    return dataset


def test_unknown_keys_cost_a_bounded_search(monkeypatch: pytest.MonkeyPatch) -> None:
    """10,000 unknown keys against 100,000 known: suggestions for the first few only,
    each against a bounded pool of known keys."""
    pools: list[int] = []
    real = query.get_close_matches

    def counting(word: str, possibilities: list[str], **kwargs: Any) -> list[str]:
        pools.append(len(possibilities))
        return real(word, possibilities, **kwargs)

    monkeypatch.setattr(query, "get_close_matches", counting)
    dataset = big_dataset(100_000)
    unknown = tuple(f"author1{n}2001wrd" for n in range(10_000))
    ((subtype, message),) = unknown_names(dataset, PaperQuery(keys=unknown))
    assert subtype == "unknown-key" and message.count("'author1") == 10_000
    assert len(pools) == query.SUGGESTED
    assert all(size <= query.CLOSE_MATCH_POOL for size in pools)
    assert "did you mean author1" in message


def test_many_unknown_tags_are_one_warning(build: Build) -> None:
    tags = ", ".join(f"nosuchtag{n}" for n in range(10_000))
    page = f"P\n=\n\n.. ndif-papers::\n   :tags: games, {tags}\n"
    built = build({"index.rst": page})
    (line,) = built.warning_lines
    assert "unknown tags 'nosuchtag0', 'nosuchtag1'" in line and "'nosuchtag9999'" in line
    assert line.count("known tags:") <= 1 and line.endswith("[ndif.unknown-tag]")


def test_one_unknown_name_reads_as_before() -> None:
    dataset = big_dataset(10)
    ((_, message),) = unknown_names(dataset, PaperQuery(keys=("author12001word1x",)))
    assert message.startswith("unknown key 'author12001word1x'; did you mean author12001word1")
