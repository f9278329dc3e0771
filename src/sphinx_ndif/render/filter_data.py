"""What the HTML filter bar reads from a list: each paper's searchable text and the
order of the tag chips. Both come from the data, never from how papers are shown."""

from __future__ import annotations

from collections.abc import Collection

from sphinx_ndif.dataset import Dataset
from sphinx_ndif.model import PaperRecord
from sphinx_ndif.sources.vocabulary import TAG_KINDS


def vocabulary_order(dataset: Dataset, tags: Collection[str]) -> list[str]:
    """Tags as the vocabulary lists them, kind by kind (categories first), then any
    tag the vocabulary lacks, by name: the order of the filter bar's chips."""
    kinds = {kind: position for position, kind in enumerate(TAG_KINDS)}
    known = [tag for tag in dataset.vocabulary.values() if tag.name in tags]
    known.sort(key=lambda tag: kinds.get(tag.kind, len(kinds)))  # stable: file order kept
    return [tag.name for tag in known] + sorted(set(tags) - set(dataset.vocabulary))


def search_text(record: PaperRecord) -> str:
    """What the filter bar's search reads: the paper's data, however it is shown."""
    authors = (person.display for person in record.authors)
    year = "" if record.year is None or str(record.year) in record.venue else str(record.year)
    parts = (record.title, *authors, record.venue, year, record.summary)
    return " ".join(part for part in parts if part)
