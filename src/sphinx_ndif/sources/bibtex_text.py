"""The file's text beneath bibtexparser's blocks: where each block starts, and entries
read again where bibtexparser cut them short.

**Lines.** bibtexparser counts lines as it goes and drifts: in TUGboat 3,425 of 4,837
entries were placed a line early, in Beebe's texbook3.bib 200 lines early, so every
message pointed elsewhere. :class:`BlockLines` finds each block's text in the file
(in order, so the search is linear) and gives the line it really starts on.

**Entries cut short.** bibtexparser ends a quoted value at the first ``"`` that is not
escaped or written ``{"}``, even inside braces. German babel writes ``"a`` for "ä", so in
``subtitle = "{Ein Handbuch f{\\"u}r zeitgem{"a}{\\ss} Schaffende}"`` (Beebe's
texbook1.bib) the value stops at ``{"``, the entry closes at the next ``}`` and every
field after it is lost, without a word. BibTeX counts braces inside quotes, and a ``"``
inside braces is a letter. The loader notices such a value (its braces never close:
:func:`cut_short`), or a block bibtexparser could not split at all (texbook2.bib's
``"{... "optionalen" ...}."``), and reads that entry again here before calling it a
parse error. Only those entries come here, so
this is written to be plain more than fast; it looks at most :data:`LONGEST_ENTRY`
characters from the entry's start, so broken or hostile text costs a bounded time.
"""

from __future__ import annotations

import re

from bibtexparser.model import Block, Entry, Field

_HEAD = re.compile(r"@\s*+([A-Za-z][\w-]*+)\s*+([{(])\s*+([^,\s{}()\"#=]*+)\s*+,")
# The look-behind: a name starts after a delimiter, never inside a run of name characters
# (failed tries from every position of a long run made a search quadratic).
_NAME = re.compile(r"(?<![^\s=,{}\"#()])([^\s=,{}\"#()]++)\s*+=")
_TOKEN = re.compile(r"[^\s,#{}()\"]++")
_SPACE = re.compile(r"\s*+")
_DELIMITER = re.compile(r'[{}"]')
LONGEST_ENTRY = 50_000
"""Characters an entry read again may span (TUGboat's longest entry has about 3,000)."""


def cut_short(value: str) -> bool:
    """Whether bibtexparser ended this quoted value early: it opens braces it never closes."""
    return value[:1] == '"' and value.count("{") > value.count("}")


def read_entry_again(
    text: str, line_start: int, line: int, entry: Entry | None
) -> tuple[Entry, int] | None:
    """The entry that begins on (0-based) ``line``, starting at offset ``line_start`` of
    ``text``, read by BibTeX's rules (with the type and key bibtexparser gave it, if it
    made an ``entry``), and the line it ends on. ``None`` when the text there is not a
    complete entry of at most :data:`LONGEST_ENTRY` characters. The entry read again and
    its fields carry true lines."""
    start = text.find("@", line_start)
    head = _HEAD.match(text, start) if start >= 0 else None
    if head is None:
        return None
    text = text[: start + LONGEST_ENTRY]
    first_line = line + text.count("\n", line_start, start)

    def line_of(at: int) -> int:
        return first_line + text.count("\n", start, at)

    closing = "}" if head.group(2) == "{" else ")"
    fields: list[Field] = []
    at = head.end()
    while True:
        at = _skip_space(text, at)
        char = text[at : at + 1]
        if char == closing:
            entry_type, key = (entry.entry_type, entry.key) if entry else head.group(1, 3)
            again = Entry(entry_type, key, fields, start_line=first_line)
            return again, line_of(at)
        if char == ",":
            at += 1
            continue
        name = _NAME.match(text, at)
        if name is None:
            return None
        value_start = _skip_space(text, name.end())
        end = _value_end(text, value_start, closing)
        if end is None:
            return None
        fields.append(Field(name.group(1), text[value_start:end].strip(), line_of(value_start)))
        at = end


def _skip_space(text: str, at: int) -> int:
    match = _SPACE.match(text, at)  # \s*+ always matches
    return match.end() if match else at


