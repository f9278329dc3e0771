"""Per-build and per-page state: the loaded dataset and where each paper is listed.

Like ``sphinx.ext.todo``'s state, the listings live in domain data so they are
pickled with the environment, forgotten when a page goes (:meth:`clear_doc`) and
joined after parallel reads (:meth:`merge_domaindata`). The dataset itself is not
pickled: it is loaded at most once per build, before reading forks any worker.
"""

from __future__ import annotations

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

from sphinx_ndif.dataset import Dataset
from sphinx_ndif.dataset_cache import load_cached_dataset
from sphinx_ndif.model import Level, Problem
from sphinx_ndif.render.labels import _

logger = logging.getLogger(__name__)

Listing = tuple[str, str]
"""A paper key and the element id that lists it on one page."""


class NdifDomain(Domain):
    """The ``ndif`` domain: holds the dataset for the build and the papers' listings."""

    name = "ndif"
    label = "NDIF"
    data_version = 1
    initial_data: ClassVar[dict[str, Any]] = {
        "listings": {},
        "users": set(),
        "tag_lists": {},
        "citers": set(),
        "metadata": {},
    }

    _sources: tuple[Path, ...] = ()
    _cache: Path | None = None
    _show_quality = False
    _language: str | None = None
    _dataset: Dataset | None = None

    @property
    def listings(self) -> dict[str, list[Listing]]:
        """Per page (docname): the papers it lists, in page order."""
        listings: dict[str, list[Listing]] = self.data["listings"]
        return listings

    @property
    def users(self) -> set[str]:
        """The pages that use a directive of ours, and so the dataset."""
        users: set[str] = self.data["users"]
        return users

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

    @property
    def dataset(self) -> Dataset:
        """The build's dataset, loaded (and its problems reported) on first use."""
        if self._dataset is None:
            self._dataset = load_cached_dataset(
                self._sources, self._cache, check=self._show_quality
            )
            self._dataset.styles.language = self._language
            for problem in self._dataset.problems:
                if self._show_quality or not problem.quality:
                    report(problem)
        return self._dataset

    def load(self) -> Dataset:
        """Load the dataset now (and report its problems), if not loaded yet."""
        return self.dataset

    def use_dataset(self, env: BuildEnvironment) -> Dataset:
        """The dataset, for the page being read: the page is noted as using it, and
        depends on every data file (so it is read again when one changes)."""
        self.users.add(env.docname)
        for path in self.dataset.files:
            env.note_dependency(str(path))
        return self.dataset

    def note_listing(self, docname: str, key: str, element_id: str) -> None:
        self.listings.setdefault(docname, []).append((key, element_id))

    @property
    def tag_lists(self) -> dict[str, list[tuple[str, str]]]:
        """Per page: the tags whose papers it lists, with the element to link to."""
        tag_lists: dict[str, list[tuple[str, str]]] = self.data["tag_lists"]
        return tag_lists

    @property
    def citers(self) -> set[str]:
        """The pages with an inline ``ndif-cite`` or ``ndif-tag`` role."""
        citers: set[str] = self.data["citers"]
        return citers

    def pages_to_relink(self, changed: set[str]) -> set[str]:
        """When pages that list papers change, appear or go, the pages whose inline
        roles may now point elsewhere (read again, so no link goes stale)."""
        if not changed & (self.users | set(self.listings) | set(self.tag_lists)) and not (
            changed - self.users - self.citers
        ):
            return set()
        return self.citers - changed

    @property
    def metadata(self) -> dict[str, dict[str, Any]]:
        """Per page: its head metadata, made at read time so writing needs no data file."""
        metadata: dict[str, dict[str, Any]] = self.data["metadata"]
        return metadata

    def note_tag_list(self, docname: str, tag: str, element_id: str) -> None:
        self.tag_lists.setdefault(docname, []).append((tag, element_id))

    def clear_doc(self, docname: str) -> None:
        self.listings.pop(docname, None)
        self.tag_lists.pop(docname, None)
        self.users.discard(docname)
        self.citers.discard(docname)
        self.metadata.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["listings"]:
                self.listings[docname] = otherdata["listings"][docname]
            if docname in otherdata["tag_lists"]:
                self.tag_lists[docname] = otherdata["tag_lists"][docname]
            if docname in otherdata["users"]:
                self.users.add(docname)
            if docname in otherdata["citers"]:
                self.citers.add(docname)
            if docname in otherdata["metadata"]:
                self.metadata[docname] = otherdata["metadata"][docname]

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
