"""Render the tag vocabulary: label, name, description and paper count per tag."""

from __future__ import annotations

from collections.abc import Callable

from docutils import nodes

from sphinx_ndif.dataset import Dataset
from sphinx_ndif.render.common import paragraph, rubric
from sphinx_ndif.render.labels import _, ngettext


def render_tags(dataset: Dataset, unique_id: Callable[[str], str]) -> nodes.container:
    """A definition list per tag kind (categories, methods, topics)."""
    container = nodes.container(classes=["ndif-tags"])
    titles = {"category": _("Categories"), "method": _("Methods"), "topic": _("Topics")}
    for kind, title in titles.items():
        tags = [tag for tag in dataset.vocabulary.values() if tag.kind == kind]
        if not tags:
            continue
        container += rubric(title, classes=["ndif-tag-kind"])
        entries = nodes.definition_list(classes=["ndif-tag-list"])
        for tag in tags:
            count = len(dataset.by_tag.get(tag.name, ()))
            term = nodes.term(
                "",
                "",
                nodes.Text(tag.label),
                nodes.Text(" ("),
                nodes.literal(tag.name, tag.name),
                nodes.Text(")"),
                ids=[unique_id(f"ndif-tag-{tag.name}")],
            )
            term["ndif_tag"] = tag.name
            counted = ngettext("%d paper", "%d papers", count) % count
            definition = nodes.definition(
                "", paragraph(nodes.Text(f"{tag.description} ({counted})"), classes=[])
            )
            entries += nodes.definition_list_item("", term, definition)
        container += entries
    return container
