"""The directives: options -> query -> render. No formatting happens here."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import OptionSpec

from sphinx_ndif import options
from sphinx_ndif.dataset import Dataset
from sphinx_ndif.domain import NdifDomain, ndif_domain
from sphinx_ndif.images import ImageSettings, find_images, lookup_problems, note_images
from sphinx_ndif.model import PaperRecord
from sphinx_ndif.query import (
    GroupBy,
    PaperQuery,
    group,
    select,
    unknown_names,
)
from sphinx_ndif.render.cards import Layout, PaperImage, default_parts
from sphinx_ndif.render.citation import CITATION_PARTS, render_citation
from sphinx_ndif.render.deferred import pending_list
from sphinx_ndif.render.downloads import render_download
from sphinx_ndif.render.formats import render_formats, styled_reference
from sphinx_ndif.render.papers import (
    DEFAULT_PAPER_PARTS,
    PAPER_PARTS,
    ListedGroup,
    render_no_match,
)
from sphinx_ndif.render.styles import PLAIN, UnknownStyle
from sphinx_ndif.render.tags import render_tags
from sphinx_ndif.safe_names import UniqueNames, download_stem, slug
from sphinx_ndif.text import paper_id
from sphinx_ndif.warnings import NdifWarning

logger = logging.getLogger(__name__)


class NdifDirective(SphinxDirective):
    """What every directive of ours needs: the dataset, noted as a dependency.

    A directive only makes nodes: what the domain keeps of a page (its listings, the
    record it cites) is collected from them (:meth:`NdifDomain.process_doc`)."""

    @property
    def domain(self) -> NdifDomain:
        return ndif_domain(self.env)

    def load_dataset(self) -> Dataset:
        return self.domain.use_dataset(self.env)

    def unique_id(self, base: str) -> str:
        """``base``, then ``base-2``, ``base-3``... for later uses on the same page: never
        an id this page already has (ours, or one docutils gave a section before)."""
        taken = self.env.temp_data.setdefault("ndif_ids", set())
        assert isinstance(taken, set)
        return UniqueNames(taken).take(base, self.state.document.ids)

    def style(self) -> tuple[str, Path | None]:
        """The citation style asked for (else ``ndif_default_style``), and where a .csl
        path is relative to (the source directory; the file becomes a dependency).
        A style that cannot be used is a warning here, and the plain style is used."""
        style = str(self.options.get("style", self.config.ndif_default_style))
        return self.usable_style(style) or (PLAIN, None)

    def usable_style(self, style: str) -> tuple[str, Path | None] | None:
        """``(style, base)`` if the style can be used, else ``None`` after a located
        warning: an unknown name, a .csl file missing, outside the source directory,
        declaring entities or not a CSL style."""
        if style == PLAIN:
            return style, None
        base = Path(self.env.srcdir) if style.endswith(".csl") else None
        if base is not None and (base / style).resolve().is_relative_to(base.resolve()):
            self.env.note_dependency(str(base / style))
        try:
            self.domain.styles.load(style, base)
        except UnknownStyle as error:
            self.warn(f"{error}; using plain", NdifWarning.UNKNOWN_STYLE)
            return None
        return style, base

    def download_name(self, name: str) -> str:
        """The file name of a download on this page: unique across pages and on the page
        (a citation of ``ndif-papers`` beside a list of that id, keys that differ only
        in punctuation), by construction rather than by chance."""
        taken = self.env.temp_data.setdefault("ndif_downloads", set())
        assert isinstance(taken, set)
        unique = UniqueNames(taken).take(slug(name) or "entries")
        return download_stem(self.env.docname, unique)

    def warn(self, message: str, subtype: NdifWarning) -> None:
        logger.warning(
            message, location=(self.env.docname, self.lineno), type="ndif", subtype=subtype
        )


class CitationDirective(NdifDirective):
    """``.. ndif-citation:: [KEY]``: how to cite a record (the NNsight/NDIF paper by default)."""

    optional_arguments = 1
    option_spec: ClassVar[OptionSpec] = {
        "show": options.parts_of(CITATION_PARTS),
        "download": directives.flag,
        "style": options.style,
        "formats": options.formats,
    }

    def run(self) -> list[nodes.Node]:
        dataset = self.load_dataset()
        key = self.arguments[0].strip() if self.arguments else self.config.ndif_citation_key
        record = dataset.records.get(key)
        if record is None:
            for subtype, message in unknown_names(dataset, PaperQuery(keys=(key,))):
                self.warn(f"ndif-citation: {message}", subtype)
            return []
        show = self.options.get("show", frozenset(CITATION_PARTS))
        style, base = self.style()
        formats = [
            name
            for name in self.options.get("formats", ())
            if not name.endswith(".csl") or self.usable_style(name)
        ]
        styles = self.domain.styles
        block = render_citation(
            record,
            show,
            reference=styled_reference(styles, record, style, base),
            formats=render_formats(styles, record, formats, style, Path(self.env.srcdir))
            if formats
            else None,
        )
        if "download" in self.options:
            block += render_download([record], self.download_name(key))
        return [block]


class PapersDirective(NdifDirective):
    """``.. ndif-papers::``: the research list, filtered, sorted and grouped."""

    option_spec: ClassVar[OptionSpec] = {
        **options.FILTERS,
        "group-by": options.one_of(GroupBy),
        "show": options.parts_of(PAPER_PARTS),
        "no-filter": directives.flag,
        "download": directives.flag,
        "style": options.style,
        "layout": options.layout,
    }

    def run(self) -> list[nodes.Node]:
        dataset = self.load_dataset()
        query = PaperQuery.from_options(self.options)
        for subtype, message in unknown_names(dataset, query):
            self.warn(f"ndif-papers: {message}", subtype)
        records = select(dataset, query)
        if not records:
            self.warn("ndif-papers: no papers match the filter", NdifWarning.NO_MATCH)
            return [render_no_match()]
        layout = self.options.get("layout", Layout.LIST)
        show = self.options.get("show", default_parts(layout, DEFAULT_PAPER_PARTS))
        element_id = self.unique_id("ndif-papers")
        style, style_base = self.style()
        groups = [
            ListedGroup(
                g.by, g.name, tuple((r, self.unique_id(paper_id(r.key))) for r in g.records)
            )
            for g in group(dataset, records, query)
        ]
        download = None
        if "download" in self.options:
            download = (self.download_name(element_id), [record.key for record in records])
        # The papers' nodes are made when the page is written (render/deferred.py).
        return [
            pending_list(
                groups,
                show,
                element_id=element_id,
                tags=query.tags,
                filter_bar="no-filter" not in self.options,
                style=style,
                style_base=style_base,
                download=download,
                layout=layout,
                images=self.images(records) if "image" in show else None,
            )
        ]

    def images(self, records: list[PaperRecord]) -> dict[str, PaperImage]:
        """The papers' thumbnails, found now: Sphinx copies the local ones it is told of
        while pages are read."""
        settings = ImageSettings.of(self.config, Path(self.env.srcdir))
        lookup = find_images(records, settings)
        note_images(self.env, self.env.docname, lookup)
        for subtype, message in lookup_problems(lookup, settings):
            self.warn(f"ndif-papers: {message}", subtype)
        return lookup.images


class TagsDirective(NdifDirective):
    """``.. ndif-tags::``: the tag vocabulary with labels, descriptions and counts."""

    def run(self) -> list[nodes.Node]:
        return [render_tags(self.load_dataset(), self.unique_id)]
