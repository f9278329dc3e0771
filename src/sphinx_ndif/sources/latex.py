"""LaTeX to Unicode for display, decoding only what needs it.

Most field values in real bibliographies are plain text or plain text with
protective braces (``{NNsight}``). Running a LaTeX parser over those costs far
more than the rest of loading, so :class:`LatexDecoder` takes a fast path for
them and hands only values holding a macro, math, ``~`` or a dash ligature to
pylatexenc, remembering each answer for the rest of the load.
"""

from __future__ import annotations

import re

from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

# A value needs the real LaTeX parser when it holds any of these; braces alone don't.
_NEEDS_PARSER = re.compile(r"[\\$~]|--")
_SPACES = re.compile(r"\s+")


def _converter() -> LatexNodes2Text:
    context = get_default_latex_context_db()  # a fresh database on every call
    context.add_context_category(
        "sphinx-ndif",
        prepend=True,
        macros=[
            # pylatexenc drops the logos entirely; readers expect the word.
            MacroTextSpec("TeX", simplify_repl="TeX"),
            MacroTextSpec("LaTeX", simplify_repl="LaTeX"),
            MacroTextSpec("BibTeX", simplify_repl="BibTeX"),
            MacroTextSpec("url", simplify_repl="%(1)s"),
        ],
    )
    # Math stays as written ($x^2$): readable, and never wrongly "simplified".
    return LatexNodes2Text(math_mode="verbatim", latex_context=context)


class LatexDecoder:
    """Decodes BibTeX field values to display text, caching every answer."""

    def __init__(self) -> None:
        self._converter: LatexNodes2Text | None = None
        self._cache: dict[str, str] = {}

    def __call__(self, value: str) -> str:
        if "{" not in value and "}" not in value and not _NEEDS_PARSER.search(value):
            return _SPACES.sub(" ", value).strip()
        cached = self._cache.get(value)
        if cached is not None:
            return cached
        if _NEEDS_PARSER.search(value):
            if self._converter is None:
                self._converter = _converter()
            text = self._converter.latex_to_text(value)
        else:
            text = value.replace("{", "").replace("}", "")
        text = _SPACES.sub(" ", text.replace("\xa0", " ")).strip()
        self._cache[value] = text
        return text
