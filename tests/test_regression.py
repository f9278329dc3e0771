"""The doctree of a representative page, kept as a reviewed regression file."""

from __future__ import annotations

from docutils import nodes
from pytest_regressions.file_regression import FileRegressionFixture

from .conftest import Build, find

PAGE = """Regression
==========

.. ndif-citation::
   :show: reference, note

.. ndif-papers::
   :tags: games, arithmetic
   :group-by: year
   :show: authors, venue, summary, tags, links, bibtex
"""


def test_doctree(build: Build, file_regression: FileRegressionFixture) -> None:
    built = build({"index.rst": PAGE})
    assert built.warnings == ""
    tree = built.doctree()
    for block in tree.findall(nodes.literal_block):
        # Set by Sphinx's own post-transform, and printed as "0" or "False" depending
        # on the docutils version: not ours to pin.
        del block["linenos"]
    blocks = find(tree, "ndif-citation") + find(tree, "ndif-papers")
    text = "\n".join(block.pformat() for block in blocks)
    file_regression.check(text, extension=".xml", encoding="utf-8")
