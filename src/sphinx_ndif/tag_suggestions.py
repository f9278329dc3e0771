"""Tags suggested for a new paper from the vocabulary's ``match`` phrases, each with the
reason ("title matches 'sparse autoencoder'"), so a maintainer can review them.

Deterministic: tags in vocabulary order, the title before the summary, a tag's phrases
in the order written, the first match reported. A phrase matches whole words, ignoring
case, accents and punctuation ("in-context" matches "In Context"), with an optional
plural "s" or "es" on its last word.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from sphinx_ndif.model import PaperRecord, Tag
from sphinx_ndif.text import fold

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
TEXT_SPAN = 10_000
"""Characters of a title or summary read (a summary is a paragraph): a huge field costs
no more than a normal one."""


def _plain(text: str) -> str:
    """Words only, single-spaced: what phrases are matched against."""
    return " ".join(_NOT_ALNUM.sub(" ", fold(text)).split())


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One suggested tag and why."""

    tag: str
    reason: str


class TagSuggester:
    """The vocabulary's phrases, split into words once; :meth:`suggest` for each new paper.

    A text is turned into the set of its word sequences up to the longest phrase's length,
    and each phrase looked up in it: linear in the text, whatever the phrases (one regular
    expression per phrase would scan the text once per phrase)."""

    def __init__(self, vocabulary: Mapping[str, Tag]) -> None:
        self.phrases: list[tuple[str, list[tuple[str, tuple[str, ...]]]]] = []
        self.longest = 1
        for name, tag in vocabulary.items():
            split = [(phrase, tuple(_plain(phrase).split())) for phrase in tag.match]
            split = [(phrase, words) for phrase, words in split if words]
            if split:
                self.phrases.append((name, split))
                self.longest = max(self.longest, *(len(words) for _, words in split))

    def _sequences(self, text: str) -> set[tuple[str, ...]]:
        words = _plain(text[:TEXT_SPAN]).split()
        return {
            tuple(words[start : start + size])
            for size in range(1, self.longest + 1)
            for start in range(len(words) - size + 1)
        }

    @staticmethod
    def _holds(sequences: set[tuple[str, ...]], words: tuple[str, ...]) -> bool:
        *head, last = words
        return any((*head, last + ending) in sequences for ending in ("", "s", "es"))

    def suggest(self, record: PaperRecord) -> list[Suggestion]:
        """Each tag the record lacks whose phrase its title or summary holds."""
        texts = [
            (where, self._sequences(text))
            for where, text in (("title", record.title), ("summary", record.summary))
        ]
        found = []
        for name, phrases in self.phrases:
            if name in record.tags:
                continue
            reason = next(
                (
                    f"{where} matches {phrase!r}"
                    for where, sequences in texts
                    for phrase, words in phrases
                    if self._holds(sequences, words)
                ),
                None,
            )
            if reason is not None:
                found.append(Suggestion(name, reason))
        return found
