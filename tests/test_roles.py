"""Inline roles: ndif-cite and ndif-tag, resolved across pages, in parallel, incrementally."""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_ndif.dataset import BUNDLED_BIB, load_dataset
from sphinx_ndif.model import Person
from sphinx_ndif.roles import cite_label

from .conftest import BASE_CONF, Build

PAGES = {
    "index.rst": (
        "Index\n=====\n\n.. toctree::\n\n   list\n   other\n\n"
        "As shown by :ndif-cite:`zhu2024language` and :ndif-cite:`feucht2025dualroute`,"
        " see :ndif-tag:`probing`.\n"
    ),
    "list.rst": "List\n====\n\n.. ndif-papers::\n   :tags: probing\n",
    "other.md": "# Other\n\nCite {ndif-cite}`jenner2024evidence` and {ndif-tag}`games`.\n\n```{ndif-tags}\n```\n",
}


def links(built: object, page: str) -> dict[str, str]:
    soup = built.html(page)  # type: ignore[attr-defined]
    return {
        a.get_text(): a["href"]
        for a in soup.select("a")
        if a.select_one(".ndif-cite, .ndif-tag-ref") is not None
    }


def test_cite_links_to_the_listing_on_another_page(build: Build) -> None:
    built = build(PAGES)
    assert built.warnings == ""
    found = links(built, "index.html")
    assert found["Zhu et al. 2024"] == "list.html#paper-zhu2024language"
    # Not listed anywhere: the paper's own link.
    assert found["Feucht et al. 2025"] == "https://arxiv.org/abs/2504.03022"
    assert found["Probing"] == "list.html#ndif-papers"


def test_myst_roles_and_tag_overview_anchor(build: Build) -> None:
    found = links(build(PAGES), "other.html")
    assert found["Jenner et al. 2024"] == "list.html#paper-jenner2024evidence"
    assert found["Games"] == "#ndif-tag-games"


def test_a_listing_on_the_same_page_wins(build: Build) -> None:
    pages = dict(PAGES)
    pages["other.md"] += (
        "\n```{ndif-papers}\n:keys: zhu2024language\n```\n\n{ndif-cite}`zhu2024language`\n"
    )
    found = links(build(pages), "other.html")
    assert found["Zhu et al. 2024"] == "#paper-zhu2024language"


@pytest.mark.parametrize(
    ("template", "key", "expected"),
    [
        ("{author} {year}", "kantamneni2025language", "Kantamneni and Tegmark 2025"),
        ("{author} ({year})", "zhu2024language", "Zhu et al. (2024)"),
        ("[{key}]", "zhu2024language", "[zhu2024language]"),
        ("{nonsense}", "zhu2024language", "Zhu et al. 2024"),
    ],
)
def test_cite_format(build: Build, template: str, key: str, expected: str) -> None:
    built = build(
        {"index.rst": f"I\n=\n\n:ndif-cite:`{key}`\n"}, conf=f"ndif_cite_format = {template!r}\n"
    )
    assert built.html().select_one(".ndif-cite").get_text() == expected


def test_unknown_key_and_tag_warn_at_the_role(build: Build) -> None:
    built = build({"index.rst": "I\n=\n\nText.\n\n:ndif-cite:`zhu2024langage` :ndif-tag:`gamez`\n"})
    lines = built.warning_lines
    assert len(lines) == 2
    assert (
        "index.rst:6: WARNING: ndif-cite: unknown key 'zhu2024langage'; did you mean zhu2024language?"
        in lines[0]
    )
    assert lines[1].endswith("[ndif.unknown-tag]")
    assert "ndif-tag: unknown tag 'gamez'; did you mean games?" in lines[1]


def test_parallel_build_resolves_citations(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    srcdir = tmp_path / "p"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(BASE_CONF)
    keys = ["zhu2024language", "jenner2024evidence", "davis2024hidden", "simon2024interplm"]
    names = []
    for i, key in enumerate(keys):
        (srcdir / f"list{i}.rst").write_text(f"L{i}\n==\n\n.. ndif-papers::\n   :keys: {key}\n")
        (srcdir / f"cite{i}.rst").write_text(f"C{i}\n==\n\n:ndif-cite:`{keys[-1 - i]}`\n")
        names += [f"list{i}", f"cite{i}"]
    (srcdir / "index.rst").write_text(
        "I\n=\n\n.. toctree::\n\n" + "".join(f"   {n}\n" for n in names)
    )
    app = make_app("html", srcdir=srcdir, parallel=2)
    app.build()
    for i in range(len(keys)):
        html = (app.outdir / f"cite{i}.html").read_text()
        assert f'href="list{len(keys) - 1 - i}.html#paper-{keys[-1 - i]}"' in html


@pytest.mark.parametrize("change", ["remove", "edit"])
def test_a_changed_listing_page_relinks_the_citation(
    change: str, make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    srcdir = tmp_path / "p"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(BASE_CONF)
    (srcdir / "index.rst").write_text(
        "I\n=\n\n:ndif-cite:`zhu2024language`\n\n.. toctree::\n   :glob:\n\n   *\n"
    )
    (srcdir / "list.rst").write_text("L\n=\n\n.. ndif-papers::\n   :keys: zhu2024language\n")
    app = make_app("html", srcdir=srcdir)
    app.build()
    app.cleanup()
    assert 'href="list.html#paper-zhu2024language"' in (app.outdir / "index.html").read_text()
    if change == "remove":
        (srcdir / "list.rst").unlink()
    else:
        (srcdir / "list.rst").write_text(
            ":orphan:\n\nL\n=\n\n.. ndif-papers::\n   :keys: davis2024hidden\n"
        )
        later = time.time() + 5
        os.utime(srcdir / "list.rst", (later, later))
    app = make_app("html", srcdir=srcdir)
    read: list[str] = []
    app.connect("env-before-read-docs", lambda _app, _env, names: read.extend(names))
    app.build()
    # Written again, and not read again: its link is resolved against the new listings
    # (a removed page changes its glob toctree, which Sphinx reads again).
    assert read == (["index"] if change == "remove" else ["list"])
    html = (app.outdir / "index.html").read_text()
    assert "#paper-zhu2024language" not in html
    assert 'href="https://arxiv.org/abs/2402.18496"' in html


def test_other_listings_are_noted_in_the_link_title(build: Build) -> None:
    pages = dict(PAGES)
    pages["more.rst"] = ":orphan:\n\nM\n=\n\n.. ndif-papers::\n   :keys: zhu2024language\n"
    soup = build(pages).html("index.html")
    link = soup.select_one("a:has(.ndif-cite)")
    assert link["href"] == "list.html#paper-zhu2024language"
    assert link["title"] == "Also listed on: more"


def test_cite_label_for_one_author_and_for_none() -> None:
    record = load_dataset([BUNDLED_BIB]).records["feucht2024token"]
    solo = dataclasses.replace(record, authors=(Person(given="Ann", family="Solo"),), year=2025)
    assert cite_label(solo, "{author} {year}") == "Solo 2025"
    nobody = dataclasses.replace(record, authors=(), year=None)
    assert cite_label(nobody, "{author} ({year})") == f"{record.title} (n.d.)"
