"""Scholarly metadata in the page head: Highwire Press ``citation_*`` tags and
schema.org JSON-LD, so Google Scholar and Zotero's connector find what is cited.

Made when an HTML page is written, from the keys noted when it was read."""

from __future__ import annotations

import json
from html import escape
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders import Builder

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


def load_before_writing(app: Sphinx, builder: Builder) -> None:
    """With ``-j`` the pages are written in worker processes: when a page's head is made
    from the data, load it in the main process first, so that the workers share one load
    and its problems are reported once, not once per worker."""
    if not (builder.parallel_ok and builder.format == "html" and app.config.ndif_html_metadata):
        return
    domain = ndif_domain(app.env)
    if domain.cited or domain.listings:
        domain.load()


def add_metadata(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Add the head tags to pages that cite (``ndif-citation``) or list papers.

    Made here, as the page is written, from the keys the domain noted when the page was
    read: nothing of it is kept between builds, nor made for builders other than HTML.
    """
    if doctree is None or not app.config.ndif_html_metadata:
        return
    domain = ndif_domain(app.env)
    cited = domain.cited.get(pagename)
    listed = dict.fromkeys(key for key, _id in domain.listings.get(pagename, ()))
    if cited is None and not listed:
        return
    records = domain.dataset.records
    head: list[str] = []
    record = records.get(cited) if cited is not None else None
    if record is not None:
        head += [
            f'<meta name="{name}" content="{escape(value, quote=True)}" />\n'
            for name, value in highwire_tags(record)
        ]
        head.append(_json_ld(scholarly_article(record)))
    items = [
        {"@type": "ListItem", "position": n, "item": scholarly_article(records[key])}
        for n, key in enumerate((key for key in listed if key in records), start=1)
    ]
    if items:
        head.append(_json_ld({"@type": "ItemList", "itemListElement": items}))
    if head:
        context["metatags"] = context.get("metatags", "") + "".join(head)
