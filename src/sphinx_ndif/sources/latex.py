"""LaTeX to Unicode for display, decoding only what needs it.

Real bibliographies are mostly plain text, text with protective braces
(``{NNsight}``), accents (``M{\\"u}ller``), dashes and logos (``\\TeX``). Running a
full LaTeX parser over every value costs several times the BibTeX parse itself,
so :class:`LatexDecoder` works in three tiers and remembers every answer:

1. plain text, or text whose only markup is protective braces: a string operation;
2. the common subset above: decoded by the small scanner in this module, written by
   hand because it is what makes loading a 5,000-entry file fast;
3. anything the scanner does not know how to read safely (environments, ``\\verb``,
   ``\\char``...): handed to pylatexenc, taught the same rules.

The rules for a control word, as a reader of the printed page would want them: a known
one prints its text (accents, symbols, the logos of :data:`LOGOS`); a font switch prints
nothing; spacing primitives (``\\kern-1pt``, ``\\hspace{1em}``) print nothing, dimension
included; a macro with an argument prints the argument; any other control word prints
its name, since bibliographies define macros for abbreviations (``\\VAX``, ``\\CSTUG{}``).
The space after a control word belongs to it, as in TeX (``\\PiC tures`` is "PiCtures"),
but an unknown name followed by a digit is set apart ("tubissue 11(4)"): the reader must
see where the name ends. Only the known font switches (``\\it``, ``\\smc``) print nothing.

Math (``$...$``) stays as written: readable, and never wrongly "simplified".
"""

from __future__ import annotations

import re
import unicodedata

from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexwalker import LatexMacroNode

from sphinx_ndif.sources.clean import clean_text

_NEEDS_WORK = re.compile(r"[\\{}$~`]|--|''")
_NEEDS_SCANNER = re.compile(r"[\\$~`]|--|''")
_SPACES = re.compile(r"\s+")
_MARKUP = re.compile(r"\\[A-Za-z]+\s*|\\.")
_SPECIAL = re.compile(r"[{}\\$~`'-]")
# A TeX dimension, with optional stretch and shrink: "-1pt", ".1em", "2pt plus 1fil".
# Possessive quantifiers (*+): a long run of spaces must not make the match quadratic.
_GLUE = r"[-+]?+\s*+(?:\d++(?:[.,]\d*+)?+|[.,]\d++)\s*+(?:pt|em|ex|mm|cm|in|bp|pc|dd|cc|sp|mu|px)"
_STRETCH = rf"[-+]?+\s*+(?:{_GLUE}|[\d.]*+\s*+fil++)"
# The look-behind: matched only right after a control word, never from inside a run of
# spaces or digits, whose failed matches made a search over data quadratic.
_DIMENSION = re.compile(
    rf"(?<![\s\d.,+-])\s*+{_GLUE}(?:\s*+plus\s*+{_STRETCH})?+(?:\s*+minus\s*+{_STRETCH})?+"
    r"\s*+"  # and the space after, as TeX
)

