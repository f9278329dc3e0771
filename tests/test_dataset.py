"""The bundled dataset against the seed text and the gathered facts (kept as fixtures)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from sphinx_ndif.dataset import BUNDLED_BIB, DEFAULT_CITATION_KEY, Dataset, load_dataset
from sphinx_ndif.model import PaperRecord, Role
from sphinx_ndif.render.reference import format_reference

from .conftest import FIXTURES

SEED_PAPERS = json.loads((FIXTURES / "seed_papers.json").read_text(encoding="utf-8"))
SEED_TEXT = (FIXTURES / "ndif-citing-and-research.txt").read_text(encoding="utf-8")
FACTS = list(
    csv.DictReader((FIXTURES / "ndif-paper-facts.tsv").open(encoding="utf-8"), delimiter="\t")
)


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset([BUNDLED_BIB])


def _plain(title: str) -> str:
    return title.replace("{", "").replace("}", "")


def _by_title(dataset: Dataset) -> dict[str, PaperRecord]:
    return {record.title: record for record in dataset.papers}


def test_loads_without_problems(dataset: Dataset) -> None:
    assert dataset.problems == []


def test_twenty_five_papers_and_two_citation_records(dataset: Dataset) -> None:
    assert len(dataset.papers) == 25
    citations = [r for r in dataset.records.values() if r.role is Role.CITATION]
    assert [r.key for r in citations] == [DEFAULT_CITATION_KEY, "fiotto-kaufman2024nnsight"]


def test_keys_are_unique_in_the_file() -> None:
    text = BUNDLED_BIB.read_text(encoding="utf-8")
    keys = [line.split("{", 1)[1].rstrip(",") for line in text.splitlines() if line.startswith("@")]
    assert len(keys) == 27
    assert len(set(keys)) == len(keys)


def test_token_erasure_is_one_paper(dataset: Dataset) -> None:
    seed_titles = [paper["title"] for paper in SEED_PAPERS]
    assert len(seed_titles) == 26 and len(set(seed_titles)) == 25
    titles = [r.title for r in dataset.papers]
    assert titles.count("Token Erasure as a Footprint of Implicit Vocabulary Items in LLMs") == 1


def test_every_seed_paper_is_in_the_dataset_word_for_word(dataset: Dataset) -> None:
    by_title = _by_title(dataset)
    for paper in SEED_PAPERS:
        record = by_title[paper["title"]]
        assert record.summary == paper["summary"]
        assert [person.display for person in record.authors] == paper["authors"]


def test_summaries_match_the_seed_text_itself(dataset: Dataset) -> None:
    seed_words = " ".join(SEED_TEXT.split())
    for record in dataset.papers:
        assert record.summary, record.key  # an empty summary is "in" any text
        assert " ".join(record.summary.split()) in seed_words, record.key


def test_facts_year_venue_links_and_category(dataset: Dataset) -> None:
    by_title = _by_title(dataset)
    assert len(FACTS) == 25
    for fact in FACTS:
        record = by_title[fact["seed_title"]]
        assert record.year == int(fact["year"])
        assert record.venue == fact["venue"]
        assert record.url == fact["url"]
        assert record.alt_url == (fact["alt_url"] or None)
        assert record.project_url == (fact["project_url"] or None)
        assert fact["ndif_category"].replace("_", "-") in record.tags


def test_every_tag_is_in_the_vocabulary(dataset: Dataset) -> None:
    for record in dataset.papers:
        assert record.tags, record.key
        assert set(record.tags) <= set(dataset.vocabulary), record.key


def test_every_paper_has_category_method_and_topic_tags(dataset: Dataset) -> None:
    for record in dataset.papers:
        kinds = [dataset.vocabulary[tag].kind for tag in record.tags]
        assert kinds.count("category") == 1, record.key
        assert "method" in kinds and "topic" in kinds, record.key


def test_vocabulary_has_labels_descriptions_and_required_tags(dataset: Dataset) -> None:
    required = {
        "uses-nnsight", "uses-ndif", "sparse-autoencoders", "activation-patching", "probing",
        "steering", "model-editing", "model-diffing", "attention-analysis", "logit-flow",
        "in-context-learning", "multilingual", "reasoning", "arithmetic", "theory-of-mind",
        "refusal-and-safety", "bias", "games", "state-space-models", "biology",
        "factual-recall", "emotions",
    }  # fmt: skip
    assert required <= set(dataset.vocabulary)
    for tag in dataset.vocabulary.values():
        assert tag.label and tag.description and "\n" not in tag.description


def test_tags_cover_what_their_descriptions_promise(dataset: Dataset) -> None:
    """Spot checks a reader filtering by a tag relies on."""
    expect = {
        "sparse-autoencoders": {"InterPLM", "Evaluating Open-Source Sparse Autoencoders",
                                "Steering Fine-Tuning Generalization", "Robustly identifying",
                                "Incremental Sentence Processing", "Large Language Models Share"},
        "multilingual": {"How do Llamas", "Separating Tongue", "Large Language Models Share"},
        "state-space-models": {"Locating and Editing Factual Associations in Mamba",
                               "Representation Shattering"},
        "theory-of-mind": {"Benchmarking Mental State", "Language Models Represent Beliefs"},
        "games": {"Hidden Pieces", "Evidence of Learned Look-Ahead"},
        "logit-flow": {"Back Attention"},
        "arithmetic": {"Language Models Use Trigonometry"},
        "refusal-and-safety": {"The Geometry of Refusal"},
        "model-diffing": {"Robustly identifying"},
    }  # fmt: skip
    for tag, starts in expect.items():
        titles = [dataset.records[key].title for key in dataset.by_tag[tag]]
        for start in starts:
            assert any(title.startswith(start) for title in titles), (tag, start)


def test_entry_types_and_fields_are_proper() -> None:
    from bibtexparser.entrypoint import parse_string

    library = parse_string(BUNDLED_BIB.read_text(encoding="utf-8"))
    assert not library.failed_blocks
    for entry in library.entries:
        fields = {f.key for f in entry.fields}
        if entry.entry_type == "inproceedings":
            assert "booktitle" in fields, entry.key
        elif entry.entry_type == "article":
            assert "journal" in fields, entry.key
        else:
            assert entry.entry_type == "misc"
            assert {"eprint", "archiveprefix"} <= fields, entry.key
        url = entry.fields_dict["url"].value
        if url.startswith("https://doi.org/"):
            assert entry.fields_dict["doi"].value == url.removeprefix("https://doi.org/")


def test_citation_reference_reads_as_the_seed(dataset: Dataset) -> None:
    seed_line = next(line for line in SEED_TEXT.splitlines() if line.startswith("Jaden Fried"))
    assert format_reference(dataset.records[DEFAULT_CITATION_KEY]) == seed_line


def test_citation_record_carries_intro_and_note(dataset: Dataset) -> None:
    record = dataset.records[DEFAULT_CITATION_KEY]
    assert record.intro  # an empty intro is "in" any text
    assert record.intro in SEED_TEXT
    assert record.note.startswith("In addition, when you publish work")
    assert "info@ndif.us" in record.note and record.note in SEED_TEXT


def test_shipped_in_the_wheel() -> None:
    assert Path(BUNDLED_BIB).is_file()
    assert (Path(BUNDLED_BIB).parent / "tags.toml").is_file()
