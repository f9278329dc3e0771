"""The ``:download:`` option's placeholder: the listed entries' files, as text in a node.

The links are made where the page is written, by the builder that can offer them
(:mod:`sphinx_ndif.html.downloads`); this module only renders what they will hold.
"""

from __future__ import annotations

from sphinx_ndif.export import to_bibtex, to_ris
from sphinx_ndif.model import PaperRecord
from sphinx_ndif.nodes import download_links


def render_download(records: list[PaperRecord], basename: str) -> download_links:
    """The placeholder for "Download N entries as BibTeX or RIS.", holding the files' text."""
    node = download_links(classes=["ndif-download"])
    node["basename"] = basename
    node["count"] = len(records)
    node["bibtex"] = to_bibtex(records, complete=False)
    node["ris"] = to_ris(records)
    return node
