"""The ``:layout:`` of a paper list and each paper's thumbnail, as builder-neutral nodes.

A card grid is the same list (``ul.ndif-paper-list > li.ndif-paper``, so the filter bar
and every builder treat it as any list) with the class ``ndif-cards`` on its container:
the grid is CSS only. A thumbnail is a :class:`~sphinx_ndif.nodes.paper_image`, the first
child of its paper; which builders show it is decided in :mod:`sphinx_ndif.images`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from sphinx_ndif.nodes import paper_image


class Layout(enum.StrEnum):
    """How ``ndif-papers`` lays its papers out."""

    LIST = "list"
    """One paper under another (the default)."""
    CARDS = "cards"
    """A responsive grid of cards, each with its thumbnail on top."""


CARDS_CLASS = "ndif-cards"
IMAGE_CLASS = "ndif-paper-image"


@dataclass(frozen=True, slots=True)
class PaperImage:
    """Where a paper's thumbnail is: a path relative to the source directory (``local``;
    Sphinx copies the file into HTML output) or an http(s) URL."""

    uri: str
    local: bool


def default_parts(layout: Layout, list_parts: Iterable[str]) -> frozenset[str]:
    """The parts shown when ``:show:`` is not given: a list's, and on cards the image."""
    return frozenset(list_parts) | ({"image"} if layout is Layout.CARDS else set())


def layout_classes(layout: Layout) -> list[str]:
    """The classes a list's container gets for its layout (none for the plain list)."""
    return [CARDS_CLASS] if layout is Layout.CARDS else []


def image_node(image: PaperImage, alt: str) -> paper_image:
    """A thumbnail, lazy-loaded, its alt text the paper's title.

    ``candidates`` is what Sphinx's image collector would set: ``*`` for the one local
    file (the builder copies it and rewrites the URI), ``?`` for a remote URL (left alone).
    """
    node = paper_image(uri=image.uri, alt=alt, loading="lazy", classes=[IMAGE_CLASS])
    node["candidates"] = {"*": image.uri} if image.local else {"?": image.uri}
    return node
