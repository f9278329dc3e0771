"""``ndif-papers``: every option, its combinations, and the structure of each paper."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from docutils import nodes

from sphinx_ndif.dataset import BUNDLED_BIB, load_dataset
from sphinx_ndif.model import PaperRecord
from sphinx_ndif.text import paper_id

from .conftest import Build, Built, find, paper_keys

DATASET = load_dataset([BUNDLED_BIB])
ALL_PAPERS = {paper_id(record.key) for record in DATASET.papers}


def papers_page(build: Build, options: str = "", **kwargs: object) -> Built:
    body = "".join(f"   {line}\n" for line in options.strip().splitlines())
    return build({"index.rst": f"Papers\n======\n\n.. ndif-papers::\n{body}"}, **kwargs)


def listed(build: Build, options: str = "") -> list[str]:
    built = papers_page(build, options)
    assert built.warnings == "", built.warnings
    return [key.removeprefix("paper-") for key in paper_keys(built.doctree())]


def keys_with(predicate: Callable[[PaperRecord], object]) -> set[str]:
    return {record.key for record in DATASET.papers if predicate(record)}


def test_default_lists_every_paper_newest_first_and_no_citation_record(build: Build) -> None:
    keys = listed(build)
    assert len(keys) == 25
    assert {f"paper-{k}" for k in keys} == ALL_PAPERS
    assert not any(k.startswith("fiotto-kaufman") for k in keys)
    years = [DATASET.records[k].year for k in keys]
    assert years == sorted(years, reverse=True)
    titles_2025 = [
        DATASET.records[k].title.casefold() for k in keys if DATASET.records[k].year == 2025
    ]
    assert titles_2025 == sorted(titles_2025)


def test_tags_any(build: Build) -> None:
    keys = listed(build, ":tags: multilingual, biology")
    assert set(keys) == keys_with(lambda r: {"multilingual", "biology"} & set(r.tags))
    assert "simon2024interplm" in keys and "dumas2024llamas" in keys


def test_tags_all(build: Build) -> None:
    keys = listed(build, ":tags: sparse-autoencoders, multilingual\n:match: all")
    assert keys == ["brinkmann2025large"]


def test_exclude_tags(build: Build) -> None:
    keys = listed(build, ":tags: sparse-autoencoders\n:exclude-tags: biology, multilingual")
    expected = keys_with(
        lambda r: "sparse-autoencoders" in r.tags and not {"biology", "multilingual"} & set(r.tags)
    )
    assert set(keys) == expected and "simon2024interplm" not in keys


def test_tags_are_case_insensitive(build: Build) -> None:
    assert listed(build, ":tags: Logit-Flow") == ["yu2025back"]


@pytest.mark.parametrize(
    ("spec", "low", "high"),
    [("2024", 2024, 2024), ("2024-2025", 2024, 2025), (">=2025", 2025, 9999),
     ("<=2024", 0, 2024), ("2025-", 2025, 9999), ("-2024", 0, 2024)],
)  # fmt: skip
def test_year_forms(build: Build, spec: str, low: int, high: int) -> None:
    keys = listed(build, f":year: {spec}")
    assert set(keys) == keys_with(lambda r: low <= r.year <= high)
    assert keys


def test_author_is_case_and_accent_insensitive(build: Build) -> None:
    keys = listed(build, ":author: clement dumas")
    assert set(keys) == {"dumas2024llamas", "dumas2025separating", "minder2025robustly"}
    assert set(listed(build, ":author: WOLLSCHLAGER")) == {"wollschlager2025geometry"}


def test_venue_substring(build: Build) -> None:
    keys = listed(build, ":venue: neurips")
    assert set(keys) == keys_with(lambda r: "neurips" in r.venue.lower())
    assert len(keys) == 4


def test_keys_in_the_order_named_including_a_citation_record(build: Build) -> None:
    keys = listed(build, ":keys: zhu2024language, fiotto-kaufman2025nnsight, siems2025deltaproduct")
    assert keys == ["zhu2024language", "fiotto-kaufman2025nnsight", "siems2025deltaproduct"]


def test_keys_with_an_explicit_sort_are_sorted(build: Build) -> None:
    keys = listed(build, ":keys: zhu2024language, siems2025deltaproduct\n:sort: year")
    assert keys == ["siems2025deltaproduct", "zhu2024language"]


def test_keys_combine_with_filters(build: Build) -> None:
    keys = listed(build, ":keys: zhu2024language, siems2025deltaproduct\n:year: 2024")
    assert keys == ["zhu2024language"]


def test_keys_combine_with_tags_any_and_all(build: Build) -> None:
    named = ":keys: zhu2024language, davis2024hidden, jenner2024evidence"
    assert listed(build, f"{named}\n:tags: games") == ["davis2024hidden", "jenner2024evidence"]
    assert listed(build, f"{named}\n:tags: games, steering\n:match: all") == ["davis2024hidden"]


def test_sort_title(build: Build) -> None:
    keys = listed(build, ":sort: title")
    titles = [DATASET.records[k].title.casefold() for k in keys]
    assert titles == sorted(titles)


def test_sort_author_by_first_family_name(build: Build) -> None:
    keys = listed(build, ":sort: author")
    families = [DATASET.records[k].authors[0].family.casefold() for k in keys]
    assert families == sorted(families)
    assert keys[0] == "ahsan2025elucidating" and keys[-1] == "zhu2024language"


def test_reverse(build: Build) -> None:
    assert listed(build, ":sort: title\n:reverse:") == listed(build, ":sort: title")[::-1]


def test_limit_after_sorting(build: Build) -> None:
    assert listed(build, ":sort: title\n:limit: 3") == listed(build, ":sort: title")[:3]


def test_group_by_year_gives_a_rubric_per_year_newest_first(build: Build) -> None:
    tree = papers_page(build, ":group-by: year").doctree()
    container = find(tree, "ndif-papers")[0]
    rubrics = [n.astext() for n in container.children if isinstance(n, nodes.rubric)]
    assert rubrics == ["2025", "2024"]
    lists = [n for n in container.children if isinstance(n, nodes.bullet_list)]
    assert [len(lst.children) for lst in lists] == [
        len(DATASET.by_year[2025]),
        len(DATASET.by_year[2024]),
    ]


def test_group_by_year_reversed_is_oldest_first(build: Build) -> None:
    tree = papers_page(build, ":group-by: year\n:reverse:").doctree()
    assert [n.astext() for n in tree.findall(nodes.rubric)] == ["2024", "2025"]


def test_group_by_tag_uses_the_named_tags_and_labels(build: Build) -> None:
    built = papers_page(build, ":tags: games, arithmetic\n:group-by: tag")
    tree = built.doctree()
    assert [n.astext() for n in tree.findall(nodes.rubric)] == ["Games", "Arithmetic"]


def test_group_by_tag_without_tags_uses_topic_and_method_tags(build: Build) -> None:
    tree = papers_page(build, ":group-by: tag").doctree()
    rubrics = [n.astext() for n in tree.findall(nodes.rubric)]
    assert "Built with NNsight" not in rubrics
    assert "Sparse autoencoders" in rubrics and "Multilingual" in rubrics
    # A paper listed under several tags gets a fresh id each time.
    ids = paper_keys(tree)
    assert len(ids) == len(set(ids)) > 25


def paper(tree: nodes.Node, key: str) -> nodes.Element:
    (item,) = [n for n in find(tree, "ndif-paper") if n["ids"] == [paper_id(key)]]
    return item


def part_names(item: nodes.Element) -> list[str]:
    return [c for child in item.children for c in child["classes"] if c.startswith("ndif-paper-")]


def test_a_paper_shows_title_byline_summary_tags_and_links(build: Build) -> None:
    tree = papers_page(build, ":keys: feucht2024token").doctree()
    item = paper(tree, "feucht2024token")
    assert part_names(item) == [
        "ndif-paper-title", "ndif-paper-byline", "ndif-paper-summary", "ndif-paper-tags",
        "ndif-paper-links", "ndif-paper-bibtex-details",
    ]  # fmt: skip
    title, byline, summary, tags, links, _details = item.children
    link = next(title.findall(nodes.reference))
    assert link["refuri"] == "https://aclanthology.org/2024.emnlp-main.543/"
    assert link.astext() == "Token Erasure as a Footprint of Implicit Vocabulary Items in LLMs"
    assert byline.astext() == (
        "Sheridan Feucht, David Atkinson, Byron Wallace, and David Bau. EMNLP 2024"
    )
    assert summary.astext().startswith("Investigates how LLMs transform arbitrary groups")
    labels = [n.astext() for n in tags.findall(nodes.inline) if "ndif-tag" in n["classes"]]
    assert labels[0] == "Built with NNsight" and "Probing" in labels
    assert [(r.astext(), r["refuri"]) for r in links.findall(nodes.reference)] == [
        ("Other version", "https://arxiv.org/abs/2406.20086"),
        ("Project page", "https://footprints.baulab.info/"),
    ]


def test_code_links_are_labelled_code(build: Build) -> None:
    tree = papers_page(build, ":keys: simon2024interplm").doctree()
    links = find(tree, "ndif-paper-links")[0]
    assert [r.astext() for r in links.findall(nodes.reference)] == ["Other version", "Code"]


@pytest.mark.parametrize(
    ("show", "parts"),
    [
        ("authors", ["ndif-paper-title", "ndif-paper-byline", "ndif-paper-bibtex-details"]),
        ("summary", ["ndif-paper-title", "ndif-paper-summary", "ndif-paper-bibtex-details"]),
        (
            "tags, links",
            [
                "ndif-paper-title",
                "ndif-paper-tags",
                "ndif-paper-links",
                "ndif-paper-bibtex-details",
            ],
        ),
        ("bibtex", ["ndif-paper-title", "ndif-paper-bibtex"]),
    ],
)
def test_show_selects_parts(build: Build, show: str, parts: list[str]) -> None:
    tree = papers_page(build, f":keys: feucht2024token\n:show: {show}").doctree()
    assert part_names(paper(tree, "feucht2024token")) == parts


def test_venue_alone_in_the_byline(build: Build) -> None:
    tree = papers_page(build, ":keys: feucht2024token\n:show: venue").doctree()
    assert find(tree, "ndif-paper-byline")[0].astext() == "EMNLP 2024"


def test_per_paper_bibtex_is_a_bibtex_literal_block(build: Build) -> None:
    tree = papers_page(build, ":keys: simon2024interplm\n:show: bibtex").doctree()
    (block,) = tree.findall(nodes.literal_block)
    assert block["language"] == "bibtex"
    assert block.astext().startswith("@article{simon2024interplm,")
    assert "annotation" not in block.astext() and "ndif-" not in block.astext()


def test_classes_and_ids(build: Build) -> None:
    tree = papers_page(build, ":keys: feucht2024token").doctree()
    (container,) = find(tree, "ndif-papers")
    assert isinstance(container, nodes.container)
    (item,) = find(container, "ndif-paper")
    assert isinstance(item, nodes.list_item) and item["ids"] == ["paper-feucht2024token"]


def test_repeated_listing_on_a_page_gets_numbered_ids(build: Build) -> None:
    page = "P\n=\n\n" + ".. ndif-papers::\n   :keys: feucht2024token\n\n" * 3
    built = build(
        {"index.rst": page, "other.rst": "O\n=\n\n.. ndif-papers::\n   :keys: feucht2024token\n"}
    )
    assert paper_keys(built.doctree()) == [
        "paper-feucht2024token", "paper-feucht2024token-2", "paper-feucht2024token-3"
    ]  # fmt: skip
    # Ids restart on every page.
    assert paper_keys(built.doctree("other")) == ["paper-feucht2024token"]


def test_html_list_structure(build: Build) -> None:
    soup = papers_page(build, ":tags: games").html()
    container = soup.select_one("div.ndif-papers")
    assert container is not None
    items = container.select("li.ndif-paper")
    assert {li["id"] for li in items} == {"paper-davis2024hidden", "paper-jenner2024evidence"}
    assert items[0].select_one("div.ndif-paper-title strong a")["href"].startswith("https://")


@pytest.mark.parametrize(
    "fence",
    [
        "```{{ndif-papers}}\n{options}\n```\n",
        ":::{{ndif-papers}}\n{options}\n:::\n",
        "```{{ndif-papers}}\n---\n{yaml}\n---\n```\n",
    ],
)
def test_myst_fences(build: Build, fence: str) -> None:
    options = ":tags: games, arithmetic\n:sort: title\n:reverse:\n:year: 2024-"
    yaml = "tags: games, arithmetic\nsort: title\nreverse:\nyear: 2024-"
    built = build({"index.md": "# Papers\n\n" + fence.format(options=options, yaml=yaml)})
    assert built.warnings == ""
    assert paper_keys(built.doctree()) == [  # titles Z to A, 2024 and later
        "paper-kantamneni2025language", "paper-davis2024hidden", "paper-jenner2024evidence"
    ]  # fmt: skip


def test_ndif_tags_lists_the_vocabulary_with_counts(build: Build) -> None:
    built = build({"index.rst": "Tags\n====\n\n.. ndif-tags::\n"})
    (container,) = find(built.doctree(), "ndif-tags")
    assert [n.astext() for n in container.findall(nodes.rubric)] == [
        "Categories",
        "Methods",
        "Topics",
    ]
    terms = {
        item.children[0]["ids"][0]: item for item in container.findall(nodes.definition_list_item)
    }
    assert set(terms) == {f"ndif-tag-{name}" for name in DATASET.vocabulary}
    games = terms["ndif-tag-games"]
    assert games.children[0].astext() == "Games (games)"
    assert games.children[1].astext().endswith("(2 papers)")
    assert terms["ndif-tag-references-ndif"].children[1].astext().endswith("(0 papers)")


def test_ndif_tags_twice_on_a_page_keeps_ids_unique(build: Build) -> None:
    built = build({"index.rst": "Tags\n====\n\n.. ndif-tags::\n\n.. ndif-tags::\n"})
    soup = built.html()
    assert soup.select_one("dt#ndif-tag-games") is not None
    assert soup.select_one("dt#ndif-tag-games-2") is not None


def test_group_by_tag_puts_papers_with_only_a_category_under_other(build: Build) -> None:
    bib = "@misc{lonely, title = {Lonely}, year = 2020, keywords = {uses-ndif}}\n"
    built = build(
        {
            "index.rst": "P\n=\n\n.. ndif-papers::\n   :group-by: tag\n   :year: 2020\n",
            "x.bib": bib,
        },
        conf='ndif_data_files = ["x.bib"]\n',
    )
    assert [n.astext() for n in built.doctree().findall(nodes.rubric)] == ["Other papers"]
    assert paper_keys(built.doctree()) == ["paper-lonely"]
