"""An independent reading of a bibliography's titles and names: pybtex and pylatexenc.

pybtex parses the file and splits the names; pylatexenc turns each title and name part
into text, taught only the rules sphinx-ndif documents for what LaTeX leaves open (see
``sphinx_ndif.sources.latex``): an unknown control word shows its name, the logos of
:data:`~sphinx_ndif.sources.latex.LOGOS` their text, font switches nothing, spacing
primitives nothing with their dimensions, :data:`~sphinx_ndif.sources.latex.SILENT_MACROS`
nothing with their argument, ``\\mkbibquote{x}`` "x" in quotation marks, and
TeX's quotes their typographic forms. The tables are shared (they are the specification);
the reading is not: no code of the loader runs here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pybtex.errors
from pybtex.database import parse_file
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexwalker import LatexMacroNode, LatexWalker
from pylatexenc.latexwalker import get_default_latex_context_db as walker_context
from pylatexenc.macrospec import MacroSpec

from sphinx_ndif.sources.latex import FONT_SWITCHES, SILENT_MACROS, TEXT_MACROS, ordinal

_SPACING = re.compile(
    r"\\(?:kern|mkern|hskip|vskip|mskip|raise|lower)(?![A-Za-z])\s*"
    r"(?:[-+]?\s*(?:\d+(?:\.\d*)?|\.\d+)\s*[a-z]{2}(?:\s*(?:plus|minus)\s*[-+]?[\d.]*\s*[a-z]+)*\s*)?"
    r"|\\[hv]space\*?\s*\{[^{}]*\}"
)
_SINGLE_QUOTES = re.compile(r"(?<!`)`(?!`)([^`']*)'(?!')")
_QUOTING = ("mkbibquote", "enquote", "textquote")


class _Reference(LatexNodes2Text):  # type: ignore[misc]
    def macro_node_to_text(self, node: LatexMacroNode) -> str:
        name: str = node.macroname
        if name in TEXT_MACROS:
            return TEXT_MACROS[name]
        if name in FONT_SWITCHES or name in SILENT_MACROS:
            return ""
        if self.latex_context.get_macro_spec(name) is not None or not name.isalpha():
            return str(super().macro_node_to_text(node))
        arguments = node.nodeargd.argnlist if node.nodeargd else []
        if name == "nth" and arguments and arguments[0] is not None:  # \nth{4}: "4th"
            return ordinal(self._groupnodecontents_to_text(arguments[0]))
        if any(argument is not None for argument in arguments):  # \texttt{x}: x
            return "".join(
                self._groupnodecontents_to_text(argument) for argument in arguments if argument
            )
        after = node.parsing_state.s[node.pos + node.len :]
        if after[:1] == "{" and after[1:2] != "}":
            return ""  # its argument, the group that follows, shows
        if after[:1].isdigit():
            return name + " "
        return name


class ReferenceText:
    """LaTeX -> text by pylatexenc, with the documented rules."""

    def __init__(self) -> None:
        context = get_default_latex_context_db()
        specs = [MacroTextSpec(name, simplify_repl="\u201c%(1)s\u201d") for name in _QUOTING]
        specs += [MacroTextSpec("url", simplify_repl="%(1)s")]
        context.add_context_category("reference", prepend=True, macros=specs)
        self._converter = _Reference(math_mode="verbatim", latex_context=context)
        self._parsing = walker_context()
        self._parsing.add_context_category(
            "reference",
            prepend=True,
            macros=[MacroSpec(name, "{") for name in (*_QUOTING, *SILENT_MACROS, "nth")],
        )

    def __call__(self, latex: str) -> str:
        latex = _SPACING.sub("", latex).replace("\\,", "{ }")  # a thin space is a space
        latex = latex.replace("\\-", "")  # a discretionary hyphen: pylatexenc gives U+00AD
        walker = LatexWalker(latex, latex_context=self._parsing, tolerant_parsing=True)
        text = self._converter.nodelist_to_text(walker.get_latex_nodes()[0])
        text = _SINGLE_QUOTES.sub("\u2018\\1\u2019", text)
        text = unicodedata.normalize("NFC", text.replace("\xa0", " "))
        return " ".join(text.split())


@dataclass(frozen=True)
class ReferenceEntry:
    title: str
    names: tuple[tuple[str, str, str, str], ...]
    """(given, von, family, suffix) of the authors, or of the editors when none."""


def _join_title(title: str, subtitle: str, addon: str) -> str:
    for part, punctuation in ((subtitle, ":"), (addon, ".")):
        if part and title:
            title += " " if title[-1] in ".:;!?" else punctuation + " "
        title += part
    return title


def read_reference(path: Path) -> dict[str, ReferenceEntry]:
    """Every entry of ``path`` by key, read by pybtex and pylatexenc."""
    pybtex.errors.set_strict_mode(False)  # a repeated field: keep going, as the loader does
    data = parse_file(str(path), bib_format="bibtex")
    text = ReferenceText()
    entries: dict[str, ReferenceEntry] = {}
    for key, entry in data.entries.items():
        fields: Any = entry.fields

        def field(name: str, fields: Any = fields) -> str:
            value = fields.get(name, "")
            return text(value) if value else ""

        role = "author" if entry.persons.get("author") else "editor"
        names = tuple(
            (
                text(" ".join(person.first_names + person.middle_names)),
                text(" ".join(person.prelast_names)),
                text(" ".join(person.last_names)),
                text(" ".join(person.lineage_names)),
            )
            for person in entry.persons.get(role, [])
        )
        title = _join_title(field("title"), field("subtitle"), field("titleaddon"))
        entries[key] = ReferenceEntry(title=title, names=names)
    return entries
