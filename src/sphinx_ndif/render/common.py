"""Node builders used by more than one renderer."""

from __future__ import annotations

import re

from docutils import nodes

from sphinx_ndif.nodes import part_title, text_part

# An address starts where a run of address characters starts (the lookbehind): without
# it, every position of a long run without "@" was tried to its end (quadratic time).
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def paragraph(*children: nodes.Node, classes: list[str]) -> text_part:
    """A paragraph of ours: a ``<div>`` in HTML, a paragraph in every other builder."""
    para = text_part("", "", *children)
    para["classes"] = classes
    return para


def rubric(text: str, classes: list[str]) -> part_title:
    """A rubric of ours: a ``<div class="rubric">`` in HTML, a rubric elsewhere."""
    return part_title(text, text, classes=classes)


def bibtex_block(text: str, classes: list[str]) -> nodes.literal_block:
    """A BibTeX entry as a literal block, highlighted as BibTeX where the builder can."""
    block = nodes.literal_block(text, text, language="bibtex")
    block["classes"] = classes
    return block


def text_with_emails(text: str) -> list[nodes.Node]:
    """Plain text with every e-mail address made a ``mailto:`` link."""
    result: list[nodes.Node] = []
    position = 0
    for match in _EMAIL.finditer(text):
        address = match.group(0).rstrip(".")
        if match.start() > position:
            result.append(nodes.Text(text[position : match.start()]))
        result.append(nodes.reference(address, address, refuri=f"mailto:{address}"))
        position = match.start() + len(address)
    if position < len(text):
        result.append(nodes.Text(text[position:]))
    return result
