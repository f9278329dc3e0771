"""sphinx-ndif: cite NNsight and NDIF, and list the research built with them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the domain, directives and configuration values."""
    from sphinx_ndif.dataset import BUNDLED_BIB, DEFAULT_CITATION_KEY
    from sphinx_ndif.dataset_cache import CACHE_NAME
    from sphinx_ndif.directives import CitationDirective, PapersDirective, TagsDirective
    from sphinx_ndif.domain import NdifDomain, ndif_domain
    from sphinx_ndif.html import setup_html
    from sphinx_ndif.images import setup_images
    from sphinx_ndif.render.deferred import setup_deferred
    from sphinx_ndif.render.labels import MESSAGE_CATALOG
    from sphinx_ndif.render.plain_links import (
        RoffSafeLinkTargets,
        ShowLinkTargets,
        ShowLinkTargetsInManPages,
    )
    from sphinx_ndif.roles import CiteRole, TagRole

    app.add_config_value("ndif_data_files", [], "env", types=[list, tuple])
    app.add_config_value("ndif_include_bundled", True, "env", types=[bool])
    app.add_config_value("ndif_citation_key", DEFAULT_CITATION_KEY, "env", types=[str])
    app.add_config_value("ndif_check_data", False, "env", types=[bool])
    app.add_config_value("ndif_cite_format", "{author} {year}", "env", types=[str])
    app.add_config_value("ndif_default_style", "plain", "env", types=[str])
    app.add_domain(NdifDomain)
    setup_html(app)
    setup_images(app)
    app.add_directive("ndif-citation", CitationDirective)
    app.add_directive("ndif-papers", PapersDirective)
    app.add_directive("ndif-tags", TagsDirective)
    app.add_role("ndif-cite", CiteRole())
    app.add_role("ndif-tag", TagRole())
    setup_deferred(app)
    app.add_post_transform(ShowLinkTargets)
    app.add_post_transform(ShowLinkTargetsInManPages)
    app.add_post_transform(RoffSafeLinkTargets)
    app.add_message_catalog(MESSAGE_CATALOG, str(Path(__file__).parent / "locale"))

    def configure_sources(app: Sphinx) -> None:
        files = [Path(app.confdir, name) for name in app.config.ndif_data_files]
        sources = [BUNDLED_BIB, *files] if app.config.ndif_include_bundled else files
        domain = ndif_domain(app.env)
        domain.configure(
            sources,
            cache=Path(app.doctreedir, CACHE_NAME),
            show_quality=app.config.ndif_check_data,
            language=app.config.language,
        )

    def load_before_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        # Load in the main process, so parallel readers inherit one parsed dataset;
        # but only when a page to read may use it: an unrelated edit parses no data.
        domain = ndif_domain(env)
        if any(domain.uses_data(name) or name not in env.all_docs for name in docnames):
            domain.load()

    def note_locations(
        app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
    ) -> list[str]:
        # Before any page is purged or read: where the inline roles' targets are listed.
        ndif_domain(env).note_locations()
        return []

    def relink(app: Sphinx, env: BuildEnvironment) -> list[str]:
        # Every page is read: the pages whose roles now link elsewhere are written
        # again (links are resolved when a page is written), without reading them.
        return sorted(ndif_domain(env).pages_to_relink())

    app.connect("builder-inited", configure_sources)
    app.connect("env-get-outdated", note_locations)
    app.connect("env-before-read-docs", load_before_reading)
    app.connect("env-updated", relink)
    return {
        "version": __version__,
        "env_version": 3,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
