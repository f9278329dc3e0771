"""The extension's node classes: standard docutils nodes with a little more data.

Each subclasses the node every builder already knows, so a builder without a visitor
of ours renders it as that node (Sphinx's translators dispatch along the class's
MRO); only HTML adds the extra data as ``data-`` attributes for the filter bar.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes


class papers_list(nodes.container):
    """The ``ndif-papers`` container. ``tag_labels`` maps its tags to their labels."""


class paper_item(nodes.list_item):
    """One paper. Carries ``year``, ``tags``, ``sort_author`` and ``sort_title``."""


class text_part(nodes.paragraph):
    """One part of a paper or citation (title, byline, summary, tags, links, intro...).

    Every builder writes it as a paragraph, but HTML writes a ``<div>``: sites rewrite
    ``<p>`` elements with scripts of their own (nnsight's docs turn them into ``<span>``),
    and a part must keep its own line and its class whatever they do.
    """


class part_title(nodes.rubric):
    """A heading inside one of our blocks (a group of papers, a citation format): a
    rubric everywhere, a ``<div class="rubric">`` in HTML, for the reason above."""


class bibtex_details(nodes.container):
    """A paper's BibTeX (its ``bibtex`` attribute) behind a disclosure: HTML only,
    dropped by every other builder."""


class download_links(text_part):
    """ "Download N entries as BibTeX or RIS": the files are written, and the links made,
    when the page is written (HTML builders); other builders drop it."""


class pending_papers(nodes.General, nodes.Element):
    """An ``ndif-papers`` list chosen when the page is read, rendered when it is written.

    It holds only the papers' keys and element ids (``groups``) and how to show them,
    so the read-time transforms never walk thousands of papers and the pickled page
    stays small; :class:`~sphinx_ndif.render.deferred.RenderPendingPapers` replaces it.
    """


def skip_node(translator: Any, node: nodes.Node) -> None:
    """A visitor for builders that leave the node out."""
    raise nodes.SkipNode


class paper_image(nodes.image):
    """A paper's thumbnail. An image, so HTML builders copy a local file as they copy any
    image; HTML writes it as a lazy ``<img>``, and every other builder leaves it out."""
