"""Test fixtures: Sphinx's own testing fixtures, test roots, and small built projects."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

import sphinx_ndif.dataset
import sphinx_ndif.dataset_cache
from sphinx_ndif.dataset import Dataset

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"
FIXTURES = Path(__file__).parent / "fixtures"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
BASE_CONF = (
    'extensions = ["sphinx_ndif", "myst_parser"]\nmyst_enable_extensions = ["colon_fence"]\n'
)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@dataclass
class Built:
    """A finished build and easy ways to look at what it produced."""

    app: SphinxTestApp
    written: dict[str, nodes.document] = field(default_factory=dict)
    """Each page's doctree as it was written (after the post-transforms)."""

    @property
    def warnings(self) -> str:
        return _ANSI.sub("", self.app.warning.getvalue())

    @property
    def warning_lines(self) -> list[str]:
        return [line for line in self.warnings.splitlines() if "WARNING" in line or "ERROR" in line]

    def doctree(self, docname: str = "index") -> nodes.document:
        """The page as the builder wrote it (paper lists are rendered at write time)."""
        if docname in self.written:
            return self.written[docname]
        return written_doctree(self.app, docname)  # a page this build did not write

    def keep_written(self, app: SphinxTestApp, doctree: nodes.document, docname: str) -> None:
        self.written[docname] = doctree.deepcopy()

    def read_doctree(self, docname: str = "index") -> nodes.document:
        """The page as read and pickled, before any post-transform."""
        return self.app.env.get_doctree(docname)

    def html(self, page: str = "index.html") -> BeautifulSoup:
        return BeautifulSoup((self.app.outdir / page).read_text(encoding="utf-8"), "html.parser")

    def output(self, name: str) -> str:
        return (self.app.outdir / name).read_text(encoding="utf-8")


Build = Callable[..., Built]


class ParseCounter:
    """Counts the parses of data files: every one goes through the dataset cache, which
    parses when it has no file or its copy is stale."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = sphinx_ndif.dataset.load_dataset

        def counting(*args: Any, **kwargs: Any) -> Dataset:
            self.count += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(sphinx_ndif.dataset_cache, "load_dataset", counting)


def written_doctree(app: SphinxTestApp, docname: str = "index") -> nodes.document:
    """A page's doctree after the post-transforms, which render the paper lists."""
    doctree = app.env.get_doctree(docname)
    app.env.apply_post_transforms(doctree, docname)
    return doctree


@pytest.fixture
def build(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> Iterator[Build]:
    """Write a small project (conf.py plus the given files) and build it."""
    counter = itertools.count()

    def run(
        files: dict[str, str | bytes], builder: str = "html", conf: str = "", **kwargs: Any
    ) -> Built:
        srcdir = tmp_path / f"project{next(counter)}"
        srcdir.mkdir()
        (srcdir / "conf.py").write_text(BASE_CONF + conf, encoding="utf-8")
        for name, content in files.items():
            path = srcdir / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):  # an image
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        app = make_app(builder, srcdir=srcdir, **kwargs)
        built = Built(app)
        # Keep each page as written: after the build, the labels' translations are gone.
        app.connect("doctree-resolved", built.keep_written, priority=900)
        try:
            app.build()
        finally:
            # Undo global registrations now, so a test may build several projects.
            app.cleanup()
        return built

    yield run


def classes(node: nodes.Element) -> list[str]:
    return list(node.get("classes", []))


def find(tree: nodes.Node, cls: str) -> list[nodes.Element]:
    """Every element of the doctree carrying the class ``cls``."""
    return [n for n in tree.findall(nodes.Element) if cls in n.get("classes", [])]


def paper_keys(tree: nodes.Node) -> list[str]:
    """The ids of the listed papers, in order."""
    return [item["ids"][0] for item in find(tree, "ndif-paper")]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium, one per test session for every browser test module
    (Playwright's sync API allows one instance per process)."""
    from .browser import CHROMIUM, CHROMIUM_ARGS, require_browser

    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


CliResult = tuple[int, str, str]
"""The exit status, stdout and stderr of one ``sphinx-ndif`` command."""
Run = Callable[..., CliResult]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Call the command line's ``main`` with the arguments (paths allowed)."""
    from sphinx_ndif.cli import main

    def call(*argv: str | Path) -> CliResult:
        status = main([str(arg) for arg in argv])
        out, err = capsys.readouterr()
        return status, out, err

    return call
