"""Inline roles: ``ndif-cite`` (a paper, linked to where it is listed) and ``ndif-tag``.

Roles only make ``pending_xref`` nodes at read time, labelled from the dataset;
the :class:`~sphinx_ndif.domain.NdifDomain` resolves them once every page is read
(and after parallel reads are merged), so a citation finds the paper's listing on
any page.
"""

from __future__ import annotations

from docutils import nodes
from docutils.nodes import Node, system_message
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from sphinx_ndif.dataset import Dataset
from sphinx_ndif.domain import NdifDomain, ndif_domain
from sphinx_ndif.model import PaperRecord
from sphinx_ndif.query import PaperQuery, unknown_names
from sphinx_ndif.render.labels import _
from sphinx_ndif.text import normalise_tag
from sphinx_ndif.warnings import NdifWarning

logger = logging.getLogger(__name__)


def cite_label(record: PaperRecord, template: str) -> str:
    """The inline text of a citation, from ``ndif_cite_format`` (``{author} {year}``)."""
    families = [person.family or person.display for person in record.authors]
    if not families:
        author = record.title
    elif len(families) == 1:
        author = families[0]
    elif len(families) == 2:
        author = _("%s and %s") % (families[0], families[1])
    else:
        author = _("%s et al.") % families[0]
    year = str(record.year) if record.year is not None else _("n.d.")
    try:
        return template.format(author=author, year=year, title=record.title, key=record.key)
    except (KeyError, IndexError, ValueError):
        return f"{author} {year}"


class _NdifRole(SphinxRole):
    def dataset(self) -> Dataset:
        """The dataset, noted as a dependency of the page. (The domain collects what the
        page links to from the ``pending_xref`` nodes made here.)"""
        return ndif_domain(self.env).use_dataset(self.env)

    def warn(self, message: str, subtype: NdifWarning) -> None:
        logger.warning(message, location=self.get_location(), type="ndif", subtype=subtype)

    def xref(
        self, reftype: str, target: str, label: str, classes: list[str]
    ) -> addnodes.pending_xref:
        node = addnodes.pending_xref(
            self.rawtext,
            refdomain=NdifDomain.name,
            reftype=reftype,
            reftarget=target,
            refdoc=self.env.docname,
            refexplicit=True,
        )
        node += nodes.inline(label, label, classes=classes)
        return node


class CiteRole(_NdifRole):
    """``:ndif-cite:`key```: "Feucht et al. 2025", linked to the paper's listing."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        key = self.text.strip()
        dataset = self.dataset()
        record = dataset.records.get(key)
        if record is None:
            for subtype, message in unknown_names(dataset, PaperQuery(keys=(key,))):
                self.warn(f"ndif-cite: {message}", subtype)
            return [nodes.inline(key, key, classes=["ndif-cite", "ndif-cite-unknown"])], []
        label = cite_label(record, self.config.ndif_cite_format)
        node = self.xref("cite", key, label, ["ndif-cite"])
        node["ndif_url"] = record.url or ""
        return [node], []


class TagRole(_NdifRole):
    """``:ndif-tag:`probing```: the tag's label, linked to where its papers are listed."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        tag = normalise_tag(self.text)
        dataset = self.dataset()
        for subtype, message in unknown_names(dataset, PaperQuery(tags=(tag,))):
            self.warn(f"ndif-tag: {message}", subtype)
        label = dataset.tag_label(tag)
        return [self.xref("tag", tag, label, ["ndif-tag-ref"])], []
