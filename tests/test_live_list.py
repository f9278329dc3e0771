"""NDIF's live research list merged with the bundled data: settled merges are findings,
curated records keep their links, and ``check`` finds what the list gets wrong.

``fixtures/ndif-live-sample.json`` reproduces each case met in the live list (see the
comments of the test that lists them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sphinx_ndif.checks import arxiv_year, check_record, is_initials
from sphinx_ndif.dataset import BUNDLED_BIB, DEFAULT_CITATION_KEY, Dataset, load_dataset
from sphinx_ndif.export import to_ris
from sphinx_ndif.html.metadata import highwire_tags, scholarly_article
from sphinx_ndif.model import Level, Origin, PaperRecord, Problem
from sphinx_ndif.sources.json_formats import element_lines
from sphinx_ndif.warnings import NdifWarning

from .conftest import FIXTURES, Build, find

LIVE = FIXTURES / "ndif-live-sample.json"
_ELEMENTS = json.loads(LIVE.read_text(encoding="utf-8"))
_LINES = dict(
    zip((item["title"] for item in _ELEMENTS), element_lines(LIVE.read_text()), strict=True)
)


def line_of(title: str) -> int:
    return _LINES[title]


@pytest.fixture(scope="module")
def live() -> Dataset:
    return load_dataset([BUNDLED_BIB, LIVE])


def findings(dataset: Dataset, subtype: str) -> list[Problem]:
    return [problem for problem in dataset.problems if problem.subtype == subtype]


def at(dataset: Dataset, subtype: str) -> set[int]:
    return {problem.origin.line for problem in findings(dataset, subtype)}


# --- each case of the live list ---------------------------------------------------------------

CASES = [
    # a bundled paper again, same arXiv link / lower-case title: merged by the rules
    ("Back Attention: Understanding and Enhancing Multi-Hop Reasoning in Large Language Models",
     "merged-duplicate"),
    ("the dual-route model of induction", "merged-duplicate"),
    # a link the curated entry does not have: not taken, reported
    ("the dual-route model of induction", "link-not-taken"),
    ("Language Models Use Trigonometry to Do Addition", "link-not-taken"),
    # ... and that link is another paper's repository
    ("Language Models Use Trigonometry to Do Addition", "shared-project-url"),
    # the NNsight paper itself: the citation record takes nothing
    ("NNsight and NDIF: Democratizing Access to Foundation Model Internals", "citation-kept"),
    # a paper renamed since its preprint: listed twice, found by check
    ("Overcoming Sparsity Artifacts in Crosscoders to Interpret Chat-Tuning", "probable-duplicate"),
    ("Fine-Tuning Enhances Existing Mechanisms: A Case Study on Entity Tracking",
     "probable-duplicate"),
    # venue naming another year; refusals and requests; truncated venue
    ("Steering Vectors Found by Contrasting Sparse Autoencoder Latents", "venue-year"),
    ("Probing Chess Engines for Board State", "not-a-summary"),
    ("Attention Heads That Count", "not-a-summary"),
    ("Emotion Directions in Chat Models", "not-a-summary"),
    ("Garden Path Sentences and Incremental Parsing in Transformers", "truncated-venue"),
    # initials where the data has full names; year 0
    ("Fine-tuning enhances existing mechanisms: entity tracking", "initials-only"),
    ("Fine-tuning enhances existing mechanisms: entity tracking", "missing-year"),
    # an arXiv id later than the year; an ArXiv venue on another site's link
    ("Linear Probes for Planning in Maze Agents", "arxiv-year"),
    ("Multilingual Features Shared Across Scripts", "venue-link"),
]  # fmt: skip


@pytest.mark.parametrize(("title", "subtype"), CASES)
def test_check_finds_each_case_at_its_entry(live: Dataset, title: str, subtype: str) -> None:
    assert line_of(title) in at(live, subtype)


def test_every_finding_of_the_sample_is_one_of_the_cases(live: Dataset) -> None:
    expected = {(line_of(title), subtype) for title, subtype in CASES}
    found = {(p.origin.line, p.subtype) for p in live.problems}
    # The other merges (minder, the NNsight paper) are settled merges too.
    extra = {(line, subtype) for line, subtype in found - expected if subtype != "merged-duplicate"}
    assert extra == set()
    assert all(problem.quality for problem in live.problems)


def test_settled_merges_list_each_paper_once(live: Dataset) -> None:
    titles = [record.title for record in live.papers]
    assert len(titles) == 25 + len(_ELEMENTS) - 5  # 5 entries are bundled papers or citations
    assert titles.count("Back Attention: Understanding and Enhancing Multi-Hop Reasoning in "
                        "Large Language Models") == 1  # fmt: skip
    assert "the dual-route model of induction" not in titles
    assert not any(title.startswith("NNsight and NDIF") for title in titles)


def test_merge_messages_say_which_record_came_from_where(live: Dataset) -> None:
    (message,) = [
        p.message
        for p in findings(live, "merged-duplicate")
        if p.origin.line == line_of("Back Attention: Understanding and Enhancing Multi-Hop "
                                    "Reasoning in Large Language Models")
    ]  # fmt: skip
    assert message == (
        "this entry ('Back Attention: Understanding and Enhancing Multi-Hop Reasoning in La…') "
        "is the paper 'yu2025back' of bundled ndif.bib:147 (same arXiv id 2502.10835): "
        "listed once, as 'yu2025back'"
    )
    for problem in findings(live, "merged-duplicate"):
        assert "ndif-live-sample.json" in problem.origin.path
        assert "bundled ndif.bib:" in problem.message


def test_probable_duplicate_names_the_other_and_how_to_say_so(live: Dataset) -> None:
    line = line_of("Overcoming Sparsity Artifacts in Crosscoders to Interpret Chat-Tuning")
    (problem,) = [p for p in findings(live, "probable-duplicate") if p.origin.line == line]
    assert "'minder2025robustly' of bundled ndif.bib:57" in problem.message
    assert "same authors" in problem.message and "related titles" in problem.message
    assert "venue 'arXiv 2025' on 'minder2025robustly'" in problem.message
    assert problem.message.endswith('say so with "same_as": "minder2025robustly"')
    line = line_of("Fine-Tuning Enhances Existing Mechanisms: A Case Study on Entity Tracking")
    (problem,) = [p for p in findings(live, "probable-duplicate") if p.origin.line == line]
    assert "no year on 'Fine-tuning enhances existing mechanisms: entity tracking'" in (
        problem.message
    )


def test_initials_only_names_the_full_name_and_where(live: Dataset) -> None:
    messages = [p.message for p in findings(live, "initials-only")]
    assert (
        "author 'N Prakash' is given by initials only; the data also has 'Nikhil Prakash' "
        "(bundled ndif.bib:29)"
    ) in messages
    assert any("'Y Belinkov'" in m and "'Yonatan Belinkov'" in m for m in messages)


def test_no_check_no_findings_and_no_pair_comparison() -> None:
    dataset = load_dataset([BUNDLED_BIB, LIVE], check=False)
    assert [p for p in dataset.problems if p.subtype in {"probable-duplicate", "initials-only",
                                                         "venue-year"}] == []  # fmt: skip
    assert findings(dataset, "merged-duplicate")  # merges are still recorded, as findings
    assert all(p.quality for p in dataset.problems)


# --- builds -------------------------------------------------------------------------------------

PAGE = "Research\n========\n\n.. ndif-papers::\n   :show: venue\n"


def test_strict_build_passes_with_only_settled_merges(build: Build) -> None:
    built = build(
        {"index.rst": PAGE, "live.json": LIVE.read_text(encoding="utf-8")},
        conf='ndif_data_files = ["live.json"]\n',
        warningiserror=True,
    )
    assert built.warnings == ""
    text = built.doctree().astext()
    assert "ICLR 2026" in text and "ICLR 2026 2025" not in text
    assert "Proceedings of the 14th … 2025" in text
    assert text.count("Back Attention") == 1


def test_check_data_build_shows_the_findings(build: Build) -> None:
    built = build(
        {"index.rst": PAGE, "live.json": LIVE.read_text(encoding="utf-8")},
        conf='ndif_data_files = ["live.json"]\nndif_check_data = True\n',
    )
    subtypes = {line.rsplit("[", 1)[1].rstrip("]") for line in built.warning_lines}
    assert {"ndif.merged-duplicate", "ndif.probable-duplicate", "ndif.not-a-summary",
            "ndif.link-not-taken", "ndif.citation-kept"} <= subtypes  # fmt: skip


def test_what_the_rules_cannot_settle_still_warns(build: Build, tmp_path: Path) -> None:
    """One entry with the DOI of one bundled paper and the arXiv id of another."""
    files = {
        "index.rst": PAGE,
        "mixed.bib": "@article{mixed, title = {Mixed}, author = {Ann Smith}, year = 2025,\n"
        "  doi = {10.18653/v1/2025.emnlp-main.567}, eprint = {2502.00873},\n"
        "  archiveprefix = {arXiv}}\n",
    }
    built = build(files, conf='ndif_data_files = ["mixed.bib"]\n')
    (line,) = built.warning_lines
    assert line.endswith("[ndif.ambiguous-duplicate]") and "mixed.bib:1:" in line
    assert "'yu2025back' (bundled ndif.bib:147, same DOI" in line
    assert "'kantamneni2025language' (bundled ndif.bib:162, same arXiv id 2502.00873)" in line


# --- the venue is shown as written --------------------------------------------------------------


def paper(**fields: object) -> PaperRecord:
    values: dict[str, object] = {
        "key": "k", "entry_type": "misc", "title": "T", "authors": (), "year": 2025,
        "venue": "", "origin": Origin("x.json", 3),
    }  # fmt: skip
    values.update(fields)
    return PaperRecord(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("venue", "year", "shown"),
    [
        ("ICLR 2026", 2025, "ICLR 2026"),
        ("NeurIPS2024", 2025, "NeurIPS2024"),
        ("Proceedings of the 1999 Workshop", 2000, "Proceedings of the 1999 Workshop"),
        ("Findings of EMNLP 2025", 2025, "Findings of EMNLP 2025"),
        ("ICML", 2024, "ICML 2024"),
        ("Volume 12345 of Notes", 2024, "Volume 12345 of Notes 2024"),
        ("", 2024, "2024"),
        ("ICML", None, "ICML"),
    ],
)
def test_venue_with_year(venue: str, year: int | None, shown: str) -> None:
    assert paper(venue=venue, year=year).venue_with_year == shown


# --- the checks, member by member ---------------------------------------------------------------


def subtypes(record: PaperRecord) -> set[str]:
    return {problem.subtype for problem in check_record(record, ())}


@pytest.mark.parametrize(
    "summary",
    [
        "Unfortunately, you haven't provided the abstract text. Please provide it.",
        "Sure! Here is a summary: the paper studies attention.",
        "Certainly, here's a two-sentence summary of the paper on probing.",
        "Here is a brief summary of the work on sparse autoencoders and features.",
        "I'm sorry, but I cannot find this paper in the sources available to me today.",
        "I am unable to access external links, so I summarise the title only here.",
        "As an AI developed to help, I do not browse the web to read papers for you.",
        "As a large language model I do not have the text of this specific paper.",
        "It seems that the text of the abstract is missing from your message, sadly.",
        "The abstract was not provided, so no summary of the method can be given.",
        "Could you please provide the abstract so that I can summarise the paper?",
        "Based on the title alone, this paper probably studies steering of models.",
        "Summary: a study of steering vectors in chat models and their limits.",
        "[Insert summary of the paper here once the abstract is available to us]",
        "We study probing of hidden states. I hope this helps with your research list!",
        "N/A",
    ],
)
def test_not_a_summary_in_many_wordings(summary: str) -> None:
    assert "not-a-summary" in subtypes(paper(summary=summary))


@pytest.mark.parametrize(
    "summary",
    [
        "Unfortunately, current probes fail to recover board state beyond the tenth move.",
        "Here we show that steering vectors transfer across model sizes and languages.",
        "Shows that models apologize less after fine-tuning on refusal data, and why.",
    ],
)
def test_real_summaries_are_not_flagged(summary: str) -> None:
    assert "not-a-summary" not in subtypes(paper(summary=summary))


def test_bundled_summaries_are_summaries() -> None:
    dataset = load_dataset([BUNDLED_BIB])
    for record in dataset.records.values():
        assert "not-a-summary" not in subtypes(record), record.key


@pytest.mark.parametrize(
    ("venue", "url", "expected"),
    [
        ("ArXiv 2025", "https://aclanthology.org/x", True),
        ("arXiv preprint arXiv:2501.1", "https://openreview.net/forum?id=x", True),
        ("ArXiv", "https://www.biorxiv.org/content/x", True),
        ("ArXiv 2025", "https://arxiv.org/abs/2501.00001", False),
        ("ArXiv 2025", "https://export.arxiv.org/abs/2501.00001", False),
        ("ACL 2025", "https://aclanthology.org/x", False),
        ("ArXiv 2025", None, False),
    ],
)
def test_arxiv_venue_with_another_link(venue: str, url: str | None, expected: bool) -> None:
    assert ("venue-link" in subtypes(paper(venue=venue, url=url))) is expected


@pytest.mark.parametrize(
    ("venue", "expected"),
    [
        ("Proceedings of the 14th … 2025", True),
        ("Proceedings of the 63rd Annual Meeting of the...", True),
        ("Proceedings of the 2025 Conference of the", True),
        ("Findings of the Association for Computational Linguistics:", True),
        ("Advances in Neural Information Processing Systems &", True),
        ("Findings of the Association for Computational Linguistics: EMNLP 2025", False),
        ("ICLR 2025 Workshop on Building Trust in Language Models and Applications", False),
    ],
)
def test_truncated_venue(venue: str, expected: bool) -> None:
    assert ("truncated-venue" in subtypes(paper(venue=venue, year=None))) is expected


@pytest.mark.parametrize(
    ("arxiv", "year", "venue", "url", "expected"),
    [
        ("2503.01234", 2024, "ArXiv 2024", "https://arxiv.org/abs/2503.01234", True),
        ("2503.01234", 2024, "", "https://example.org/x", True),  # no venue: the preprint
        ("cs/0112017", 1999, "arXiv", None, True),
        ("2503.01234", 2025, "ArXiv 2025", "https://arxiv.org/abs/2503.01234", False),
        ("2412.00001", 2025, "ICLR 2025", "https://arxiv.org/abs/2412.00001", False),
        # published in 2024, put on arXiv in 2025: normal (the bundled zhao2024emergence)
        ("2507.10599", 2024, "NeurIPS 2024 Workshop", "https://openreview.net/x", False),
    ],
)
def test_arxiv_id_later_than_year(
    arxiv: str, year: int, venue: str, url: str | None, expected: bool
) -> None:
    record = paper(arxiv_id=arxiv, year=year, venue=venue, url=url)
    assert ("arxiv-year" in subtypes(record)) is expected


def test_arxiv_year_of_old_and_new_ids() -> None:
    assert arxiv_year("2502.10297") == 2025
    assert arxiv_year("0704.0001") == 2007
    assert arxiv_year("hep-th/9901001") == 1999
    assert arxiv_year("math.GT/0309136") == 2003
    assert arxiv_year("nonsense") is None


@pytest.mark.parametrize(
    ("given", "expected"),
    [("N", True), ("N.", True), ("J. R.", True), ("JR", True), ("J.-P.", True),
     ("Nikhil", False), ("Li", False), ("Yu", False), ("Tamar Rott", False), ("", False)],
)  # fmt: skip
def test_initials(given: str, expected: bool) -> None:
    assert is_initials(given) is expected


# --- probable duplicates, signal by signal ------------------------------------------------------


def pipeline(tmp_path: Path, *items: dict[str, object]) -> Path:
    path = tmp_path / "p.json"
    base = {"venue": "ICML 2024", "year": 2024, "category": "uses_nnsight", "description": ""}
    path.write_text(json.dumps([{**base, **item} for item in items], indent=1))
    return path


def test_same_authors_and_unrelated_work_is_not_a_duplicate(tmp_path: Path) -> None:
    path = pipeline(
        tmp_path,
        {"title": "Token Erasure in Language Models", "authors": "Sheridan Feucht, David Bau",
         "description": "Finds that information about previous tokens is erased early."},
        {"title": "Concept Induction Heads", "authors": "S Feucht, D Bau",
         "description": "Identifies heads that copy whole words in translation tasks."},
    )  # fmt: skip
    assert findings(load_dataset([path]), "probable-duplicate") == []


def test_initials_and_full_names_are_the_same_authors(tmp_path: Path) -> None:
    path = pipeline(
        tmp_path,
        {"title": "Entity tracking after fine-tuning", "authors": "Nikhil Prakash, Tamar Shaham",
         "description": "Fine-tuning enhances the entity tracking circuit of the base model."},
        {"title": "Fine-tuning and entity tracking circuits", "authors": "N Prakash, T Shaham",
         "venue": "ArXiv", "year": 0,
         "description": "Fine-tuning enhances the entity tracking circuit of the base model."},
    )  # fmt: skip
    (problem,) = findings(load_dataset([path]), "probable-duplicate")
    assert "near-identical descriptions" in problem.message and "no year on" in problem.message


def test_other_initials_are_other_people(tmp_path: Path) -> None:
    path = pipeline(
        tmp_path,
        {"title": "Entity tracking after fine-tuning", "authors": "Nikhil Prakash, Tamar Shaham"},
        {"title": "Entity tracking after fine-tuning methods", "authors": "M Prakash, R Shaham",
         "venue": "ArXiv"},
    )  # fmt: skip
    assert findings(load_dataset([path]), "probable-duplicate") == []


def test_two_arxiv_papers_are_two_papers(tmp_path: Path) -> None:
    path = pipeline(
        tmp_path,
        {"title": "Sparse feature circuits", "authors": "Samuel Marks, Can Rager",
         "url": "https://arxiv.org/abs/2403.19647"},
        {"title": "Sparse feature circuits in chat models", "authors": "Samuel Marks, Can Rager",
         "url": "https://arxiv.org/abs/2501.00001", "venue": "ArXiv 2025", "year": 2025},
    )  # fmt: skip
    assert findings(load_dataset([path]), "probable-duplicate") == []


def test_entries_of_one_keyed_file_are_not_compared(tmp_path: Path) -> None:
    bib = tmp_path / "a.bib"
    bib.write_text(
        "@misc{a, title = {Entity Tracking}, author = {Prakash, Nikhil}, year = 2024,"
        " annotation = {Same words in both summaries here.}}\n"
        "@misc{b, title = {Entity Tracking Revisited}, author = {Prakash, Nikhil}, year = 0,"
        " annotation = {Same words in both summaries here.}}\n"
    )
    assert findings(load_dataset([bib]), "probable-duplicate") == []


# --- the data says two records are one paper ----------------------------------------------------


def test_same_as_in_pipeline_merges_a_renamed_paper(tmp_path: Path) -> None:
    path = pipeline(
        tmp_path,
        {"title": "Overcoming Sparsity Artifacts in Crosscoders to Interpret Chat-Tuning",
         "authors": "Julian Minder, Clément Dumas", "venue": "NeurIPS 2025", "year": 2025,
         "url": "https://openreview.net/forum?id=x", "same_as": "minder2025robustly"},
    )  # fmt: skip
    dataset = load_dataset([BUNDLED_BIB, path])
    assert "minder2025overcoming" not in dataset.records
    record = dataset.records["minder2025robustly"]
    assert record.title.startswith("Robustly identifying")  # the curated record is kept
    assert record.alt_url == "https://doi.org/10.32388/r3sz5u"  # and its links
    (merged,) = findings(dataset, "merged-duplicate")
    assert "declared the same paper as 'minder2025robustly'" in merged.message
    assert findings(dataset, "probable-duplicate") == []


def test_ndif_sameas_names_a_title_loaded_later(tmp_path: Path) -> None:
    bib = tmp_path / "ours.bib"
    bib.write_text(
        "@misc{ours, title = {Old Title}, author = {Doe, Jane}, year = 2024,\n"
        "  ndif-sameas = {Some other key; new title: renamed!}}\n"
    )
    path = pipeline(tmp_path, {"title": "New Title: Renamed", "authors": "Jane Doe",
                               "image": "/images/new.png"})  # fmt: skip
    dataset = load_dataset([bib, path])
    assert list(dataset.records) == ["ours"]
    assert dataset.records["ours"].image == "/images/new.png"  # not a link: taken
    (unknown,) = findings(dataset, "unknown-same-as")
    assert unknown.quality and "'Some other key'" in unknown.message


def test_same_as_merges_even_entries_of_one_keyed_file(tmp_path: Path) -> None:
    bib = tmp_path / "ours.bib"
    bib.write_text(
        "@misc{a, title = {A}, author = {Doe, Jane}, year = 2024}\n"
        "@misc{b, title = {B}, author = {Doe, Jane}, year = 2025, ndif-sameas = {a},"
        " ndif-projecturl = {https://github.com/x/y}}\n"
    )
    dataset = load_dataset([bib])
    assert list(dataset.records) == ["a"]
    assert dataset.records["a"].project_url == "https://github.com/x/y"  # same rank: taken


def test_bad_same_as_is_a_located_bad_field(tmp_path: Path) -> None:
    path = pipeline(tmp_path, {"title": "T", "authors": "A B", "same_as": 5})
    dataset = load_dataset([path])
    (problem,) = findings(dataset, "bad-field")
    assert problem.origin.line == 2 and "same_as" in problem.message


# --- curated records stay curated (issue 11.5) --------------------------------------------------

SHARED_ARXIV = """@inproceedings{other2024nnsight,
  author = {Someone, Else},
  title = {A Different Take on Model Internals},
  booktitle = {Some Venue},
  year = {2024},
  eprint = {2407.14561},
  archiveprefix = {arXiv},
  doi = {10.9999/forged},
  url = {https://example.org/forged},
  ndif-alturl = {https://example.org/forged-other},
  ndif-projecturl = {https://github.com/forged/repo},
  abstract = {A forged abstract that must never reach the official citation.},
  keywords = {probing, steering}
}
"""


def test_citation_record_takes_nothing_from_an_entry_sharing_its_arxiv_id(
    tmp_path: Path,
) -> None:
    other = tmp_path / "other.bib"
    other.write_text(SHARED_ARXIV)
    alone = load_dataset([BUNDLED_BIB]).records[DEFAULT_CITATION_KEY]
    dataset = load_dataset([BUNDLED_BIB, other])
    record = dataset.records[DEFAULT_CITATION_KEY]
    assert record == alone
    assert (record.doi, record.project_url, record.summary, record.tags) == (None, None, "", ())
    assert highwire_tags(record) == highwire_tags(alone)
    assert scholarly_article(record) == scholarly_article(alone)
    assert to_ris([record]) == to_ris([alone])
    (kept,) = findings(dataset, "citation-kept")
    assert kept.quality and kept.origin.path == str(other)
    assert "doi" not in kept.message  # named as a maintainer says it
    for part in ("DOI 10.9999/forged", "project url https://github.com/forged/repo",
                 "its summary", "tags probing, steering"):  # fmt: skip
        assert part in kept.message


def test_citation_page_output_unchanged_by_the_other_entry(build: Build) -> None:
    page = {"index.rst": "Cite\n====\n\n.. ndif-citation::\n   :formats: bibtex, apa\n"}
    plain = build(page)
    with_other = build(
        {**page, "other.bib": SHARED_ARXIV}, conf='ndif_data_files = ["other.bib"]\n'
    )
    for built in (plain, with_other):
        assert built.warnings == ""
    head = [str(tag) for tag in plain.html().find_all("meta") if "citation_" in str(tag)]
    assert head and head == [
        str(tag) for tag in with_other.html().find_all("meta") if "citation_" in str(tag)
    ]
    for soup in (plain.html(), with_other.html()):
        assert "forged" not in str(soup)
    assert [n.astext() for n in find(plain.doctree(), "ndif-citation")] == [
        n.astext() for n in find(with_other.doctree(), "ndif-citation")
    ]


def test_no_link_from_a_lower_ranked_source(tmp_path: Path) -> None:
    """The bundled data outranks a user's BibTeX, which outranks the pipeline."""
    bib = tmp_path / "ours.bib"
    bib.write_text(
        "@inproceedings{ours, title = {Back Attention}, author = {Yu, Zeping}, year = 2025,\n"
        "  doi = {10.18653/v1/2025.emnlp-main.567},\n"
        "  ndif-projecturl = {https://github.com/ours/back}, annotation = {Ours.}}\n"
        "@misc{mine, title = {Mine}, author = {Doe, Jane}, year = 2024}\n"
    )
    path = pipeline(tmp_path, {"title": "Mine", "authors": "Jane Doe",
                               "url": "https://example.org/mine",
                               "project_url": "https://github.com/x/mine",
                               "description": "A summary long enough to be taken as one."})  # fmt: skip
    dataset = load_dataset([BUNDLED_BIB, bib, path])
    back = dataset.records["yu2025back"]
    assert back.project_url is None and "ours" not in dataset.records
    mine = dataset.records["mine"]
    assert (mine.url, mine.project_url, mine.alt_url) == (None, None, None)
    assert mine.summary == "A summary long enough to be taken as one."  # not a link: taken
    refused = {p.origin.path: p.message for p in findings(dataset, "link-not-taken")}
    assert "project url https://github.com/ours/back" in refused[str(bib)]
    assert "'yu2025back' (bundled ndif.bib:147)" in refused[str(bib)]
    assert "link https://example.org/mine" in refused[str(path)]
    assert all(p.level is Level.WARNING and p.quality for p in dataset.problems)


def test_every_subtype_of_these_cases_is_documented() -> None:
    """Each subtype is in the register the guide's warnings page is made from."""
    documented = {"ambiguous-duplicate", "unknown-same-as", "merged-duplicate"}
    for subtype in documented | {subtype for _, subtype in CASES}:
        assert subtype in {warning.value for warning in NdifWarning}, subtype


def test_same_as_survives_convert(tmp_path: Path) -> None:
    from sphinx_ndif.cli import main

    path = pipeline(tmp_path, {"title": "New Title", "authors": "Ann Smith",
                               "same_as": ["old2024title", "A {Braced} Title"]})  # fmt: skip
    out = tmp_path / "out.bib"
    assert main(["convert", str(path), "-o", str(out)]) == 0
    text = " ".join(out.read_text(encoding="utf-8").split())
    assert "ndif-sameas = {old2024title; A \\{Braced\\} Title}," in text
    dataset = load_dataset([out])
    (record,) = dataset.records.values()
    assert record.same_as == ("old2024title", "A {Braced} Title")


def test_initials_within_one_keyed_file_are_its_choice(tmp_path: Path) -> None:
    bib = tmp_path / "ours.bib"
    bib.write_text(
        "@misc{a, title = {A}, author = {Knuth, D. E.}, year = 1984}\n"
        "@misc{b, title = {B}, author = {Knuth, Donald E.}, year = 1986}\n"
    )
    assert findings(load_dataset([bib]), "initials-only") == []
    other = pipeline(tmp_path, {"title": "C", "authors": "D Knuth"})
    (problem,) = findings(load_dataset([bib, other]), "initials-only")
    assert problem.origin.path == str(other)
    assert "'Donald E. Knuth' (ours.bib:2)" in problem.message


def test_same_as_may_name_a_title_merged_away(tmp_path: Path) -> None:
    path = pipeline(
        tmp_path,
        {"title": "the dual-route model of induction!", "authors": "Sheridan Feucht"},
        {"title": "Induction, two routes", "authors": "Sheridan Feucht",
         "same_as": "The dual-route model of induction"},
    )  # fmt: skip
    dataset = load_dataset([BUNDLED_BIB, path])
    assert [r.title for r in dataset.papers].count("The Dual-Route Model of Induction") == 1
    assert not any(r.title == "Induction, two routes" for r in dataset.papers)
    assert findings(dataset, "unknown-same-as") == []


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("other.json", json.dumps([{
            "id": "other", "type": "article-journal", "title": "Something Else",
            "author": [{"family": "Else", "given": "Some"}], "issued": {"date-parts": [[2024]]},
            "URL": "https://arxiv.org/abs/2407.14561v3", "DOI": "10.9999/forged",
            "abstract": "A forged abstract.", "keyword": "probing"}])),
        ("live.json", json.dumps([{
            "title": "NNsight and NDIF: Democratizing Access to Foundation Model Internals",
            "authors": "J Fiotto-Kaufman", "venue": "ArXiv", "year": 0,
            "url": "https://doi.org/10.9999/forged", "description": "A forged summary here.",
            "category": "uses_ndif", "project_url": "https://github.com/forged/repo"}])),
        ("CITATION.cff", "cff-version: 1.2.0\ntitle: 'NNsight and NDIF: Democratizing Access to "
            "Foundation Model Internals'\nauthors:\n  - family-names: Fiotto-Kaufman\n"
            "    given-names: Jaden Fried\ndoi: 10.9999/forged\nabstract: A forged abstract.\n"
            "keywords: [probing]\nurl: https://example.org/forged\n"),
    ],
)  # fmt: skip
def test_citation_records_take_nothing_from_any_format(
    tmp_path: Path, name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    alone = load_dataset([BUNDLED_BIB])
    dataset = load_dataset([BUNDLED_BIB, path])
    for key in (DEFAULT_CITATION_KEY, "fiotto-kaufman2024nnsight"):
        assert dataset.records[key] == alone.records[key]
    assert findings(dataset, "citation-kept")


def test_a_made_up_key_colliding_with_another_record_costs_it_nothing(tmp_path: Path) -> None:
    """The pipeline's made-up key 'smith2024probing' is the key of an unrelated entry: the
    merge of the pipeline entry with another paper must leave that entry findable."""
    bib = tmp_path / "a.bib"
    bib.write_text(
        "@misc{smith2024probing, title = {Probing One}, author = {Smith, Ann}, year = 2024,"
        " doi = {10.1/one}}\n"
        "@misc{other, title = {Something}, author = {Doe, Jane}, year = 2024,"
        " doi = {10.1/two}}\n"
    )
    path = pipeline(
        tmp_path,
        {"title": "Probing Two", "authors": "Ann Smith", "url": "https://doi.org/10.1/two"},
        {"title": "Probing One again", "authors": "Bob Smith", "url": "https://doi.org/10.1/one"},
    )
    dataset = load_dataset([bib, path])
    assert sorted(dataset.records) == ["other", "smith2024probing"]
    assert len(findings(dataset, "merged-duplicate")) == 2


def test_a_project_url_two_papers_give(tmp_path: Path) -> None:
    bib = tmp_path / "a.bib"
    bib.write_text(
        "@misc{a, title = {A}, year = 2024, ndif-projecturl = {https://github.com/x/a}}\n"
        "@misc{b, title = {B}, year = 2024, ndif-projecturl = {https://github.com/x/a/}}\n"
        "@misc{c, title = {C}, year = 2024, ndif-projecturl = {https://github.com/x/c}}\n"
    )
    (problem,) = findings(load_dataset([bib]), "shared-project-url")
    assert problem.origin.line == 2 and "also that of 'a' (a.bib:1)" in problem.message