# Accent commands -> combining characters (composed with NFC afterwards).
_ACCENTS = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
    "c": "\u0327", "k": "\u0328", "r": "\u030a", "d": "\u0323", "b": "\u0331",
}  # fmt: skip
# The same accents on nothing (``\\'{}``): TeX prints the accent alone, so do we, where
# a combining character would join the letter before it.
_SPACING_ACCENTS = {
    '"': "¨", "'": "´", "`": "`", "^": "^", "~": "~", "=": "¯", ".": "˙",
    "u": "˘", "v": "ˇ", "H": "˝", "c": "¸", "k": "˛", "r": "˚",
    "d": ".", "b": "ˍ",
}  # fmt: skip
# Commands that stand for a piece of text.
_WORDS = {
    "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
    "aa": "å", "AA": "Å", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð",
    "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ",
    "ldots": "…", "dots": "…", "textellipsis": "…", "lips": "…", "slash": "/", "Dash": " — ",
    "dash": "—",
    "textendash": "–", "textemdash": "—", "endash": "–", "emdash": "—",
    "textquoteleft": "‘", "textquoteright": "’",
    "textquotedblleft": "“", "textquotedblright": "”", "S": "§", "P": "¶",
    "copyright": "©", "textregistered": "®", "texttrademark": "™", "pounds": "£",
    "euro": "€", "textdegree": "°", "guillemotleft": "«", "guillemotright": "»",
    "quad": " ", "qquad": " ", "space": " ", "newline": " ", "par": " ",
    "textbackslash": "\\", "textasciitilde": "~", "textasciicircum": "^", "textasciigrave": "`",
    "thinspace": "", "negthinspace": "", "enspace": " ", "nobreakspace": " ",
    "hyphen": "-", "textquotesingle": "'", "textquotedbl": '"', "textbar": "|",
    "textless": "<", "textgreater": ">", "textunderscore": "_", "textbullet": "•",
}  # fmt: skip
LOGOS = {
    "TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "AllTeX": "(La)TeX",
    "eTeX": "e-TeX", "pdfTeX": "pdfTeX", "pdfLaTeX": "pdfLaTeX", "XeTeX": "XeTeX",
    "XeLaTeX": "XeLaTeX", "LuaTeX": "LuaTeX", "LuaLaTeX": "LuaLaTeX", "ConTeXt": "ConTeXt",
    "AmSTeX": "AMS-TeX", "AMSTeX": "AMS-TeX", "AmSLaTeX": "AMS-LaTeX", "AMSLaTeX": "AMS-LaTeX",
    "AmS": "AMS", "AMS": "AMS", "BibTeX": "BibTeX", "BibLaTeX": "BibLaTeX", "SliTeX": "SliTeX",
    "METAFONT": "METAFONT", "MF": "METAFONT", "slMF": "METAFONT", "METAPOST": "MetaPost",
    "MP": "MetaPost", "PS": "PostScript", "PiCTeX": "PiCTeX", "LyX": "LyX", "TikZ": "TikZ",
    "ExTeX": "ExTeX", "NTS": "NTS", "TUB": "TUGboat", "CTAN": "CTAN", "Omega": "Omega",
    "OMEGA": "Omega", "Aleph": "Aleph", "MetaFun": "MetaFun", "BibTeXe": "BibTeX8",
    "slBibTeX": "BibTeX", "AMSTEX": "AMS-TeX",
}  # fmt: skip
"""Logo macros and the text they stand for (where the name alone would misread)."""
_WORDS.update(LOGOS)
TEXT_MACROS = _WORDS
"""Every control word that stands for a piece of text (letters, symbols, logos)."""
# Font and size switches: they change how text looks, not what it says.
_SWITCHES = frozenset(
    {
        "it", "bf", "sl", "tt", "sf", "rm", "em", "sc", "up", "md", "normalfont",
        "itshape", "bfseries", "slshape", "ttfamily", "sffamily", "rmfamily", "scshape",
        "upshape", "mdseries", "tiny", "scriptsize", "footnotesize", "small", "normalsize",
        "large", "Large", "LARGE", "huge", "Huge", "relax", "protect", "nocorr",
        "smc", "SMC", "ssf", "manual", "sltt", "slc", "slnine", "eightrm", "ninesmc", "sevenrm",
        "boldmath", "unboldmath", "selectfont", "null", "leavevmode",
        "strut", "nobreak", "allowbreak", "break", "linebreak", "noindent", "hfil", "hfill",
        "hss", "vfil", "vfill", "unskip", "ignorespaces", "xspace", "hbox", "vbox",
        "/", ",", ";", "!", ":",
    }
)  # fmt: skip
"""Font, size and spacing switches: they change how text looks, not what it says."""
FONT_SWITCHES = _SWITCHES
# Macros whose argument never shows: BibTeX's sorting trick, ``@preamble{"\\newcommand
# {\\noopsort}[1]{}"}`` with ``{\\noopsort{Han}H\\`an}``, sorts by "Han" and prints "Hàn".
SILENT_MACROS = frozenset({"noopsort", "SortNoop", "noop"})
# Spacing primitives followed by a dimension (``\kern-1pt``) or a braced one (``\hspace``).
_SPACING = frozenset({"kern", "mkern", "hskip", "vskip", "mskip", "raise", "lower",
                      "moveleft", "moveright"})  # fmt: skip
