"""Source formats: one module each, all producing :class:`~sphinx_ndif.model.LoadResult`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sphinx_ndif.model import LoadResult

Loader = Callable[[Path], LoadResult]


def detect(path: Path) -> Loader | None:
    """The loader for a file, chosen by its extension (JSON formats by their content)."""
    suffix = path.suffix.lower()
    if suffix == ".bib":
        from sphinx_ndif.sources.bibtex import load_bibtex

        return load_bibtex
    if suffix == ".json":
        from sphinx_ndif.sources.json_formats import load_json

        return load_json
    if suffix == ".cff":
        from sphinx_ndif.sources.cff import load_cff

        return load_cff
    return None
