"""The NDIF site's reference format: all authors, "Title," venue year, link."""

from __future__ import annotations

from docutils import nodes

from sphinx_ndif.model import PaperRecord
from sphinx_ndif.render.labels import _, ngettext
from sphinx_ndif.text import join_names


def author_names(record: PaperRecord) -> str:
    """The authors as a reader reads them; editors standing in for authors say so."""
    names = join_names([person.display for person in record.authors])
    if names and record.edited:
        names += " " + ngettext("(ed.)", "(eds.)", len(record.authors))
    return names


def reference_text(record: PaperRecord) -> str:
    """The reference up to (not including) its link."""
    parts: list[str] = []
    authors = author_names(record)
    if authors:
        parts.append(authors if authors.endswith(".") else f"{authors}.")
    where = record.venue_with_year
    if record.title:
        parts.append(f'"{record.title},"' if where else f'"{record.title}."')
    if where:
        parts.append(f"{where}.")
    return " ".join(parts)


def format_reference(record: PaperRecord) -> str:
    """The whole reference as plain text."""
    text = reference_text(record)
    return f"{text} {_('Available at')} {record.url}." if record.url else text


def reference_nodes(record: PaperRecord) -> list[nodes.Node]:
    """The reference as inline nodes, its link a real reference node."""
    text = reference_text(record)
    if not record.url:
        return [nodes.Text(text)]
    return [
        nodes.Text(f"{text} {_('Available at')} "),
        nodes.reference(record.url, record.url, refuri=record.url),
        nodes.Text("."),
    ]
