"""Render a list of papers, grouped, as builder-neutral docutils nodes."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes

from sphinx_ndif.dataset import Dataset
from sphinx_ndif.export import reader_bibtex
from sphinx_ndif.model import PaperRecord
from sphinx_ndif.nodes import bibtex_details, paper_item, papers_list
from sphinx_ndif.query import GroupBy
from sphinx_ndif.render.cards import Layout, PaperImage, image_node, layout_classes
from sphinx_ndif.render.common import bibtex_block, paragraph, rubric
from sphinx_ndif.render.filter_data import search_text, vocabulary_order
from sphinx_ndif.render.formats import styled_reference
from sphinx_ndif.render.labels import _
from sphinx_ndif.render.reference import author_names
from sphinx_ndif.render.styles import StyleCache
from sphinx_ndif.safe_names import class_name
from sphinx_ndif.sources.links import code_host
from sphinx_ndif.text import fold

PAPER_PARTS = ("authors", "venue", "summary", "tags", "links", "bibtex", "image")
DEFAULT_PAPER_PARTS = ("authors", "venue", "summary", "tags", "links")


@dataclass(frozen=True, slots=True)
class ListedGroup:
    """A group of papers as one page lists them: each record with its element id (a
    paper in two groups has two), decided when the page is read."""

    by: GroupBy | None
    name: str
    papers: tuple[tuple[PaperRecord, str], ...]


def render_papers(
    dataset: Dataset,
    groups: list[ListedGroup],
    show: Collection[str],
    *,
    styles: StyleCache | None = None,
    element_id: str = "",
    filter_bar: bool = True,
    style: str = "plain",
    style_base: Path | None = None,
    layout: Layout = Layout.LIST,
    images: Mapping[str, PaperImage] | None = None,
) -> papers_list:
    """The ``ndif-papers`` container: a rubric per group, a bullet list of papers each.

    ``element_id`` names the container (the filter bar keeps its state in the URL
    under it); without ``filter_bar`` the container asks ndif.js for no filter bar.
    ``images`` holds the thumbnail of each paper that shows one (by key); ``styles``
    formats the references in a citation style (the build's cache).
    """
    styles = styles or StyleCache()
    classes = ["ndif-papers"] if filter_bar else ["ndif-papers", "ndif-no-filter"]
    classes += layout_classes(layout)
    container = papers_list(ids=[element_id] if element_id else [], classes=classes)
    tags = {tag for group in groups for record, _id in group.papers for tag in record.tags}
    container["tag_labels"] = [
        (tag, dataset.tag_label(tag)) for tag in vocabulary_order(dataset, tags)
    ]
    for group in groups:
        if group.by is not None:
            container += rubric(_group_title(dataset, group), classes=["ndif-group"])
        items = nodes.bullet_list(classes=["ndif-paper-list"])
        for record, item_id in group.papers:
            item = render_paper(dataset, record, show, item_id, style, style_base, styles)
            _image(item, record, images)
            items += item
        container += items
    return container


def _image(item: paper_item, record: PaperRecord, images: Mapping[str, PaperImage] | None) -> None:
    """The paper's thumbnail, first in its item (on top of a card), if it shows one."""
    image = (images or {}).get(record.key)
    if image is not None:
        item.insert(0, image_node(image, record.title or record.key))


def render_no_match() -> nodes.paragraph:
    # A plain paragraph: it stands alone, on a page that may load none of our CSS.
    text = _("No papers match this filter.")
    return nodes.paragraph(text, text, classes=["ndif-no-match"])


def _group_title(dataset: Dataset, group: ListedGroup) -> str:
    if group.by is GroupBy.TAG:
        return dataset.tag_label(group.name) if group.name else _("Other papers")
    return group.name or _("Year unknown")


def render_paper(
    dataset: Dataset,
    record: PaperRecord,
    show: Collection[str],
    element_id: str,
    style: str = "plain",
    style_base: Path | None = None,
    styles: StyleCache | None = None,
) -> paper_item:
    """One paper: linked title, byline (or its reference in a citation style), summary,
    tags, further links, BibTeX."""
    item = paper_item(ids=[element_id], classes=["ndif-paper"])
    item["year"] = record.year
    item["tags"] = list(record.tags)
    item["sort_author"] = fold(record.authors[0].family) if record.authors else ""
    item["sort_title"] = fold(record.title)
    item["search"] = search_text(record)
    title: nodes.Node = nodes.Text(record.title or record.key)
    if record.url:
        title = nodes.reference("", "", title, refuri=record.url)
    item += paragraph(nodes.strong("", "", title), classes=["ndif-paper-title"])

    byline: list[nodes.Node] = []
    if style != "plain" and ("authors" in show or "venue" in show):
        item += paragraph(
            *styled_reference(styles or StyleCache(), record, style, style_base),
            classes=["ndif-paper-reference", class_name("ndif-style", style)],
        )
    elif "authors" in show and record.authors:
        names = author_names(record)
        byline.append(nodes.inline(names, names, classes=["ndif-paper-authors"]))
    if style == "plain" and "venue" in show and record.venue_with_year:
        if byline:
            byline.append(nodes.Text(" " if byline[-1].astext().endswith(".") else ". "))
        venue = record.venue_with_year
        byline.append(nodes.emphasis(venue, venue, classes=["ndif-paper-venue"]))
    if byline:
        item += paragraph(*byline, classes=["ndif-paper-byline"])

    if "summary" in show and record.summary:
        item += paragraph(nodes.Text(record.summary), classes=["ndif-paper-summary"])
    if "tags" in show and record.tags:
        item += _tags(dataset, record)
    if "links" in show:
        links = _links(record)
        if links is not None:
            item += links
    if "bibtex" in show:
        item += bibtex_block(reader_bibtex(record), ["ndif-paper-bibtex", "ndif-bibtex"])
    else:  # in HTML, behind a disclosure; other builders drop it
        # The text is an attribute, not a child node: on a page of thousands of papers,
        # every transform would otherwise walk (and Sphinx would index) each entry.
        item += bibtex_details(
            bibtex=reader_bibtex(record), classes=["ndif-paper-bibtex-details", "no-search"]
        )
    return item


def _tags(dataset: Dataset, record: PaperRecord) -> nodes.paragraph:
    children: list[nodes.Node] = [nodes.Text(_("Tags:") + " ")]
    for position, tag in enumerate(record.tags):
        if position:
            children.append(nodes.Text(", "))
        label = dataset.tag_label(tag)
        classes = ["ndif-tag", class_name("ndif-tag", tag)]
        children.append(nodes.inline(label, label, classes=classes))
    return paragraph(*children, classes=["ndif-paper-tags"])


def _links(record: PaperRecord) -> nodes.paragraph | None:
    links: list[tuple[str, str]] = []
    if record.alt_url:
        links.append((_("Other version"), record.alt_url))
    links += [(_("Other version"), url) for url in record.other_urls]
    if record.project_url:
        label = _("Code") if code_host(record.project_url) else _("Project page")
        links.append((label, record.project_url))
    if not links:
        return None
    children: list[nodes.Node] = []
    for position, (label, url) in enumerate(links):
        if position:
            children.append(nodes.Text(" · "))
        children.append(nodes.reference(label, label, refuri=url))
    return paragraph(*children, classes=["ndif-paper-links"])
