"""Check the local links of a built HTML site: each file exists and each #fragment is an id in it.

``linkcheck`` needs the network; this reads only the built files, so CI can run it offline:
``python tools/check_links.py BUILD_DIR`` (html or dirhtml output). Exit status 1 lists every
broken link as ``page: href (reason)``.
"""

from __future__ import annotations

import argparse
import sys
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

LINKING = (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"))


@cache
def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@cache
def _ids(path: Path) -> frozenset[str]:
    soup = _soup(path)
    ids = {str(tag["id"]) for tag in soup.find_all(id=True)}
    ids |= {str(tag["name"]) for tag in soup.find_all("a", attrs={"name": True})}
    return frozenset(ids)


def _target(page: Path, path: str) -> Path:
    """The file a local ``path`` names from ``page`` (a directory means its index.html)."""
    target = (page.parent / unquote(path)).resolve() if path else page
    if target.is_dir():
        target = target / "index.html"
    return target


def broken_links(root: Path) -> list[str]:
    """Every local link of every page under ``root`` whose file or fragment is missing."""
    root = root.resolve()
    problems: list[str] = []
    for page in sorted(root.rglob("*.html")):
        for tag_name, attribute in LINKING:
            for tag in _soup(page).find_all(tag_name, attrs={attribute: True}):
                href = str(tag[attribute])
                parts = urlsplit(href)
                if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                    continue  # not local: linkcheck's job, with a network
                target = _target(page, parts.path)
                where = f"{page.relative_to(root)}: {href}"
                if not target.is_file():
                    problems.append(f"{where} (no file {target})")
                elif (
                    parts.fragment
                    and target.suffix == ".html"
                    and unquote(parts.fragment) not in _ids(target)
                ):
                    problems.append(f"{where} (no id {parts.fragment!r} in {target.name})")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="the built HTML directory")
    args = parser.parse_args(argv)
    if not args.root.is_dir():
        parser.error(f"not a directory: {args.root}")
    problems = broken_links(args.root)
    for problem in problems:
        print(problem)
    pages = sum(1 for _ in args.root.rglob("*.html"))
    print(f"{len(problems)} broken local links in {pages} pages", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
