"""Per-build and per-page state: the loaded dataset and where each paper is listed.

As ``sphinx.ext.todo`` collects its todos, the domain reads what it keeps from each
page's doctree when the page has been read (:meth:`NdifDomain.process_doc`): the
directives and roles only make nodes. The listings live in domain data so they are
pickled with the environment, forgotten when a page goes (:meth:`clear_doc`) and
joined after parallel reads (:meth:`merge_domaindata`). The dataset and the formatted
references are not pickled: they are made at most once per build.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Set
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from sphinx_ndif.dataset import BUNDLED_VOCABULARY, Dataset
from sphinx_ndif.dataset_cache import load_cached_dataset
from sphinx_ndif.model import Level, Problem
from sphinx_ndif.nodes import pending_papers
from sphinx_ndif.render.labels import _
from sphinx_ndif.render.styles import StyleCache

logger = logging.getLogger(__name__)

Listing = tuple[str, str]
"""A paper key (or tag name) and the element id that lists it on one page."""
Reference = tuple[str, str]
"""An inline role's link: its type (``cite`` or ``tag``) and target (key or tag)."""
Locations = dict[Reference, list[tuple[str, str]]]
"""Where each target is listed: (page, element id) pairs, by page name."""


class NdifDomain(Domain):
    """The ``ndif`` domain: holds the dataset for the build and the papers' listings."""

    name = "ndif"
    label = "NDIF"
    data_version = 2
    initial_data: ClassVar[dict[str, Any]] = {
        "listings": {},
        "tag_lists": {},
        "references": {},
        "cited": {},
    }

    _sources: tuple[Path, ...] = ()
    _cache: Path | None = None
    _show_quality = False
    _language: str | None = None
    _dataset: Dataset | None = None
    _styles: StyleCache | None = None
    _locations_before: Locations | None = None

    @property
    def listings(self) -> dict[str, list[Listing]]:
        """Per page (docname): the papers it lists, in page order."""
        listings: dict[str, list[Listing]] = self.data["listings"]
        return listings

    @property
    def tag_lists(self) -> dict[str, list[Listing]]:
        """Per page: the tags whose papers it lists, with the element to link to."""
        tag_lists: dict[str, list[Listing]] = self.data["tag_lists"]
        return tag_lists

    @property
    def references(self) -> dict[str, list[Reference]]:
        """Per page: what its inline ``ndif-cite`` and ``ndif-tag`` roles link to."""
        references: dict[str, list[Reference]] = self.data["references"]
        return references

    @property
    def cited(self) -> dict[str, str]:
        """Per page: the key of the record its (first) ``ndif-citation`` shows; with the
        keys it lists, what its head metadata is made from when HTML is written."""
        cited: dict[str, str] = self.data["cited"]
        return cited

    def configure(
        self,
        sources: Iterable[Path],
        *,
        cache: Path | None = None,
        show_quality: bool = False,
        language: str | None = None,
    ) -> None:
        """Say which data files this build reads (the dataset is loaded on first use),
        where the dataset is kept between builds, whether data-quality findings are
        shown too (``ndif_check_data``), and the language citation styles are written in."""
        sources = tuple(sources)
        if sources != self._sources:
            self._sources = sources
            self._dataset = None
        self._cache = cache
        self._show_quality = show_quality
        self._language = language
        self._styles = None  # made on first use, in this language

    @property
    def dataset(self) -> Dataset:
        """The build's dataset, loaded (and its problems reported) on first use."""
        if self._dataset is None:
            self._dataset = load_cached_dataset(
                self._sources, self._cache, check=self._show_quality
            )
            for problem in self._dataset.problems:
                if self._show_quality or not problem.quality:
                    report(problem)
        return self._dataset

    @property
    def styles(self) -> StyleCache:
        """The build's formatted references (each record once per style), in its language."""
        if self._styles is None:
            self._styles = StyleCache(self._language)
        return self._styles

    def load(self) -> Dataset:
        """Load the dataset now (and report its problems), if not loaded yet."""
        return self.dataset

    def use_dataset(self, env: BuildEnvironment) -> Dataset:
        """The dataset, for the page being read: the page depends on every data file
        (so it is read again when one changes)."""
        for path in self.dataset.files:
            env.note_dependency(str(path))
        return self.dataset

    def uses_data(self, docname: str) -> bool:
        """Whether the page used the dataset when it was last read: it depends on a data
        file (:meth:`use_dataset` said so; Sphinx keeps the dependencies)."""
        files = {os.fspath(path) for path in (*self._sources, BUNDLED_VOCABULARY)}
        return any(os.fspath(path) in files for path in self.env.dependencies.get(docname, ()))

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        """Note, in page order, what the page lists (the papers' placeholders, the tags'
        entries), which record its citation shows, and what its roles link to."""
        for node in document.findall(nodes.Element):
            if isinstance(node, pending_papers):
                for _by, _name, rows in node["groups"]:
                    listings = self.listings.setdefault(docname, [])
                    listings += [(key, element_id) for key, element_id in rows]
                for tag in node["tags"]:
                    self.tag_lists.setdefault(docname, []).append((tag, node["element_id"]))
            elif isinstance(node, pending_xref) and node.get("refdomain") == self.name:
                reference = (node["reftype"], node["reftarget"])
                self.references.setdefault(docname, []).append(reference)
            elif "ndif_tag" in node:  # an entry of ``ndif-tags``
                self.tag_lists.setdefault(docname, []).append((node["ndif_tag"], node["ids"][0]))
            elif "ndif_key" in node:  # an ``ndif-citation``
                self.cited.setdefault(docname, node["ndif_key"])

    def clear_doc(self, docname: str) -> None:
        for table in (self.listings, self.tag_lists, self.references, self.cited):
            table.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for name in ("listings", "tag_lists", "references", "cited"):
            ours, theirs = self.data[name], otherdata[name]
            for docname in docnames & theirs.keys():
                ours[docname] = theirs[docname]

    def locations(self) -> Locations:
        """Where each target of an inline role is listed now, every page's roles together."""
        found: Locations = {
            reference: [] for references in self.references.values() for reference in references
        }
        for typ, table in (("cite", self.listings), ("tag", self.tag_lists)):
            for docname in sorted(table):
                for name, element_id in table[docname]:
                    places = found.get((typ, name))
                    if places is not None:
                        places.append((docname, element_id))
        return found

    def note_locations(self) -> None:
        """Remember where the roles' targets are, before pages are read again."""
        self._locations_before = self.locations()

    def pages_to_relink(self) -> set[str]:
        """The pages whose inline roles would now link elsewhere (or name other listing
        pages) than when :meth:`note_locations` was called: written again, not read."""
        before = self._locations_before or {}
        moved = {ref for ref, places in self.locations().items() if places != before.get(ref)}
        return {
            docname
            for docname, references in self.references.items()
            if not moved.isdisjoint(references)
        }

    def _first(
        self, table: dict[str, list[tuple[str, str]]], target: str, fromdocname: str
    ) -> tuple[str, str] | None:
        """The page (this one first, then by name) and element that hold ``target``."""
        for docname in sorted(table, key=lambda name: (name != fromdocname, name)):
            for name, element_id in table[docname]:
                if name == target:
                    return docname, element_id
        return None

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        """A citation links to the paper's first listing (its url if none lists it);
        a tag to the first list of its papers, or to its entry in ``ndif-tags``."""
        table = self.listings if typ == "cite" else self.tag_lists
        found = self._first(table, target, fromdocname)
        if found is not None:
            docname, element_id = found
            others = sorted(
                name for name, rows in table.items()
                if name != docname and any(row[0] == target for row in rows)
            )  # fmt: skip
            title = _("Also listed on: %s") % ", ".join(others) if others else None
            return make_refnode(builder, fromdocname, docname, element_id, contnode, title)
        if typ == "cite" and node.get("ndif_url"):  # set by the role: no data needed here
            return nodes.reference("", "", contnode, refuri=node["ndif_url"], internal=False)
        return None  # Sphinx keeps the label as plain text

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        return []


def ndif_domain(env: BuildEnvironment) -> NdifDomain:
    """This build's ``ndif`` domain."""
    domain = env.get_domain(NdifDomain.name)
    assert isinstance(domain, NdifDomain)
    return domain


def report(problem: Problem) -> None:
    """Log a data problem at its file and line, silenceable as ``ndif.<subtype>``."""
    log = logger.error if problem.level is Level.ERROR else logger.warning
    # Sphinx reads a location without ":line" as a page name: without a line,
    # the message itself names the file.
    location = str(problem.origin) if problem.origin.line else None
    log(problem.message, location=location, type="ndif", subtype=problem.subtype)
