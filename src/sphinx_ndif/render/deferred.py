"""Paper lists rendered when a page is written, not when it is read.

The directive decides at read time which papers a list shows, in which groups and
under which element ids (the inline roles resolve against those), and leaves a
:class:`~sphinx_ndif.nodes.pending_papers` holding just that. The list's nodes are
made here, when the page is written: a page of thousands of papers then costs no
read-time transform (each would walk every node), and its pickle stays small.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxSmartQuotes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import new_document

from sphinx_ndif.dataset import Dataset
from sphinx_ndif.domain import ndif_domain
from sphinx_ndif.nodes import pending_papers, skip_node
from sphinx_ndif.query import GroupBy
from sphinx_ndif.render.cards import Layout, PaperImage
from sphinx_ndif.render.downloads import render_download
from sphinx_ndif.render.papers import ListedGroup, render_papers
from sphinx_ndif.render.styles import StyleCache


def pending_list(
    groups: Sequence[ListedGroup],
    show: Collection[str],
    *,
    element_id: str,
    filter_bar: bool,
    style: str,
    style_base: Path | None,
    tags: Sequence[str] = (),
    download: tuple[str, list[str]] | None = None,
    layout: Layout = Layout.LIST,
    images: Mapping[str, PaperImage] | None = None,
) -> pending_papers:
    """The placeholder for a list: each group's papers as (key, element id) rows.

    The ids are chosen at read time, where the inline roles resolve against them (the
    domain collects them from this node). ``tags`` are the tags the list was asked
    for (a ``ndif-tag`` role links to the list). ``download``, if the list offers its
    entries as files, is their base name and the keys they hold, in order. ``images``
    holds the thumbnails, resolved when the page is read (see images.py).
    """
    node = pending_papers()
    node["groups"] = [
        (
            group.by.value if group.by else "",
            group.name,
            [(record.key, item_id) for record, item_id in group.papers],
        )
        for group in groups
    ]
    node["tags"] = list(tags)
    node["show"] = sorted(show)
    node["element_id"] = element_id
    node["filter_bar"] = filter_bar
    node["style"] = style
    node["style_base"] = str(style_base) if style_base else ""
    node["download"], node["download_keys"] = download or ("", [])
    node["layout"] = layout.value
    node["images"] = {key: [image.uri, image.local] for key, image in (images or {}).items()}
    return node


def render_pending(
    dataset: Dataset,
    node: pending_papers,
    *,
    filter_bar: bool = True,
    styles: StyleCache | None = None,
) -> list[nodes.Element]:
    """The list a placeholder stands for, from the dataset as loaded for this build
    (``styles``: the build's formatted references).

    Without ``filter_bar`` (``ndif_html_filter = False``, read when the page is
    written, so changing it needs no re-read) no list asks for a filter bar.

    A key the dataset no longer holds is left out: the page depends on its data files,
    so that happens only if one vanished between reading and writing.
    """
    groups = [
        ListedGroup(
            GroupBy(by) if by else None,
            name,
            tuple(
                (dataset.records[key], item_id) for key, item_id in rows if key in dataset.records
            ),
        )
        for by, name, rows in node["groups"]
    ]
    container = render_papers(
        dataset,
        [group for group in groups if group.papers],
        node["show"],
        styles=styles,
        element_id=node["element_id"],
        filter_bar=filter_bar and node["filter_bar"],
        style=node["style"],
        style_base=Path(node["style_base"]) if node["style_base"] else None,
        layout=Layout(node.get("layout", Layout.LIST.value)),
        images=_images(node),
    )
    if node["download"]:
        keys = [key for key in node["download_keys"] if key in dataset.records]
        container.insert(0, render_download([dataset.records[k] for k in keys], node["download"]))
    return [container]


def _images(node: pending_papers) -> dict[str, PaperImage]:
    stored: dict[str, tuple[str, bool]] = node.get("images", {})
    return {key: PaperImage(uri, local) for key, (uri, local) in stored.items()}


class RenderPendingPapers(SphinxPostTransform):
    """Replace each :class:`pending_papers` with its list, for every builder."""

    # Before ReferencesResolver (10) and the builders' own link transforms (LaTeX's
    # footnoted URLs, our plain-text link targets at 400), which must see the papers.
    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        pending = list(self.document.findall(pending_papers))
        if not pending:
            return
        domain = ndif_domain(self.env)
        dataset = domain.dataset  # loaded here if no page using it was read this build
        educate = SphinxSmartQuotes(self.document, None).is_available()
        for node in pending:
            rendered = render_pending(
                dataset, node, filter_bar=self.config.ndif_html_filter, styles=domain.styles
            )
            if educate:
                self.educate_quotes(rendered)
            node.replace_self(rendered)

    def educate_quotes(self, elements: list[nodes.Element]) -> None:
        """Typographic quotes, dashes and ellipses in the papers' text (an apostrophe
        becomes U+2019), as Sphinx gives the rest of the page when reading it.

        Sphinx's own transform does the work, on a scratch document holding only the
        blocks of text that contain something to change: most papers have none, and
        the transform would otherwise walk and tokenise every one (a large share of
        the write time of a long list).
        """
        blocks = [block for block in _text_blocks(elements) if _EDUCABLE.search(block.astext())]
        if not blocks:
            return
        places = [(block.parent, block.parent.index(block)) for block in blocks]
        scratch = new_document(self.document.get("source", ""), self.document.settings)
        scratch.extend(blocks)  # re-parents the blocks for the transform's walk
        SphinxSmartQuotes(scratch, None).apply()
        for (parent, index), block in zip(places, blocks, strict=True):
            parent[index] = block  # and back


# What smart quotes may change: quotes, backticks, "--" and "..." (see smartquotes_action).
_EDUCABLE = re.compile(r"['\"`]|--|\.\.\.")


def _text_blocks(elements: list[nodes.Element]) -> Iterator[nodes.TextElement]:
    """The outermost text elements (paragraphs, rubrics), which smart quotes treat as
    units; their inline children are not visited."""
    for element in elements:
        if isinstance(element, nodes.TextElement):
            yield element
        else:
            yield from _text_blocks([c for c in element.children if isinstance(c, nodes.Element)])


def setup_deferred(app: Sphinx) -> None:
    """Register the placeholder and its post-transform. A builder that writes a page
    without post-transforms (none of Sphinx's own does) drops the placeholder."""
    skip = (skip_node, None)
    app.add_node(pending_papers, html=skip, latex=skip, text=skip, man=skip, texinfo=skip)
    app.add_post_transform(RenderPendingPapers)
