"""What our post-transforms and event handlers ask of the builder at work."""

from __future__ import annotations

from sphinx.builders import Builder
from sphinx.transforms import SphinxTransform


def builder_class(transform: SphinxTransform) -> type[Builder]:
    """The class of the builder a transform runs for. Sphinx 9 gives transforms the
    builder's class (and deprecates their ``app``); Sphinx 8 only the app."""
    builder: type[Builder] | None = getattr(transform.env, "_builder_cls", None)
    return builder or type(transform.app.builder)


def offers_downloads(builder: type[Builder]) -> bool:
    """Whether the builder writes downloadable files beside its pages, as it does for
    Sphinx's ``:download:`` role (HTML builders; not EPUB, LaTeX or text)."""
    return builder.format == "html" and bool(getattr(builder, "download_support", False))
