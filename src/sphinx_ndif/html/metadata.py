"""Scholarly metadata in the page head: Highwire Press ``citation_*`` tags and
schema.org JSON-LD, so Google Scholar and Zotero's connector find what is cited."""

from __future__ import annotations

import json
from html import escape
from typing import Any

from sphinx.application import Sphinx

from sphinx_ndif.domain import ndif_domain
from sphinx_ndif.model import PaperRecord
from sphinx_ndif.sources.links import doi_link


def highwire_tags(record: PaperRecord) -> list[tuple[str, str]]:
    """The ``citation_*`` meta tags of one record, in the order Scholar documents them."""
    tags = [("citation_title", record.title)]
    tags += [("citation_author", person.display) for person in record.authors]
    if record.year is not None:
        tags.append(("citation_publication_date", str(record.year)))
    if record.entry_type == "inproceedings" and record.venue:
        tags.append(("citation_conference_title", record.venue))
    elif record.venue:
        tags.append(("citation_journal_title", record.venue))
    if record.doi:
        tags.append(("citation_doi", record.doi))
    if record.url:
        key = (
            "citation_pdf_url"
            if record.url.lower().endswith(".pdf")
            else "citation_abstract_html_url"
        )
        tags.append((key, record.url))
    if record.arxiv_id:
        tags.append(("citation_arxiv_id", record.arxiv_id))
    return [(name, value) for name, value in tags if value]


def scholarly_article(record: PaperRecord) -> dict[str, Any]:
    """schema.org ``ScholarlyArticle`` for one record."""
    item: dict[str, Any] = {
        "@type": "ScholarlyArticle",
        "headline": record.title,
        "name": record.title,
    }
    if record.authors:
        item["author"] = [{"@type": "Person", "name": person.display} for person in record.authors]
    if record.year is not None:
        item["datePublished"] = str(record.year)
    if record.venue:
        item["isPartOf"] = {"@type": "PublicationIssue", "name": record.venue}
    if record.url:
        item["url"] = record.url
    if record.doi:
        item["sameAs"] = doi_link(record.doi)
    return item


def _json_ld(data: dict[str, Any]) -> str:
    # "<" escaped as \u003c: dataset text can never close the script element.
    text = json.dumps({"@context": "https://schema.org", **data}, ensure_ascii=False)
    text = text.replace("<", "\\u003c")
    return f'<script type="application/ld+json">{text}</script>\n'


def note_citation(metadata: dict[str, Any], record: PaperRecord) -> None:
    """Remember a page's cited work (the first one wins), at read time."""
    if "highwire" not in metadata:
        metadata["highwire"] = highwire_tags(record)
        metadata["article"] = scholarly_article(record)


def note_listing(metadata: dict[str, Any], records: list[PaperRecord]) -> None:
    """Remember the papers a page lists, at read time."""
    items: dict[str, Any] = metadata.setdefault("items", {})
    for record in records:
        items.setdefault(record.key, scholarly_article(record))


def add_metadata(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Add the head tags to pages that cite (``ndif-citation``) or list papers."""
    if doctree is None or not app.config.ndif_html_metadata:
        return
    domain = ndif_domain(app.env)
    metadata = domain.metadata.get(pagename, {})
    head = [
        f'<meta name="{name}" content="{escape(value, quote=True)}" />\n'
        for name, value in metadata.get("highwire", [])
    ]
    if metadata.get("article"):
        head.append(_json_ld(metadata["article"]))
    if metadata.get("items"):
        items = [
            {"@type": "ListItem", "position": n, "item": item}
            for n, item in enumerate(metadata["items"].values(), start=1)
        ]
        head.append(_json_ld({"@type": "ItemList", "itemListElement": items}))
    if head:
        context["metatags"] = context.get("metatags", "") + "".join(head)