_BRACED_SPACING = frozenset({"hspace", "vspace", "raisebox"})
_QUOTING = frozenset({"mkbibquote", "enquote", "textquote"})
# The same, for values handed to pylatexenc (which would print the dimension as text).
_SPACING_IN_TEXT = re.compile(
    rf"\\(?:{'|'.join(sorted(_SPACING))})(?![A-Za-z])(?:{_DIMENSION.pattern})?"
    r"|\\[hv]space\*?\s*\{[^{}]*\}"
    # and silent macros with their argument (one group, or one character)
    rf"|\\(?:{'|'.join(sorted(SILENT_MACROS))})(?![A-Za-z])\s*+(?:\{{[^{{}}]*\}}|[^\s{{}}])?"
)
# Control symbols that print themselves (``\&`` -> ``&``) or a space.
_SYMBOLS = {"&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}",
            " ": " ", "@": "", "-": ""}  # fmt: skip
# What the scanner leaves to pylatexenc: it would misread their arguments.
_FALLBACK = frozenset({"begin", "end", "def", "newcommand", "renewcommand"})
# Macros whose argument is taken as written: \verb|\tt|, \path=a@b.c= (Beebe's
# bibliographies), \url{http://x.org/~u} (a tilde there is no space).
_VERBATIM = frozenset({"verb", "path", "url", "nolinkurl"})
_LONGEST_VERBATIM = 10_000
# The same, for values handed to pylatexenc: replaced by their text, escaped.
_VERBATIM_IN_TEXT = re.compile(
    r"\\(?:verb\*?|path|url|nolinkurl)(?![A-Za-z])\s*+"
    rf"(?:\{{([^{{}}]{{0,{_LONGEST_VERBATIM}}}+)\}}|([^\sA-Za-z{{*])(.{{0,{_LONGEST_VERBATIM}}}?)\2)"
)
_ESCAPED = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
            "^": r"\textasciicircum{}", "%": r"\%", "$": r"\$", "#": r"\#", "&": r"\&",
            "_": r"\_"}  # fmt: skip
# (?<!\s): matched only right after a control word; never from inside a run of spaces,
# which made a search over data quadratic.
# TeX skips one space after a number (``\char65 b`` is "Ab").
_CHAR_CODE = re.compile(r"(?<!\s)\s*+(?:(\d+)|\"([0-9A-Fa-f]+)|'([0-7]+)|`\\?(.)) ?")


class _NeedsParser(Exception):
    """The value holds LaTeX the fast scanner does not read: use pylatexenc."""


class _Converter(LatexNodes2Text):  # type: ignore[misc]
    """pylatexenc, with the scanner's rule for macros it does not know: their name shows
    (pylatexenc drops them, and the word with them), unless an argument follows."""

    def macro_node_to_text(self, node: LatexMacroNode) -> str:
        name: str = node.macroname
        if self.latex_context.get_macro_spec(name) is not None or not name.isalpha():
            return str(super().macro_node_to_text(node))
        if name in _SWITCHES:
            return ""
        source: str = node.parsing_state.s
        after = source[node.pos + node.len :]
        if after[:1] == "{" and after[1:2] != "}":
            return ""  # \acro{TUG}: the group that follows is its argument and shows
        if after[:1].isdigit():
            return name + " "
        return name


def _converter() -> LatexNodes2Text:
    context = get_default_latex_context_db()  # a fresh database on every call
    macros = [MacroTextSpec(name, simplify_repl=text) for name, text in _WORDS.items()]
    macros += [MacroTextSpec("url", simplify_repl="%(1)s")]
    macros += [MacroTextSpec(name, discard=True) for name in _SWITCHES if name.isalpha()]
    context.add_context_category("sphinx-ndif", prepend=True, macros=macros)
    return _Converter(math_mode="verbatim", latex_context=context)


