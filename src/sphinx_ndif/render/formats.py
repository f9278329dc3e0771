"""A citation in several styles and formats: one titled panel each.

In HTML, ndif.js turns the panels into accessible tabs; every other builder (and HTML
without JavaScript) shows each panel as its own titled block.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

from docutils import nodes

from sphinx_ndif.export import csl_item, reader_biblatex, reader_bibtex, to_ris
from sphinx_ndif.model import PaperRecord
from sphinx_ndif.render.common import paragraph, rubric
from sphinx_ndif.render.reference import reference_nodes
from sphinx_ndif.render.styles import ALIASES, PLAIN, StyleCache
from sphinx_ndif.safe_names import class_name
from sphinx_ndif.sources.links import is_web_link

FORMATS = ("reference", "bibtex", "biblatex", "ris", "csl-json")
_TITLES = {"bibtex": "BibTeX", "biblatex": "BibLaTeX", "ris": "RIS", "csl-json": "CSL-JSON"}
_LANGUAGES = {"bibtex": "bibtex", "biblatex": "bibtex", "ris": "text", "csl-json": "json"}
_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;)]")


def style_title(style: str) -> str:
    if style in ALIASES or style == PLAIN:
        return {"plain": "NDIF", "mla": "MLA", "apa": "APA", "ieee": "IEEE"}.get(
            style, style.capitalize()
        )
    return Path(style).stem if style.endswith(".csl") else style


def styled_reference(
    styles: StyleCache, record: PaperRecord, style: str, base: Path | None
) -> list[nodes.Node]:
    """The reference in a style, its links made real links; ``styles`` is the build's
    cache of formatted references."""
    if style == PLAIN:
        return reference_nodes(record)
    text = styles.format(record, style, base)
    result: list[nodes.Node] = []
    position = 0
    for match in _URL.finditer(text):
        url = match.group(0)
        if not is_web_link(url):  # text shaped like a link, but not one we emit
            continue
        result.append(nodes.Text(text[position : match.start()]))
        result.append(nodes.reference(url, url, refuri=url))
        position = match.end()
    result.append(nodes.Text(text[position:]))
    return [node for node in result if not (isinstance(node, nodes.Text) and not node.astext())]


def render_formats(
    styles: StyleCache,
    record: PaperRecord,
    formats: Sequence[str],
    style: str,
    base: Path | None,
) -> nodes.container:
    """One panel per format or style name, in the order asked for."""
    container = nodes.container(classes=["ndif-formats"])
    for name in formats:
        panel = nodes.container(classes=["ndif-format", f"ndif-format-{name}"])
        if name in FORMATS and name != "reference":
            title = _TITLES[name]
            text = {
                "bibtex": lambda: reader_bibtex(record),
                "biblatex": lambda: reader_biblatex(record),
                "ris": lambda: to_ris([record]).strip(),
                "csl-json": lambda: json.dumps([csl_item(record)], ensure_ascii=False, indent=2),
            }[name]()
            block = nodes.literal_block(text, text, language=_LANGUAGES[name])
            block["classes"] = ["ndif-format-block", "ndif-copyable"]
            content: nodes.Element = block
        else:
            chosen = style if name == "reference" else name
            title = style_title(chosen)
            content = paragraph(
                *styled_reference(styles, record, chosen, base),
                classes=["ndif-citation-reference", class_name("ndif-style", chosen)],
            )
        panel += rubric(title, classes=["ndif-format-title"])
        panel += content
        container += panel
    return container
