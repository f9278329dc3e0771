"""The dataset: every source loaded once, merged by key, indexed by tag and year."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sphinx_ndif.model import Level, LoadResult, Origin, PaperRecord, Problem, Role, SearchText, Tag
from sphinx_ndif.sources.bibtex import load_bibtex
from sphinx_ndif.sources.vocabulary import load_vocabulary

DATA_DIR = Path(__file__).parent / "data"
BUNDLED_BIB = DATA_DIR / "ndif.bib"
BUNDLED_VOCABULARY = DATA_DIR / "tags.toml"
DEFAULT_CITATION_KEY = "fiotto-kaufman2025nnsight"


@dataclass
class Dataset:
    """All records by key (file order, later definitions replacing earlier ones), indexed."""

    records: dict[str, PaperRecord] = field(default_factory=dict)
    vocabulary: dict[str, Tag] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: tuple[Path, ...] = ()
    by_tag: dict[str, list[str]] = field(default_factory=dict)
    by_year: dict[int | None, list[str]] = field(default_factory=dict)
    search: dict[str, SearchText] = field(default_factory=dict)

    @property
    def papers(self) -> list[PaperRecord]:
        """The research records, in dataset order (citation records left out)."""
        return [record for record in self.records.values() if record.role is Role.PAPER]

    @property
    def known_tags(self) -> set[str]:
        """Tags a directive may name: the vocabulary's and any a record uses."""
        return set(self.vocabulary) | set(self.by_tag)

    def tag_label(self, name: str) -> str:
        tag = self.vocabulary.get(name)
        return tag.label if tag is not None else name


def load_source(path: Path) -> LoadResult:
    """Load one data file by its format (known from its extension)."""
    if path.suffix.lower() == ".bib":
        return load_bibtex(path)
    return LoadResult(
        problems=[
            Problem(
                Origin(str(path)),
                "unknown-format",
                f"data file {path} has an unknown extension; use .bib",
                Level.ERROR,
            )
        ]
    )


def load_dataset(sources: Sequence[Path], vocabulary: Path = BUNDLED_VOCABULARY) -> Dataset:
    """Load every source in order; a key defined again replaces the earlier record."""
    dataset = Dataset(files=(*sources, vocabulary))
    dataset.vocabulary, dataset.problems = load_vocabulary(vocabulary)
    for path in sources:
        if not path.is_file():
            dataset.problems.append(
                Problem(
                    Origin(str(path)),
                    "missing-file",
                    f"data file not found: {path}",
                    Level.ERROR,
                )
            )
            continue
        result = load_source(path)
        dataset.problems.extend(result.problems)
        for record in result.records:
            previous = dataset.records.pop(record.key, None)
            if previous is not None and previous.origin.path != record.origin.path:
                # Within one file the loader has already said so.
                dataset.problems.append(
                    Problem(
                        record.origin,
                        "duplicate-key",
                        f"key {record.key!r} is defined again (first at {previous.origin}); "
                        "the later definition wins",
                    )
                )
            dataset.records[record.key] = record
    _index(dataset)
    return dataset


def _index(dataset: Dataset) -> None:
    for record in dataset.records.values():
        dataset.search[record.key] = SearchText.of(record)
        if record.role is not Role.PAPER:
            continue
        for tag in record.tags:
            dataset.by_tag.setdefault(tag, []).append(record.key)
        dataset.by_year.setdefault(record.year, []).append(record.key)
