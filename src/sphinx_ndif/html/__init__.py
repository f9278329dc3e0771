"""HTML-only behaviour: data attributes, the BibTeX disclosure, and the assets.

Everything here is progressive enhancement: the page is complete without it
(every paper and every BibTeX is in the HTML), and the filter bar and copy
buttons are built by ``static/ndif.js`` when JavaScript runs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.writers.html5 import HTML5Translator

from sphinx_ndif.html.downloads import setup_downloads
from sphinx_ndif.html.metadata import add_metadata, load_before_writing
from sphinx_ndif.nodes import (
    bibtex_details,
    paper_item,
    papers_list,
    part_title,
    skip_node,
    text_part,
)
from sphinx_ndif.render.labels import _

STATIC = Path(__file__).parent.parent / "static"
# ndif-tags too: its headings are <div class="rubric">, styled by ndif.css.
_CLASSES = frozenset({"ndif-papers", "ndif-citation", "ndif-tags"})


def visit_papers_list(self: HTML5Translator, node: papers_list) -> None:
    # A list of [name, label] pairs, not an object: the chips keep this order.
    pairs: list[tuple[str, str]] = node.get("tag_labels", [])
    labels = json.dumps([[name, label] for name, label in pairs], ensure_ascii=False)
    attributes: dict[str, Any] = {"CLASS": "docutils container", "data-ndif-tag-labels": labels}
    self.body.append(self.starttag(node, "div", **attributes))


def depart_papers_list(self: HTML5Translator, node: papers_list) -> None:
    self.body.append("</div>\n")


def visit_paper_item(self: HTML5Translator, node: paper_item) -> None:
    year = node.get("year")
    attributes: dict[str, Any] = {
        "data-year": "" if year is None else str(year),
        "data-tags": " ".join(node.get("tags", ())),
        "data-sort-author": node.get("sort_author", ""),
        "data-sort-title": node.get("sort_title", ""),
    }
    if _has_filter_bar(node):  # the searched text, which a list without a bar does not need
        attributes["data-search"] = node.get("search", "")
    self.body.append(self.starttag(node, "li", "", **attributes))


def _has_filter_bar(node: nodes.Element) -> bool:
    parent = node.parent
    while parent is not None and not isinstance(parent, papers_list):
        parent = parent.parent
    return parent is None or "ndif-no-filter" not in parent["classes"]


def depart_paper_item(self: HTML5Translator, node: paper_item) -> None:
    self.body.append("</li>\n")


def visit_text_part(self: HTML5Translator, node: text_part) -> None:
    self.body.append(self.starttag(node, "div", ""))


def visit_part_title(self: HTML5Translator, node: part_title) -> None:
    self.body.append(self.starttag(node, "div", "", CLASS="rubric"))


def depart_block(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append("</div>\n")


def visit_bibtex_details(self: HTML5Translator, node: bibtex_details) -> None:
    """The collapsed BibTeX of a paper, written directly as an unhighlighted ``<pre>``.

    Highlighting every paper's hidden BibTeX with Pygments took most of a long list's
    build time (and tripled the page's size); the visible ``:show: bibtex`` blocks keep it.
    """
    self.body.append(self.starttag(node, "details", ""))
    self.body.append(f"<summary>{self.encode(_('BibTeX'))}</summary>\n")
    self.body.append('<div class="ndif-paper-bibtex ndif-bibtex"><pre>')
    self.body.append(self.encode(node["bibtex"]))
    self.body.append("</pre></div>\n</details>\n")
    raise nodes.SkipNode


def _labels() -> dict[str, str]:
    """The strings ndif.js shows, translated for the page's language."""
    return {
        "search": _("Search titles, authors, venues, summaries"),
        "tags": _("Tags"),
        "matchAll": _("Match all tags"),
        "from": _("From"),
        "to": _("To"),
        "sort": _("Sort"),
        "default": _("Default order"),
        "newest": _("Newest first"),
        "oldest": _("Oldest first"),
        "title": _("Title"),
        "author": _("First author"),
        "clear": _("Clear filters"),
        "count": _("{shown} of {total} papers"),
        "copy": _("Copy"),
        "copied": _("Copied"),
        "copyFailed": _("Copy failed"),
        "copyBibtex": _("Copy BibTeX"),
        "copyBibtexOf": _("Copy BibTeX of {title}"),
        "copyCitation": _("Copy citation"),
        "copyFormat": _("Copy citation as {format}"),
        "formats": _("Citation formats"),
    }


def _options(app: Sphinx) -> str:
    """What ndif.js must know of the site: which blocks sphinx-copybutton takes."""
    if "sphinx_copybutton" not in app.extensions:
        return ""
    options = json.dumps({"copybuttonSelector": str(app.config.copybutton_selector)})
    return " window.NDIF_OPTIONS = " + options.replace("</", "<\\/") + ";"


def add_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Add the CSS and JS to the pages that use a directive, and to no other page."""
    if doctree is None or not any(
        _CLASSES & set(node["classes"]) for node in doctree.findall(nodes.container)
    ):
        return
    app.add_css_file("ndif.css")
    # Labels are ours, not data; "</" is escaped so the JSON can never end the script.
    labels = json.dumps(_labels(), ensure_ascii=False).replace("</", "<\\/")
    app.add_js_file(None, body=f"window.NDIF_LABELS = {labels};{_options(app)}")
    app.add_js_file("ndif.js", loading_method="defer")


def add_static_path(app: Sphinx, config: Config) -> None:
    config.html_static_path.append(str(STATIC))


def setup_html(app: Sphinx) -> None:
    """Register the nodes, their HTML visitors, and the per-page assets."""
    app.add_node(papers_list, html=(visit_papers_list, depart_papers_list))
    app.add_node(paper_item, html=(visit_paper_item, depart_paper_item))
    app.add_node(text_part, html=(visit_text_part, depart_block))
    app.add_node(part_title, html=(visit_part_title, depart_block))
    app.add_node(
        bibtex_details,
        html=(visit_bibtex_details, None),
        latex=(skip_node, None),
        text=(skip_node, None),
        man=(skip_node, None),
        texinfo=(skip_node, None),
    )
    app.add_config_value("ndif_html_filter", True, "html", types=[bool])
    app.add_config_value("ndif_html_metadata", True, "html", types=[bool])
    setup_downloads(app)
    app.connect("html-page-context", add_metadata)
    app.connect("write-started", load_before_writing)
    app.connect("config-inited", add_static_path)
    app.connect("html-page-context", add_assets)
