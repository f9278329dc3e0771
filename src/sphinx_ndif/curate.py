"""Merge a generated research list (NDIF's pipeline JSON) into a curated ``.bib``, for
review: what ``sphinx-ndif merge`` does.

The curated file's entries are never changed: papers it already has (by the dataset's
merge rules, ``ndif-sameas`` included) are only compared with it, and each difference
(another title, link, project url, venue, year or DOI) is listed as a conflict. New
papers are appended as BibTeX in the form ``sphinx-ndif convert`` writes, with the tags
suggested by the vocabulary's phrases, each explained in a comment above the entry. A
new paper that is probably a curated one under another title is appended with
``ndif-sameas`` naming it, so that a build lists it once until a maintainer decides.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sphinx_ndif.checks import check_record, describe, is_arxiv_link, place
from sphinx_ndif.dataset import Dataset, Merger, plain_title
from sphinx_ndif.export import dataset_bibtex
from sphinx_ndif.model import PaperRecord, Problem, SourceRank, Tag
from sphinx_ndif.probable_duplicates import probable_pairs
from sphinx_ndif.tag_suggestions import Suggestion, TagSuggester
from sphinx_ndif.text import fold


@dataclass(frozen=True, slots=True)
class NewPaper:
    """A paper the curated file lacks, as it will be appended."""

    record: PaperRecord
    given: tuple[str, ...]
    """Tags the source gave (the pipeline's category)."""
    suggested: tuple[Suggestion, ...]
    duplicate_of: PaperRecord | None = None
    signals: tuple[str, ...] = ()
    findings: tuple[Problem, ...] = ()
    """What ``sphinx-ndif check`` would say of it (a generator's refusal, a cut venue...)."""


@dataclass(frozen=True, slots=True)
class KnownPaper:
    """An incoming entry that is a paper already listed: the curated entry, or a new
    paper the incoming list holds twice."""

    incoming: PaperRecord
    existing: PaperRecord
    reason: str
    conflicts: tuple[str, ...] = ()


@dataclass
class MergePlan:
    new: list[NewPaper] = field(default_factory=list)
    known: list[KnownPaper] = field(default_factory=list)
    repeated: list[KnownPaper] = field(default_factory=list)

    @property
    def conflicts(self) -> list[KnownPaper]:
        return [known for known in self.known if known.conflicts]


def plan_merge(
    curated_path: str,
    curated: Sequence[PaperRecord],
    incoming_path: str,
    incoming: Sequence[PaperRecord],
    vocabulary: Mapping[str, Tag],
) -> MergePlan:
    """Sort each incoming record into new, known (with its conflicts) or repeated."""
    dataset = Dataset()
    merger = Merger(dataset)
    merger.add_source(curated_path, SourceRank.CURATED, curated)
    # Without keys, incoming records never replace a curated entry of the same key.
    merger.add_source(
        incoming_path,
        SourceRank.GENERATED,
        [dataclasses.replace(record, keyed=False) for record in incoming],
    )
    merger.finish()
    by_key = {record.key: record for record in curated}
    plan = MergePlan()
    new_keys: dict[str, PaperRecord] = {}
    for record in dataset.records.values():
        if record.origin.path == incoming_path:
            new_keys[record.key] = record
    for merge in dataset.merges:
        if merge.absorbed.origin.path != incoming_path:
            continue
        # The curated entry it matched, even if that one is declared the same as another.
        kept = merge.kept if merge.kept in by_key else merger.current(merge.kept)
        if kept in by_key:
            existing = by_key[kept]
            found = KnownPaper(
                merge.absorbed, existing, merge.reason, conflicts(existing, merge.absorbed)
            )
            plan.known.append(found)
        elif kept in new_keys:
            plan.repeated.append(KnownPaper(merge.absorbed, new_keys[kept], merge.reason))
    suggester = TagSuggester(vocabulary)
    fresh = sorted(new_keys.values(), key=lambda record: record.origin.line)
    duplicates = _probable_duplicates([*curated, *fresh], len(curated))
    for record in fresh:
        suggested = tuple(suggester.suggest(record))
        other, signals = duplicates.get(record.key, (None, ()))
        tags = (*record.tags, *(suggestion.tag for suggestion in suggested))
        same_as = (other.key,) if other is not None else ()
        written = dataclasses.replace(record, tags=tags, same_as=same_as, keyed=True)
        plan.new.append(
            NewPaper(
                written,
                record.tags,
                suggested,
                other,
                tuple(signals),
                tuple(check_record(written, vocabulary)),
            )
        )
    return plan


def _probable_duplicates(
    records: list[PaperRecord], first_new: int
) -> dict[str, tuple[PaperRecord, list[str]]]:
    """For each new record (index ``first_new`` on) that looks like an earlier one: that
    one, and why."""
    found: dict[str, tuple[PaperRecord, list[str]]] = {}
    for i, j, signals in probable_pairs(records):
        if j >= first_new and records[j].key not in found:
            found[records[j].key] = (records[i], signals)
    return found


def _same_link(a: str, b: str | None) -> bool:
    def plain(url: str) -> str:
        return url.split("://", 1)[-1].rstrip("/").lower()

    return b is not None and plain(a) == plain(b)


def conflicts(existing: PaperRecord, incoming: PaperRecord) -> tuple[str, ...]:
    """What the incoming entry says otherwise than the curated one, in its words."""
    found = []
    if plain_title(incoming.title) != plain_title(existing.title):
        found.append(f"title {incoming.title!r}")
    same_arxiv = incoming.arxiv_id is not None and incoming.arxiv_id == existing.arxiv_id
    url = incoming.url
    known_link = url and (_same_link(url, existing.url) or _same_link(url, existing.alt_url))
    if url and not known_link and not (same_arxiv and is_arxiv_link(url)):
        found.append(f"link {url}")
    project = incoming.project_url
    if project and not _same_link(project, existing.project_url):
        found.append(f"project url {project}")
    if incoming.doi and existing.doi and incoming.doi.lower() != existing.doi.lower():
        found.append(f"DOI {incoming.doi}")
    venue = fold(incoming.venue)
    if venue and venue not in (fold(existing.venue), fold(existing.venue_with_year)):
        found.append(f"venue {incoming.venue!r}")
    if incoming.year and existing.year and incoming.year != existing.year:
        found.append(f"year {incoming.year}")
    return tuple(found)


def _comment(text: str) -> str:
    """One BibTeX comment line: ``@`` would start an entry, so it never appears."""
    return "% " + " ".join(text.replace("@", "(at)").split())


def new_entry_text(paper: NewPaper) -> str:
    """The BibTeX of a new paper, after comments explaining its tags (and its likeness
    to another paper), for the maintainer who reviews it."""
    record = paper.record
    lines = [_comment(f"New from {place(record.origin)}; review it, then delete these comments.")]
    lines += [_comment(f"tag {tag}: given by the source") for tag in paper.given]
    lines += [_comment(f"tag {s.tag}: {s.reason}") for s in paper.suggested]
    if not paper.suggested:
        lines.append(
            _comment("no tag suggested: no phrase of the vocabulary is in its title or summary")
        )
    lines += [_comment(f"check: {problem.message}") for problem in paper.findings]
    if paper.duplicate_of is not None:
        lines.append(
            _comment(
                f"probably the paper {paper.duplicate_of.key} under another title "
                f"({', '.join(paper.signals)}): ndif-sameas lists them once; delete that "
                f"field if they differ, or this entry if {paper.duplicate_of.key} should be "
                "updated instead"
            )
        )
    if record.fields:  # from BibTeX: its fields as written, with our tags and ndif-sameas
        fields = dict(record.fields)
        fields["keywords"] = ", ".join(record.tags)
        if record.same_as:
            fields["ndif-sameas"] = "; ".join(record.same_as)
        record = dataclasses.replace(record, fields=tuple(fields.items()))
    return "\n".join(lines) + "\n" + dataset_bibtex(record) + "\n"


def describe_at(record: PaperRecord) -> str:
    """``'key' (file:line)`` or ``'title' (file:line)``, for report lines."""
    return f"{describe(record)} ({place(record.origin)})"
