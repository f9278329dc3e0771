"""tools/check_links.py: the offline check of a built site's local links and anchors."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "tools"))

from check_links import broken_links, main


def site(root: Path, pages: dict[str, str]) -> Path:
    for name, body in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    return root


def test_a_sound_site_passes(tmp_path: Path) -> None:
    root = site(
        tmp_path,
        {
            "index.html": '<a href="a.html#sec">a</a> <a href="#top" id="top">t</a>'
            '<a href="sub/">dir</a> <a href="https://example.org/x#y">out</a>'
            '<a href="mailto:a@b.c">m</a> <img src="_images/p.png">'
            '<a href="a.html?q=1#old" >query</a>',
            "a.html": '<h1 id="sec">S</h1><a name="old"></a><a href="index.html">back</a>',
            "sub/index.html": '<a href="../a.html#sec">up</a>',
            "_images/p.png": "",
        },
    )
    assert broken_links(root) == []
    assert main([str(root)]) == 0


@pytest.mark.parametrize(
    ("href", "reason"),
    [
        ("missing.html", "no file"),
        ("a.html#nowhere", "no id 'nowhere'"),
        ("#nowhere", "no id 'nowhere'"),
        ("sub/", "no file"),  # a directory without index.html
        ("a%20b.html", "no file"),
    ],
)
def test_a_broken_link_is_reported_with_its_page(tmp_path: Path, href: str, reason: str) -> None:
    root = site(
        tmp_path,
        {"index.html": f'<p><a href="{href}">x</a></p>', "a.html": '<h1 id="sec">S</h1>'},
    )
    (tmp_path / "sub").mkdir()
    (problem,) = broken_links(root)
    assert problem.startswith(f"index.html: {href} (") and reason in problem


def test_a_broken_image_or_stylesheet_is_reported(tmp_path: Path) -> None:
    root = site(
        tmp_path,
        {"index.html": '<img src="_images/gone.png"><link rel="stylesheet" href="s.css">'},
    )
    assert len(broken_links(root)) == 2
    assert main([str(root)]) == 1
