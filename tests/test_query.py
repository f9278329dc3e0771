"""``select()`` and ``group()`` as units: a dataset made in memory, no Sphinx build.

Each filter, sort, reverse, limit and grouping is checked on hand-picked records, and
``select()`` as a whole against a plain reference (a scan of every paper) on generated
datasets and queries, so the index shortcuts can never answer differently from a scan.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_ndif.dataset import Dataset
from sphinx_ndif.model import Origin, PaperRecord, Person, Role, Tag
from sphinx_ndif.query import (
    Group,
    GroupBy,
    Match,
    PaperQuery,
    SortKey,
    YearRange,
    group,
    select,
    sort_records,
    unknown_names,
)
from sphinx_ndif.text import fold

ORIGIN = Origin("test.bib", 1)


def paper(
    key: str,
    year: int | None = 2024,
    title: str = "",
    tags: Iterable[str] = (),
    authors: Iterable[str] = ("Smith",),
    venue: str = "",
    role: Role = Role.PAPER,
) -> PaperRecord:
    return PaperRecord(
        key=key,
        entry_type="article",
        title=title or key.capitalize(),
        authors=tuple(Person(family=family) for family in authors),
        year=year,
        venue=venue,
        origin=ORIGIN,
        tags=tuple(tags),
        role=role,
    )


def dataset_of(records: Iterable[PaperRecord], vocabulary: Iterable[Tag] = ()) -> Dataset:
    """A dataset indexed as the loader indexes it (papers only, in record order)."""
    records = list(records)
    by_tag: dict[str, list[str]] = {}
    by_year: dict[int | None, list[str]] = {}
    for record in records:
        if record.role is not Role.PAPER:
            continue
        for tag in record.tags:
            by_tag.setdefault(tag, []).append(record.key)
        by_year.setdefault(record.year, []).append(record.key)
    return Dataset(
        records={record.key: record for record in records},
        vocabulary={tag.name: tag for tag in vocabulary},
        by_tag=by_tag,
        by_year=by_year,
    )


def keys(records: Iterable[PaperRecord]) -> list[str]:
    return [record.key for record in records]


VOCABULARY = (
    Tag("uses-nnsight", "Built with NNsight", "category", ""),
    Tag("probing", "Probing", "method", ""),
    Tag("steering", "Steering", "method", ""),
)
DATA = dataset_of(
    [
        paper("alpha", 2023, "Alpha", ["probing"], ["Müller", "Zed"], "ICLR 2023"),
        paper("beta", 2025, "beta", ["probing", "steering"], ["Adams"], "NeurIPS"),
        paper("gamma", 2024, "Gamma", ["steering", "uses-nnsight"], ["Clément"], "ICML"),
        paper("delta", None, "Delta", ["uses-nnsight"], ["Young"], "arXiv"),
        paper("eps", 2024, "Eps", ["extra"], (), "ICLR 2024"),
        paper("cite", 2025, "Citation", ["probing"], role=Role.CITATION),
    ],
    VOCABULARY,
)


def test_no_filter_lists_every_paper_newest_first_unknown_year_last() -> None:
    assert keys(select(DATA, PaperQuery())) == ["beta", "eps", "gamma", "alpha", "delta"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (PaperQuery(tags=("probing",)), ["beta", "alpha"]),
        (PaperQuery(tags=("probing", "steering")), ["beta", "gamma", "alpha"]),
        (PaperQuery(tags=("probing", "steering"), match=Match.ALL), ["beta"]),
        (PaperQuery(tags=("nothing",)), []),
        (PaperQuery(exclude_tags=("probing",)), ["eps", "gamma", "delta"]),
        (PaperQuery(tags=("steering",), exclude_tags=("probing",)), ["gamma"]),
        (PaperQuery(years=YearRange(2024, 2024)), ["eps", "gamma"]),
        (PaperQuery(years=YearRange(2024, None)), ["beta", "eps", "gamma"]),
        (PaperQuery(years=YearRange(None, 2023)), ["alpha"]),
        (PaperQuery(tags=("probing",), years=YearRange(2024, None)), ["beta"]),
        # Author and venue match folded substrings (case and accents ignored).
        (PaperQuery(author="muller"), ["alpha"]),
        (PaperQuery(author=" CLEMENT "), ["gamma"]),
        (PaperQuery(author="zed"), ["alpha"]),
        (PaperQuery(author="nobody"), []),
        (PaperQuery(venue="iclr"), ["eps", "alpha"]),
        (PaperQuery(venue="iclr", years=YearRange(2023, 2023)), ["alpha"]),
    ],
)
def test_filters(query: PaperQuery, expected: list[str]) -> None:
    assert keys(select(DATA, query)) == expected


def test_citation_records_only_when_named() -> None:
    assert "cite" not in keys(select(DATA, PaperQuery(tags=("probing",))))
    assert keys(select(DATA, PaperQuery(keys=("cite",)))) == ["cite"]


def test_keys_keep_the_order_named_without_duplicates_or_unknown_keys() -> None:
    query = PaperQuery(keys=("gamma", "alpha", "missing", "gamma"))
    assert keys(select(DATA, query)) == ["gamma", "alpha"]


def test_keys_are_filtered_and_sorted_when_asked() -> None:
    named = ("alpha", "beta", "gamma")
    assert keys(select(DATA, PaperQuery(keys=named, tags=("steering",)))) == ["beta", "gamma"]
    assert keys(select(DATA, PaperQuery(keys=named, sort=SortKey.YEAR))) == [
        "beta",
        "gamma",
        "alpha",
    ]
    assert keys(select(DATA, PaperQuery(keys=named, reverse=True))) == ["gamma", "beta", "alpha"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (SortKey.YEAR, ["beta", "eps", "gamma", "alpha", "delta"]),
        # Titles compare folded: "beta" sorts with "Beta".
        (SortKey.TITLE, ["alpha", "beta", "delta", "eps", "gamma"]),
        # First author's family name, folded; no author sorts last.
        (SortKey.AUTHOR, ["beta", "gamma", "alpha", "delta", "eps"]),
    ],
)
def test_sort_and_reverse(sort: SortKey, expected: list[str]) -> None:
    assert keys(select(DATA, PaperQuery(sort=sort))) == expected
    assert keys(select(DATA, PaperQuery(sort=sort, reverse=True))) == expected[::-1]


def test_ties_break_on_title_then_key_whatever_the_input_order() -> None:
    twins = [paper("b", 2024, "Same"), paper("a", 2024, "Same"), paper("c", 2024, "Other")]
    for sort in SortKey:
        assert keys(sort_records(twins, sort)) == keys(sort_records(twins[::-1], sort))
    assert keys(sort_records(twins, SortKey.YEAR)) == ["c", "a", "b"]


@pytest.mark.parametrize(
    ("limit", "expected"), [(0, []), (2, ["beta", "eps"]), (99, None), (None, None)]
)
def test_limit(limit: int | None, expected: list[str] | None) -> None:
    everything = keys(select(DATA, PaperQuery()))
    chosen = keys(select(DATA, PaperQuery(limit=limit)))
    assert chosen == (everything if expected is None else expected)


def test_limit_applies_after_reverse() -> None:
    assert keys(select(DATA, PaperQuery(reverse=True, limit=2))) == ["delta", "alpha"]


def test_empty_dataset() -> None:
    empty = dataset_of([])
    for query in (PaperQuery(), PaperQuery(tags=("x",)), PaperQuery(years=YearRange(1, 2))):
        assert select(empty, query) == []
        assert group(empty, [], query) == ([] if query.group_by else [Group(None, "", ())])
    assert group(empty, [], PaperQuery(group_by=GroupBy.YEAR)) == []
    assert group(empty, [], PaperQuery(group_by=GroupBy.TAG)) == []


def groups_of(query: PaperQuery) -> list[tuple[str, list[str]]]:
    return [(g.name, keys(g.records)) for g in group(DATA, select(DATA, query), query)]


def test_ungrouped_is_one_group_in_order() -> None:
    query = PaperQuery()
    (only,) = group(DATA, select(DATA, query), query)
    assert only.by is None and only.name == ""
    assert keys(only.records) == keys(select(DATA, query))


def test_group_by_year_newest_first_unknown_last() -> None:
    assert groups_of(PaperQuery(group_by=GroupBy.YEAR)) == [
        ("2025", ["beta"]),
        ("2024", ["eps", "gamma"]),
        ("2023", ["alpha"]),
        ("", ["delta"]),
    ]


def test_group_by_year_reversed_is_oldest_first_unknown_still_last() -> None:
    assert groups_of(PaperQuery(group_by=GroupBy.YEAR, reverse=True)) == [
        ("2023", ["alpha"]),
        ("2024", ["gamma", "eps"]),
        ("2025", ["beta"]),
        ("", ["delta"]),
    ]


def test_group_by_year_sorted_by_title_keeps_title_order_within_years() -> None:
    assert groups_of(PaperQuery(group_by=GroupBy.YEAR, sort=SortKey.TITLE)) == [
        ("2025", ["beta"]),
        ("2024", ["eps", "gamma"]),
        ("2023", ["alpha"]),
        ("", ["delta"]),
    ]


def test_group_by_tag_follows_the_vocabulary_then_other_tags_then_the_rest() -> None:
    # Categories (uses-nnsight) make no group; "extra" is not in the vocabulary and
    # comes after it; delta has only a category and lands in the unnamed rest.
    assert groups_of(PaperQuery(group_by=GroupBy.TAG)) == [
        ("probing", ["beta", "alpha"]),
        ("steering", ["beta", "gamma"]),
        ("extra", ["eps"]),
        ("", ["delta"]),
    ]


def test_group_by_named_tags_follows_the_order_named_and_drops_empty_groups() -> None:
    query = PaperQuery(tags=("steering", "probing", "nothing"), group_by=GroupBy.TAG)
    assert groups_of(query) == [("steering", ["beta", "gamma"]), ("probing", ["beta", "alpha"])]
    assert all(g.by is GroupBy.TAG for g in group(DATA, select(DATA, query), query))


def test_unknown_names_suggest_close_ones() -> None:
    query = PaperQuery(tags=("steerng",), exclude_tags=("zzzz",), keys=("gamam",))
    found = unknown_names(DATA, query)
    # One warning per kind of name (issue 11: a page of unknown names costs one warning).
    assert found == [
        ("unknown-tag", "unknown tags 'steerng', 'zzzz'; did you mean steering?"),
        ("unknown-key", "unknown key 'gamam'; did you mean gamma?"),
    ]
    assert unknown_names(DATA, PaperQuery(tags=("probing",), keys=("alpha",))) == []


# select() against a scan of every paper, on generated data.

TAGS = ("a", "b", "c", "d")
NAMES = ("Ålund", "alund", "Berg", "Čech", "Dahl")

records_strategy = st.lists(
    st.builds(
        paper,
        key=st.text("abcdefgh", min_size=1, max_size=4),
        year=st.one_of(st.none(), st.integers(2019, 2026)),
        title=st.sampled_from(["Alpha", "alpha", "Beta", "Éclair", "eclair", "Zeta"]),
        tags=st.lists(st.sampled_from(TAGS), unique=True, max_size=3),
        authors=st.lists(st.sampled_from(NAMES), max_size=2),
        venue=st.sampled_from(["", "ICLR", "iclr workshop", "NeurIPS"]),
        role=st.sampled_from([Role.PAPER, Role.PAPER, Role.PAPER, Role.CITATION]),
    ),
    max_size=12,
    unique_by=lambda record: record.key,
)
years_strategy = st.one_of(
    st.none(),
    st.builds(
        YearRange,
        st.one_of(st.none(), st.integers(2019, 2026)),
        st.one_of(st.none(), st.integers(2019, 2026)),
    ),
)
query_strategy = st.builds(
    PaperQuery,
    tags=st.lists(st.sampled_from(TAGS), unique=True, max_size=2).map(tuple),
    match=st.sampled_from(Match),
    exclude_tags=st.lists(st.sampled_from(TAGS), unique=True, max_size=1).map(tuple),
    years=years_strategy,
    author=st.sampled_from(["", "alund", "ÅLUND", "berg", "x"]),
    venue=st.sampled_from(["", "iclr", "neur"]),
    sort=st.one_of(st.none(), st.sampled_from(SortKey)),
    reverse=st.booleans(),
    limit=st.one_of(st.none(), st.integers(0, 5)),
    group_by=st.one_of(st.none(), st.sampled_from(GroupBy)),
)


def scanned(dataset: Dataset, query: PaperQuery) -> list[PaperRecord]:
    """What select() must answer for a query without keys: every paper tested in turn."""

    def wanted(record: PaperRecord) -> bool:
        tags = set(record.tags)
        if query.tags:
            named = set(query.tags)
            if not (tags & named if query.match is Match.ANY else named <= tags):
                return False
        authors = [fold(person.display) for person in record.authors]
        return (
            not tags & set(query.exclude_tags)
            and (query.years is None or record.year in query.years)
            and (not query.author or any(fold(query.author) in name for name in authors))
            and (not query.venue or fold(query.venue) in fold(record.venue))
        )

    chosen = sort_records([r for r in dataset.papers if wanted(r)], query.sort or SortKey.YEAR)
    if query.reverse:
        chosen.reverse()
    return chosen if query.limit is None else chosen[: query.limit]


@settings(max_examples=300, deadline=None)
@given(records_strategy, query_strategy)
def test_select_answers_as_a_scan_does(records: list[PaperRecord], query: PaperQuery) -> None:
    dataset = dataset_of(records)
    assert keys(select(dataset, query)) == keys(scanned(dataset, query))


@settings(max_examples=300, deadline=None)
@given(records_strategy, query_strategy)
def test_groups_partition_the_selection_in_order(
    records: list[PaperRecord], query: PaperQuery
) -> None:
    dataset = dataset_of(records)
    chosen = select(dataset, query)
    groups = group(dataset, chosen, query)
    position = {record.key: index for index, record in enumerate(chosen)}
    for each in groups:
        assert each.records or query.group_by is None, "no empty groups"
        indexes = [position[record.key] for record in each.records]
        assert indexes == sorted(indexes), "a group keeps the selection's order"
    listed = [record.key for each in groups for record in each.records]
    if query.group_by is GroupBy.TAG:
        # A paper appears under each of its tags; every paper appears at least once.
        assert set(listed) == set(position)
    else:
        assert sorted(listed) == sorted(position)
    if query.group_by is GroupBy.YEAR:
        names = [each.name for each in groups]
        assert len(names) == len(set(names))
        assert "" not in names[:-1], "unknown year comes last"
