"""Each documented snippet, in reST and in MyST, against one reviewed doctree file.

The snippets in tests/snippets/ are the examples the README and the user guide show (the
guide includes them). Both forms of a snippet must give the same doctree, kept in
tests/test_snippets/<name>.xml; :func:`normalised` removes what differs between docutils
and Sphinx versions, so one file serves every supported version.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docutils import nodes
from pytest_regressions.file_regression import FileRegressionFixture

from .conftest import Build

SNIPPETS = Path(__file__).parent / "snippets"
NAMES = sorted(path.stem for path in (SNIPPETS / "rst").glob("*.rst"))


def normalised(tree: nodes.document) -> str:
    """The page's content as pseudo-XML, the same under docutils 0.21 and 0.22.

    Docutils 0.22 prints boolean attributes (``linenos``, set by Sphinx's highlighting
    post-transform) as ``0``/``1`` where 0.21 prints ``False``/``True``: print them as
    numbers everywhere. The document node itself (its source path) is left out.
    """
    tree = tree.deepcopy()
    for element in tree.findall(nodes.Element):
        for name, value in element.attributes.items():
            if isinstance(value, bool):
                element[name] = int(value)
    return "".join(child.pformat() for child in tree.children)


def test_every_snippet_has_both_forms() -> None:
    assert NAMES, "no snippets found"
    assert sorted(path.stem for path in (SNIPPETS / "myst").glob("*.md")) == NAMES


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_snippet(
    build: Build, file_regression: FileRegressionFixture, name: str, syntax: str
) -> None:
    suffix = ".rst" if syntax == "rst" else ".md"
    snippet = (SNIPPETS / syntax / name).with_suffix(suffix).read_text(encoding="utf-8")
    built = build({f"index{suffix}": snippet})
    assert built.warning_lines == []
    file_regression.check(
        normalised(built.doctree()),
        basename=name,
        extension=".xml",
        encoding="utf-8",
    )


README = Path(__file__).parent.parent / "README.md"
_RST_DIRECTIVE = re.compile(r"^\.\. (ndif-[a-z]+)::[ \t]*(.*)\n((?:[ \t]+:.*\n?)*)", re.MULTILINE)
_MYST_DIRECTIVE = re.compile(r"^```\{(ndif-[a-z]+)\}[ \t]*(.*)\n((?::.*\n)*)```", re.MULTILINE)
Directive = tuple[str, str, frozenset[str]]


def directives(text: str) -> list[Directive]:
    """Each directive written in ``text`` (reST or MyST): its name, argument and options."""
    found = []
    for pattern in (_RST_DIRECTIVE, _MYST_DIRECTIVE):
        for match in pattern.finditer(text):
            name, argument, options = match.groups()
            lines = frozenset(line.strip() for line in options.splitlines() if line.strip())
            found.append((name, argument.strip(), lines))
    return found


def test_the_readme_shows_only_tested_snippets() -> None:
    """Every directive the README shows is a snippet here, or part of one (a snippet
    may add options, such as a tag filter that keeps its regression file small)."""
    tested = [
        each
        for path in SNIPPETS.glob("*/*")
        for each in directives(path.read_text(encoding="utf-8"))
    ]
    shown = directives(README.read_text(encoding="utf-8"))
    assert len(shown) >= 8  # the pattern still finds the README's examples
    for name, argument, options in shown:
        assert any(
            name == other and argument == other_argument and options <= other_options
            for other, other_argument, other_options in tested
        ), f"the README's {name} {argument} {sorted(options)} is in no snippet"