def _value_end(text: str, at: int, closing: str) -> int | None:
    """Where a value (parts joined by ``#``) ends: at the ``,`` or closing delimiter."""
    while True:
        char = text[at : at + 1]
        if char in ("{", '"'):
            end = _enclosed_end(text, at)
        else:
            token = _TOKEN.match(text, at)
            end = token.end() if token else None
        if end is None:
            return None
        at = _skip_space(text, end)
        char = text[at : at + 1]
        if char == "#":
            at = _skip_space(text, at + 1)
            continue
        return at if char and char in (",", closing) else None


def _enclosed_end(text: str, at: int) -> int | None:
    """The index after the ``}`` or ``"`` closing the part opened at ``at``: braces
    nest, and a quote ends a quoted part only outside them (and, as bibtexparser reads
    it, when not written ``\\"``)."""
    quoted = text[at] == '"'
    depth = 0 if quoted else 1
    for match in _DELIMITER.finditer(text, at + 1):
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and not quoted:
                return match.end()
            if depth < 0:
                return None
        elif quoted and depth == 0 and text[match.start() - 1] != "\\":
            return match.end()
    return None


class BlockLines:
    """The (1-based) line each block of a file starts on, and each field of an entry."""

    def __init__(self, text: str, blocks: list[Block]) -> None:
        self._shift: dict[int, int] = {}  # id(block) -> true line - bibtexparser's line
        self._text_of: dict[int, Block] = {}  # a block made from another's text -> that one
        self._field_lines: dict[int, dict[int, int]] = {}
        cursor = counted_to = line = 0
        for block in blocks:
            raw = block.raw
            if not raw or block.start_line is None:
                continue
            # A block's text begins at or after the end of the one before: searching for
            # its start from there keeps the whole walk linear. 32 characters say where.
            at = text.find(raw[:32], cursor)
            if at < 0:
                continue  # not found as written: bibtexparser's count stands
            line += text.count("\n", counted_to, at)
            counted_to, cursor = at, at + len(raw)
            self._shift[id(block)] = line - block.start_line

    def share(self, block: Block | None, like: Block) -> None:
        """Place ``block`` (made by bibtexparser from ``like``'s text) as ``like``."""
        if block is not None:
            self._shift[id(block)] = self._shift.get(id(like), 0)
            self._text_of[id(block)] = like

    def line(self, block: Block) -> int:
        return (block.start_line or 0) + self._shift.get(id(block), 0) + 1

    def field_line(self, entry: Entry, field: Field) -> int:
        """The line ``field`` of ``entry`` starts on, found in the entry's text (the
        count bibtexparser gives fields drifts too); its count where not found."""
        lines = self._field_lines.get(id(entry))
        if lines is None:
            lines = self._field_lines[id(entry)] = self._locate_fields(entry)
        found = lines.get(id(field))
        if found is not None:
            return found
        return (field.start_line or 0) + self._shift.get(id(entry), 0) + 1

    def _locate_fields(self, entry: Entry) -> dict[int, int]:
        raw = self._text_of.get(id(entry), entry).raw or ""
        first = self.line(entry)
        lines: dict[int, int] = {}
        cursor = 0
        for field in entry.fields:
            name = re.compile(rf"(?<![\w-]){re.escape(field.key)}\s*+=", re.IGNORECASE)
            match = name.search(raw, cursor)
            if match is None:
                continue
            lines[id(field)] = first + raw.count("\n", 0, match.start())
            value = raw.find(str(field.value), match.end())
            cursor = value + len(str(field.value)) if value >= 0 else match.end()
        return lines


class EntryRereader:
    """Reads entries of one file's text again, within a budget: the file's length twice
    over, so a file built to make every entry look cut short costs linear time."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.budget = 2 * len(text) + LONGEST_ENTRY
        self._line_starts: list[int] | None = None

    def read(self, entry: Entry | None, line: int) -> tuple[Entry, int] | None:
        """:func:`read_entry_again` for the entry on (1-based) ``line``; ``None`` also
        once the budget is spent."""
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        if not 0 < line <= len(self._line_starts) or self.budget <= 0:
            return None
        start = self._line_starts[line - 1]
        self.budget -= min(LONGEST_ENTRY, len(self.text) - start)
        return read_entry_again(self.text, start, line - 1, entry)
