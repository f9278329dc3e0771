"""The ``:download:`` option: the listed entries as .bib and .ris files beside the page.

A block holds a placeholder paragraph with the files' text
(:func:`~sphinx_ndif.render.downloads.render_download`). When a page is written, a
post-transform makes its links where the builder offers downloads: Sphinx's own download
references, which each HTML builder points at its ``_downloads`` folder from wherever the
page is (dirhtml, singlehtml); every other builder (EPUB, LaTeX, text...) leaves the
paragraph out. The files are written by the HTML builder as it writes the page (its
``html-page-context`` event).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_ndif.builders import builder_class, offers_downloads
from sphinx_ndif.nodes import download_links
from sphinx_ndif.render.labels import _, ngettext

DOWNLOADS = "ndif"
"""Our folder in the builder's ``_downloads``."""
FOLDER = f"_downloads/{DOWNLOADS}"


def fill_links(node: download_links) -> None:
    """The paragraph's text and links. (Made when the page is written: Sphinx's reader
    takes every download reference in a page it reads for a file of the project.)"""
    basename, count = node["basename"], node["count"]
    links = [
        addnodes.download_reference(
            label,
            label,
            filename=f"{DOWNLOADS}/{basename}.{suffix}",
            classes=["ndif-download-" + suffix],
        )
        for label, suffix in (("BibTeX", "bib"), ("RIS", "ris"))
    ]
    lead = ngettext("Download %d entry as", "Download %d entries as", count) % count
    node.children = []
    node += [
        nodes.Text(lead + " "),
        links[0],
        nodes.Text(" " + _("or") + " "),
        links[1],
        nodes.Text("."),
    ]


class DownloadLinks(SphinxPostTransform):
    """Make each placeholder's links where the builder offers downloads; elsewhere leave
    the paragraph out: outside HTML, and in EPUB, which has no place for loose files (it
    would warn about .bib and .ris files it cannot type, so the links would lead nowhere)."""

    default_priority = 7  # after the paper lists are rendered (5) and their images (6)

    def run(self, **kwargs: Any) -> None:
        offered = offers_downloads(builder_class(self))
        for node in list(self.document.findall(download_links)):
            if offered:
                fill_links(node)
            else:
                node.parent.remove(node)


def write_downloads(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Write the files of each download paragraph on the page the HTML builder writes."""
    if doctree is None or not offers_downloads(type(app.builder)):
        return
    folder = Path(app.outdir, FOLDER)
    for node in doctree.findall(download_links):
        folder.mkdir(parents=True, exist_ok=True)
        for suffix, text in (("bib", node["bibtex"]), ("ris", node["ris"])):
            (folder / f"{node['basename']}.{suffix}").write_text(text, encoding="utf-8")


def setup_downloads(app: Sphinx) -> None:
    """Register what makes the links (or leaves the paragraph out) and writes the files."""
    app.add_post_transform(DownloadLinks)
    app.connect("html-page-context", write_downloads)
