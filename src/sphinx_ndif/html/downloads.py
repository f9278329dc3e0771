"""The ``:download:`` option: the listed entries as .bib and .ris files beside the page."""

from __future__ import annotations

import posixpath
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders._epub_base import EpubBuilder

from sphinx_ndif.export import to_bibtex, to_ris
from sphinx_ndif.model import PaperRecord
from sphinx_ndif.nodes import download_links
from sphinx_ndif.render.labels import _

FOLDER = "_downloads/ndif"


def render_download(records: list[PaperRecord], basename: str) -> download_links:
    """A placeholder holding the files' text; :func:`write_downloads` makes the links."""
    node = download_links(classes=["ndif-download"])
    node["basename"] = basename
    node["count"] = len(records)
    node["bibtex"] = to_bibtex(records, complete=False)
    node["ris"] = to_ris(records)
    return node


def write_downloads(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Write each placeholder's files into the output and link them (HTML pages only;
    every other builder, EPUB included, drops the placeholder)."""
    for node in list(doctree.findall(download_links)):
        # An e-book has no place for loose files: EPUB would warn about .bib and .ris
        # files it cannot type and leave them out, so its links would lead nowhere.
        if app.builder.format != "html" or isinstance(app.builder, EpubBuilder):
            node.parent.remove(node)
            continue
        folder = Path(app.outdir, FOLDER)
        folder.mkdir(parents=True, exist_ok=True)
        page_dir = posixpath.dirname(app.builder.get_target_uri(docname))
        links: list[nodes.Node] = []
        for label, suffix, text in (("BibTeX", "bib", node["bibtex"]), ("RIS", "ris", node["ris"])):
            name = f"{node['basename']}.{suffix}"
            (folder / name).write_text(text, encoding="utf-8")
            uri = posixpath.relpath(f"{FOLDER}/{name}", page_dir or ".")
            links.append(
                nodes.reference(label, label, refuri=uri, classes=["ndif-download-" + suffix])
            )
        count = node["count"]
        lead = (
            _("Download %d entry as") % count if count == 1 else _("Download %d entries as") % count
        )
        node.children = []
        node += [
            nodes.Text(lead + " "),
            links[0],
            nodes.Text(" " + _("or") + " "),
            links[1],
            nodes.Text("."),
        ]
