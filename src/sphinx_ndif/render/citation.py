"""Render the citation block: intro, formatted reference, BibTeX and note."""

from __future__ import annotations

from collections.abc import Collection

from docutils import nodes

from sphinx_ndif.export import reader_bibtex
from sphinx_ndif.model import PaperRecord
from sphinx_ndif.render.common import bibtex_block, paragraph, text_with_emails
from sphinx_ndif.render.reference import reference_nodes

CITATION_PARTS = ("intro", "reference", "bibtex", "note")


def render_citation(
    record: PaperRecord,
    show: Collection[str],
    reference: list[nodes.Node] | None = None,
    formats: nodes.Element | None = None,
) -> nodes.container:
    """The ``ndif-citation`` block for one record; parts without data are left out.

    ``reference`` is the reference in the chosen style (default: the NDIF format);
    ``formats``, when given, takes the place of the reference and the BibTeX.
    """
    block = nodes.container(classes=["ndif-citation"])
    block["ndif_key"] = record.key  # the page's head metadata is made from it (domain.py)
    if "intro" in show and record.intro:
        block += paragraph(nodes.Text(record.intro), classes=["ndif-citation-intro"])
    if formats is not None:
        block += formats
    else:
        if "reference" in show:
            block += paragraph(
                *(reference or reference_nodes(record)), classes=["ndif-citation-reference"]
            )
        if "bibtex" in show:
            block += bibtex_block(reader_bibtex(record), ["ndif-citation-bibtex", "ndif-bibtex"])
    if "note" in show and record.note:
        block += paragraph(*text_with_emails(record.note), classes=["ndif-citation-note"])
    return block
