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


def _plain(text: str) -> str:
    """Words only, single-spaced: what phrases are matched against."""
    return " ".join(_NOT_ALNUM.sub(" ", fold(text)).split())


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One suggested tag and why."""

    tag: str
    reason: str


class TagSuggester:
    """The vocabulary's phrases, compiled once; :meth:`suggest` for each new paper."""

    def __init__(self, vocabulary: Mapping[str, Tag]) -> None:
        self.phrases: list[tuple[str, list[tuple[str, re.Pattern[str]]]]] = []
        for name, tag in vocabulary.items():
            compiled = []
            for phrase in tag.match:
                words = _plain(phrase)
                if words:  # literal words between boundaries: linear in the text
                    pattern = re.compile(rf"(?<![a-z0-9]){re.escape(words)}(?:e?s)?(?![a-z0-9])")
                    compiled.append((phrase, pattern))
            if compiled:
                self.phrases.append((name, compiled))

    def suggest(self, record: PaperRecord) -> list[Suggestion]:
        """Each tag the record lacks whose phrase its title or summary holds."""
        texts = (("title", _plain(record.title)), ("summary", _plain(record.summary)))
        found = []
        for name, phrases in self.phrases:
            if name in record.tags:
                continue
            reason = next(
                (
                    f"{where} matches {phrase!r}"
                    for where, text in texts
                    for phrase, pattern in phrases
                    if text and pattern.search(text)
                ),
                None,
            )
            if reason is not None:
                found.append(Suggestion(name, reason))
        return found