class _Scanner:
    """Reads the common subset of LaTeX found in bibliographies, left to right."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.open_quote = False  # a lone ` was read: the next lone ' closes it

    def read(self, until_brace: bool = False) -> str:
        out: list[str] = []
        text = self.text
        while self.at < len(text):
            special = _SPECIAL.search(text, self.at)  # copy plain runs whole, not per char
            if special is None:
                out.append(text[self.at :])
                self.at = len(text)
                break
            if special.start() > self.at:
                out.append(text[self.at : special.start()])
                self.at = special.start()
            char = text[self.at]
            if char == "}":
                self.at += 1
                if until_brace:
                    return "".join(out)
                continue  # a stray closing brace: drop it
            if char == "{":
                self.at += 1
                out.append(self.read(until_brace=True))
            elif char == "\\":
                out.append(self.command())
            elif char == "$":
                end = text.find("$", self.at + 1)
                if end < 0:
                    raise _NeedsParser
                out.append(text[self.at : end + 1])
                self.at = end + 1
            elif char == "~":
                out.append(" ")
                self.at += 1
            elif char == "-" and text.startswith("---", self.at):
                out.append("—")
                self.at += 3
            elif char == "-" and text.startswith("--", self.at):
                out.append("–")
                self.at += 2
            elif char in "`'" and text.startswith(char * 2, self.at):
                out.append("“" if char == "`" else "”")
                self.at += 2
            elif char == "`":
                out.append("‘")
                self.open_quote = True
                self.at += 1
            elif char == "'" and self.open_quote:
                out.append("’")
                self.open_quote = False
                self.at += 1
            else:
                out.append(char)
                self.at += 1
        return "".join(out)

    def command(self) -> str:
        text = self.text
        self.at += 1  # the backslash
        if self.at >= len(text):
            return ""
        if not text[self.at].isalpha():
            symbol = text[self.at]
            self.at += 1
            if symbol in _ACCENTS:
                return self.accent(symbol)
            if symbol in _SYMBOLS:
                return _SYMBOLS[symbol]
            if symbol in _SWITCHES:
                return " " if symbol in ",;:" else ""
            raise _NeedsParser
        start = self.at
        while self.at < len(text) and text[self.at].isalpha():
            self.at += 1
        name = text[start : self.at]
        if name in _FALLBACK:
            raise _NeedsParser
        if name in _VERBATIM:
            return self.verbatim(name)
        if len(name) == 1 and name in _ACCENTS:
            return self.accent(name)
        if name in _SPACING:
            match = _DIMENSION.match(text, self.at)
            if match is not None:
                self.at = match.end()
            return ""
        if name == "char":  # \char65, \char"41, \char'101, \char`\A: a character by code
            code = _CHAR_CODE.match(text, self.at)
            if code is None:
                raise _NeedsParser
            self.at = code.end()
            decimal, hexadecimal, octal, literal = code.groups()
            if literal:
                return str(literal)
            base = 10 if decimal else 16 if hexadecimal else 8
            number = int(decimal or hexadecimal or octal, base)
            if (
                number < 32
                or 0x7F <= number < 0xA0
                or 0xD800 <= number < 0xE000
                or number >= 0x110000
            ):
                return ""  # a control character or a surrogate: nothing to show
            return chr(number)
        if name in _BRACED_SPACING:
            self.skip_spacing_arguments(name)
            return ""
        # As in TeX, the spaces after a command word are part of it ("\TeX\ book",
        # "{\TeX} book" and "\TeX{} book" are the ways to write "TeX book").
        self.skip_spaces()
        if name in _WORDS:
            self.skip_empty_group()
            return _WORDS[name]
        if name in _SWITCHES:
            return ""
        if name in SILENT_MACROS:
            self.argument()
            return ""
        if name == "nth" and self.peek() == "{":
            return ordinal(self.argument())  # \nth{4} edition: "4th edition"
        if name in _QUOTING and self.peek() == "{":
            return "“" + self.argument() + "”"  # biblatex's \mkbibquote{x}: “x”
        if self.peek() == "{" and not text.startswith("{}", self.at):
            return self.argument()  # \emph{x}, \acro{TUG}: the text inside
        if text.startswith("{}", self.at):
            self.at += 2
            return name  # "\NetBibTeX{}ing": glued on purpose
        if self.peek().isdigit():
            return name + " "  # "\tubissue11(4)": the reader must see where the name ends
        return name  # an unknown abbreviation macro (\VAX, \CSTUG{}): its name reads best

    def verbatim(self, name: str) -> str:
        """The argument of ``\\verb|x|``, ``\\path=x=`` or ``\\url{x}``, as written."""
        if name == "verb" and self.peek() == "*":
            self.at += 1
        self.skip_spaces()
        text, start = self.text, self.at
        delimiter = self.peek()
        limit = min(len(text), start + _LONGEST_VERBATIM)  # an unclosed one costs no more
        if delimiter == "{" and name != "verb":
            depth = 0
            for index in range(start, limit):
                depth += 1 if text[index] == "{" else -1 if text[index] == "}" else 0
                if depth == 0:
                    self.at = index + 1
                    return text[start + 1 : index]
        elif delimiter and not delimiter.isalpha() and delimiter not in "{*":
            end = text.find(delimiter, start + 1, limit)
            if end > 0:
                self.at = end + 1
                return text[start + 1 : end]
        return name  # no argument it can read: as an unknown macro

    def skip_spacing_arguments(self, name: str) -> None:
        """Skip ``\\hspace*{1em}``'s dimension, or ``\\raisebox``'s (and its optional ones)."""
        if self.peek() == "*":
            self.at += 1
        self.skip_spaces()
        if self.peek() == "{":
            self.at += 1
            self.read(until_brace=True)
        while name == "raisebox" and self.peek() == "[":
            end = self.text.find("]", self.at)
            self.at = end + 1 if end > 0 else len(self.text)

    def accent(self, accent: str) -> str:
        self.skip_spaces()
        base = self.argument() if self.peek() == "{" else self.next_char()
        if base[:1] in ("ı", "ȷ"):  # the dotless letters carry accents in LaTeX: \'\i is í
            base = ("i" if base[0] == "ı" else "j") + base[1:]
        if not base:
            return _SPACING_ACCENTS[accent]
        return unicodedata.normalize("NFC", base[0] + _ACCENTS[accent] + base[1:])

    def argument(self) -> str:
        self.skip_spaces()
        if self.peek() != "{":
            return self.next_char()
        self.at += 1
        return self.read(until_brace=True)

    def next_char(self) -> str:
        if self.peek() == "\\":
            return self.command()
        char = self.peek()
        self.at += len(char)
        return char

    def peek(self) -> str:
        return self.text[self.at] if self.at < len(self.text) else ""

    def skip_spaces(self) -> None:
        while self.peek() in (" ", "\t", "\n"):
            self.at += 1

    def skip_empty_group(self) -> None:
        if self.text.startswith("{}", self.at):
            self.at += 2


class LatexDecoder:
    """Decodes BibTeX field values to display text, caching every answer."""

    def __init__(self) -> None:
        self._converter: LatexNodes2Text | None = None
        self._cache: dict[str, str] = {}
        self.parser_calls = 0
        """How often pylatexenc was needed (for tests and benchmarks)."""

    def __call__(self, value: str) -> str:
        if not _NEEDS_WORK.search(value):
            return _composed(" ".join(value.split()))
        cached = self._cache.get(value)
        if cached is not None:
            return cached
        if not _NEEDS_SCANNER.search(value):  # protective braces only: "{NNsight} and {NDIF}"
            text = _composed(" ".join(value.replace("{", "").replace("}", "").split()))
            self._cache[value] = text
            return text
        try:
            try:
                text = _Scanner(value).read()
            except _NeedsParser:
                if self._converter is None:
                    self._converter = _converter()
                self.parser_calls += 1
                value = _VERBATIM_IN_TEXT.sub(_escaped_verbatim, _SPACING_IN_TEXT.sub("", value))
                text = self._converter.latex_to_text(value)
        except RecursionError:
            # Thousands of nested braces (hostile or broken input): both readers recurse per
            # group. Keep the words, drop the markup, and never crash the load.
            text = _MARKUP.sub("", value).replace("{", "").replace("}", "")
        # \char and pylatexenc can make a control character from clean text: drop it here,
        # where a record's text is made (the loaders rely on it, see clean_file_text).
        text = _composed(_SPACES.sub(" ", clean_text(text).replace("\xa0", " ")).strip())
        self._cache[value] = text
        return text


def ordinal(number: str) -> str:
    """``\\nth{4}`` (the nth package): the number with its English ordinal suffix."""
    digits = number.strip()
    if not (digits.isascii() and digits.isdigit()):  # "²" is a digit int() refuses
        return number
    tens, last = int(digits[-2:]), int(digits[-1])  # the last two say it, however long
    suffix = "th" if 11 <= tens <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(last, "th")
    return digits + suffix


def _escaped_verbatim(match: re.Match[str]) -> str:
    written = match.group(1) if match.group(1) is not None else match.group(3)
    return "".join(_ESCAPED.get(char, char) for char in written)


def _composed(text: str) -> str:
    """``text`` in NFC: a file written decomposed ("e" and U+0302 for "ê") reads, searches
    and sorts as one written composed. ASCII text (most) is answered without a look."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)
