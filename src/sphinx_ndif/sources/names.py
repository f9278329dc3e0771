"""Names written the BibTeX way ("Family, Given" or "Given von Family"), as people.

Used by the BibTeX loader and by the pipeline JSON, whose authors are such strings.
Written by hand, after BibTeX's own rules (``name.c``): bibtexparser's splitter drops a
backslash and the character after it following ``and`` (``and \\Thanh`` reads "hanh"),
takes any two-word name for "First Last" ("the {\\LaTeX} Team" has a von part), and
judges a word's case inside braces where BibTeX does not. Every name of TUGboat's and
biblatex's bibliographies splits here as pybtex splits it (tests/corpus).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sphinx_ndif.model import Person

__all__ = ["InvalidNameError", "parse_person", "split_name_list"]

# The foreign-letter macros BibTeX knows the case of (\ss is a lowercase letter...).
_LOWER_MACROS = frozenset({"i", "j", "oe", "ae", "aa", "o", "l", "ss"})
_UPPER_MACROS = frozenset({"OE", "AE", "AA", "O", "L"})
_SEPARATORS = re.compile(r"[{}\s,~\\]")


class InvalidNameError(ValueError):
    """A name BibTeX cannot split (unbalanced braces, too many commas)."""


# An accent command, a space, its letter: "Dezs\H o Nagy" (pybtex's copy of TUGboat).
# BibTeX splits the name at that space, but the typeset name joins it again ("Dezső");
# read as \H{o}, the letter stays in its word and the name reads as it prints.
_SPACED_ACCENT = re.compile(r"\\([`'^\"~=.]|[uvHckrdb])\s++([A-Za-z])")


def split_name_list(value: str) -> list[str]:
    """A BibTeX name list split at each top-level ``and`` between spaces (an accent
    written ``\\H o`` kept with its letter)."""
    if "\\" in value:
        value = _SPACED_ACCENT.sub(r"\\\1{\2}", value)
    names: list[str] = []
    depth = 0
    start = 0
    word_start = 0
    at = 0
    length = len(value)
    while at < length:
        char = value[at]
        if char == "\\":
            at += 2  # an escaped character never opens or closes a group
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char.isspace() and depth == 0:
            word = value[word_start:at]
            if word.lower() == "and" and word_start > start:
                names.append(value[start:word_start])
                start = at
            word_start = at + 1
        at += 1
    if value[word_start:].lower() == "and" and word_start > start:  # "A and": a dangling and
        names.append(value[start:word_start])
        start = length
    names.append(value[start:])
    return [name.strip() for name in names if name.strip()]


def _words(name: str) -> list[list[str]]:
    """The name's comma-separated sections, each a list of words (braces kept)."""
    sections: list[list[str]] = [[]]
    word: list[str] = []
    depth = 0
    at = 0
    while at < len(name):
        match = _SEPARATORS.search(name, at)
        if match is None:
            word.append(name[at:])
            break
        word.append(name[at : match.start()])
        char = match.group()
        at = match.end()
        if char == "\\" and (depth or not name[at : at + 1].isspace()):
            word.append(name[match.start() : at + 1])  # the backslash and what it escapes
            at += 1
        elif char == "{":
            depth += 1
            word.append(char)
        elif char == "}":
            if depth == 0:
                raise InvalidNameError("unmatched closing brace")
            depth -= 1
            word.append(char)
        elif depth:
            word.append(char)
        else:  # a space (also "\\ "), a tie or a comma at the top level ends the word
            if "".join(word):
                sections[-1].append("".join(word))
            word = []
            if char == ",":
                sections.append([])
    if depth:
        raise InvalidNameError("unterminated opening brace")
    if "".join(word):
        sections[-1].append("".join(word))
    if len(sections) > 3:
        raise InvalidNameError("too many commas")
    if len(sections) > 1 and not sections[-1]:
        raise InvalidNameError("trailing comma at end of name")
    return sections


def _is_lower(word: str) -> bool:
    """BibTeX's test for a von word: its first letter at brace level 0 is lowercase,
    or, for a "special character" ``{\\...}``, the first letter inside it."""
    depth = 0
    at = 0
    while at < len(word):
        char = word[at]
        if char == "{":
            if depth == 0 and word[at + 1 : at + 2] == "\\":
                return _special_is_lower(word, at + 2)
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and char.isalpha():
            return char.islower()
        at += 1
    return False


def _special_is_lower(word: str, at: int) -> bool:
    end = at
    while end < len(word) and word[end].isalpha():
        end += 1
    macro = word[at:end]
    if macro in _LOWER_MACROS:
        return True
    if macro in _UPPER_MACROS:
        return False
    depth = 1
    for char in word[max(end, at + 1) :]:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                break
        elif char.isalpha():
            return char.islower()
    return False


def _von_last(words: list[str]) -> tuple[list[str], list[str]]:
    """Split "von Last" words: von runs to the last lowercase word before the last word."""
    von_end = 0
    for index in range(len(words) - 1):
        if _is_lower(words[index]):
            von_end = index + 1
    return words[:von_end], words[von_end:]


def name_parts(name: str) -> tuple[list[str], list[str], list[str], list[str]]:
    """The words of (given, von, family, suffix), as BibTeX splits them."""
    sections = _words(name)
    if len(sections) == 1:
        words = sections[0]
        if not words:
            return [], [], [], []
        first_lower = next(
            (index for index in range(len(words) - 1) if _is_lower(words[index])), None
        )
        if first_lower is None:
            return words[:-1], [], words[-1:], []
        von, family = _von_last(words[first_lower:])
        return words[:first_lower], von, family, []
    von, family = _von_last(sections[0])
    if len(sections) == 2:
        return sections[1], von, family, []
    return sections[2], von, family, sections[1]


def parse_person(name: str, decode: Callable[[str], str] = str) -> Person:
    """One name as a :class:`Person`, each part passed through ``decode`` (LaTeX to
    text, for BibTeX). Raises :class:`InvalidNameError` for a name it cannot split."""
    given, von, family, suffix = name_parts(name)
    return Person(
        given=decode(" ".join(given)),
        von=decode(" ".join(von)),
        family=decode(" ".join(family)),
        suffix=decode(" ".join(suffix)),
    )
