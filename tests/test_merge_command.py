"""``sphinx-ndif merge``: a pipeline list into a curated .bib, every path; and the tag
suggestions it makes from the vocabulary's match phrases."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from bibtexparser.entrypoint import parse_string

from sphinx_ndif.dataset import BUNDLED_BIB, BUNDLED_VOCABULARY, load_dataset
from sphinx_ndif.model import Origin, PaperRecord, Tag
from sphinx_ndif.sources.vocabulary import load_vocabulary
from sphinx_ndif.tag_suggestions import Suggestion, TagSuggester

from .conftest import FIXTURES, Run

LIVE = FIXTURES / "ndif-live-sample.json"


@pytest.fixture
def curated(tmp_path: Path) -> Path:
    target = tmp_path / "research.bib"
    shutil.copy(BUNDLED_BIB, target)
    return target


def pipeline(path: Path, *items: dict[str, Any]) -> Path:
    base = {"venue": "ICML 2025", "year": 2025, "category": "uses_nnsight", "description": ""}
    path.write_text(json.dumps([{**base, **item} for item in items], indent=2))
    return path


def appended(curated: Path) -> str:
    return curated.read_text(encoding="utf-8")[len(BUNDLED_BIB.read_text(encoding="utf-8")) :]


# --- the whole sample ---------------------------------------------------------------------------


def test_new_papers_are_appended_and_existing_entries_kept(run: Run, curated: Path) -> None:
    before = curated.read_text(encoding="utf-8")
    status, out, err = run("merge", LIVE, curated)
    assert status == 0 and err == ""
    after = curated.read_text(encoding="utf-8")
    assert after.startswith(before)  # never overwritten: only appended
    library = parse_string(after)
    assert not library.failed_blocks
    keys = [entry.key for entry in library.entries]
    assert len(keys) == 27 + 10 and len(set(keys)) == len(keys)
    assert out.splitlines()[0] == (
        "ndif-live-sample.json: 15 entries: 5 already in research.bib, "
        "0 repeated in ndif-live-sample.json, 10 new"
    )
    assert out.splitlines()[-1] == f"wrote {curated} (10 new entries)"
    # the written file loads back, one record per paper, without warnings
    dataset = load_dataset([curated])
    assert [p for p in dataset.problems if not p.quality] == []
    assert "minder2025overcoming" not in dataset.records  # ndif-sameas: listed once


def test_each_tag_suggestion_is_explained_above_its_entry(run: Run, curated: Path) -> None:
    run("merge", LIVE, curated)
    text = appended(curated)
    block = text[text.index("% New from ndif-live-sample.json:60") :]
    block = block[: block.index("}\n") + 2]
    assert block.splitlines()[:5] == [
        "% New from ndif-live-sample.json:60; review it, then delete these comments.",
        "% tag uses-nnsight: given by the source",
        "% tag sparse-autoencoders: title matches 'sparse autoencoder'",
        "% tag steering: title matches 'steering'",
        "% tag refusal-and-safety: summary matches 'refusal'",
    ]
    assert "% check: venue 'ICLR 2026' disagrees with year 2025" in block
    assert "@misc{lima2025steering," in block
    assert "keywords     = {uses-nnsight, sparse-autoencoders, steering, refusal-and-safety}," in (
        block
    )


def test_report_lists_conflicts_and_the_probable_renamed_paper(run: Run, curated: Path) -> None:
    status, out, _ = run("merge", LIVE, curated)
    assert status == 0
    lines = out.splitlines()
    conflicts = [line for line in lines if line.startswith("conflict: ")]
    assert len(conflicts) == 3
    assert any(
        line.startswith("conflict: 'kantamneni2025language' (research.bib:162) and 'Language "
                        "Models Use Trigonometry to Do Addition' (ndif-live-sample.json:22)")
        and "project url https://github.com/jannik-brinkmann/multilingual-features" in line
        for line in conflicts
    )  # fmt: skip
    assert any("'fiotto-kaufman2025nnsight'" in line for line in conflicts)
    assert (
        "probable duplicate: minder2025overcoming is probably 'minder2025robustly' "
        "(research.bib:57) under another title"
    ) in out
    entry = appended(curated)
    assert "ndif-sameas  = {minder2025robustly}," in entry
    assert "  check: the summary of 'mendes2025probing' is not a description" in out


def test_second_run_finds_nothing_new_and_changes_nothing(run: Run, curated: Path) -> None:
    run("merge", LIVE, curated)
    once = curated.read_bytes()
    status, out, _ = run("merge", LIVE, curated)
    assert status == 0 and curated.read_bytes() == once
    assert out.splitlines()[0].endswith(": 15 already in research.bib, 0 repeated in "
                                        "ndif-live-sample.json, 0 new")  # fmt: skip
    assert "probable duplicate" not in out and "wrote" not in out
    assert len([line for line in out.splitlines() if line.startswith("conflict: ")]) == 3


def test_output_is_deterministic(run: Run, tmp_path: Path) -> None:
    outputs = []
    for name in ("a", "b"):
        target = tmp_path / name / "research.bib"
        target.parent.mkdir()
        shutil.copy(BUNDLED_BIB, target)
        run("merge", LIVE, target)
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


# --- each path ----------------------------------------------------------------------------------


def test_existing_paper_without_conflict(run: Run, curated: Path, tmp_path: Path) -> None:
    path = pipeline(
        tmp_path / "p.json",
        {"title": "Back Attention: Understanding and Enhancing Multi-Hop Reasoning in Large "
                  "Language Models", "authors": "Zeping Yu, Yonatan Belinkov",
         "venue": "EMNLP 2025", "url": "https://arxiv.org/abs/2502.10835v2"},
    )  # fmt: skip
    before = curated.read_bytes()
    status, out, _ = run("merge", path, curated)
    assert status == 0 and curated.read_bytes() == before
    assert out == "p.json: 1 entry: 1 already in research.bib, 0 repeated in p.json, 0 new\n"


@pytest.mark.parametrize(
    ("fields", "conflict"),
    [
        ({"venue": "ICLR 2026"}, "venue 'ICLR 2026'"),
        ({"year": 2024}, "year 2024"),
        ({"url": "https://example.org/other"}, "link https://example.org/other"),
        ({"project_url": "https://github.com/x/y"}, "project url https://github.com/x/y"),
    ],
)
def test_each_kind_of_conflict(
    run: Run, curated: Path, tmp_path: Path, fields: dict[str, Any], conflict: str
) -> None:
    item = {"title": "The Dual-Route Model of Induction", "authors": "Sheridan Feucht",
            "venue": "COLM 2025", "url": "https://arxiv.org/abs/2504.03022", **fields}  # fmt: skip
    status, out, _ = run("merge", pipeline(tmp_path / "p.json", item), curated)
    (line,) = [line for line in out.splitlines() if line.startswith("conflict: ")]
    assert status == 0 and line.startswith("conflict: 'feucht2025dualroute' (research.bib:70)")
    assert line.endswith(f"p.json gives {conflict}")


def test_another_doi_is_a_conflict(run: Run, curated: Path, tmp_path: Path) -> None:
    item = {"title": "Back Attention: Understanding and Enhancing Multi-Hop Reasoning in Large "
                     "Language Models", "authors": "Zeping Yu", "venue": "EMNLP 2025",
            "url": "https://doi.org/10.1/other"}  # fmt: skip
    _, out, _ = run("merge", pipeline(tmp_path / "p.json", item), curated)
    assert "p.json gives link https://doi.org/10.1/other; DOI 10.1/other" in out


def test_renamed_paper_by_its_identifier_is_a_title_conflict(
    run: Run, curated: Path, tmp_path: Path
) -> None:
    item = {"title": "Induction Has Two Routes", "authors": "Sheridan Feucht",
            "venue": "COLM 2025", "url": "https://arxiv.org/abs/2504.03022"}  # fmt: skip
    _, out, _ = run("merge", pipeline(tmp_path / "p.json", item), curated)
    assert "(same arXiv id 2504.03022): p.json gives title 'Induction Has Two Routes'" in out


def test_new_paper_with_no_suggestion(run: Run, curated: Path, tmp_path: Path) -> None:
    item = {"title": "Notes on Something Else Entirely", "authors": "Ann Smith",
            "description": "An essay about gardening and the weather in spring."}  # fmt: skip
    status, out, _ = run("merge", pipeline(tmp_path / "p.json", item), curated)
    assert status == 0
    assert "new: smith2025notes (p.json:2): uses-nnsight (no tag suggested)" in out
    text = appended(curated)
    assert "% no tag suggested: no phrase of the vocabulary is in its title or summary" in text
    assert "keywords     = {uses-nnsight}," in text


def test_paper_listed_twice_in_the_pipeline_is_added_once(
    run: Run, curated: Path, tmp_path: Path
) -> None:
    first = {"title": "Probing Mazes", "authors": "Ann Smith", "url": "https://arxiv.org/abs/2501.00001",
             "description": "Probes for plans in maze agents, decoded several steps ahead."}  # fmt: skip
    second = {**first, "title": "Probing mazes (v2)", "project_url": "https://github.com/a/b"}
    _, out, _ = run("merge", pipeline(tmp_path / "p.json", first, second), curated)
    assert "repeated: 'Probing mazes (v2)' (p.json:11) is smith2025probing (same arXiv id " in out
    text = appended(curated)
    assert text.count("@misc{") == 1 and "ndif-projecturl = {https://github.com/a/b}" in text


def test_same_as_in_the_curated_file_is_honoured(run: Run, tmp_path: Path) -> None:
    ours = tmp_path / "ours.bib"
    ours.write_text("@misc{old, title = {Old Title}, author = {Smith, Ann}, year = 2024,\n"
                    "  ndif-sameas = {New Title}}\n")  # fmt: skip
    path = pipeline(tmp_path / "p.json", {"title": "New Title", "authors": "Ann Smith"})
    status, out, _ = run("merge", path, ours)
    assert status == 0 and ": 1 already in ours.bib" in out
    assert "declared the same paper as 'New Title'" in out  # the conflict names why


def test_output_to_another_file_or_stdout(run: Run, curated: Path, tmp_path: Path) -> None:
    before = curated.read_bytes()
    out_file = tmp_path / "merged.bib"
    status, out, _ = run("merge", LIVE, curated, "-o", out_file)
    assert status == 0 and curated.read_bytes() == before
    assert out_file.read_text(encoding="utf-8").startswith(before.decode())
    status, out, err = run("merge", LIVE, curated, "--output", "-")
    assert status == 0 and curated.read_bytes() == before
    assert out == out_file.read_text(encoding="utf-8")  # the .bib on stdout
    assert err.startswith("ndif-live-sample.json: 15 entries")  # the report on stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[\n  {"title": "x",\n', "p.json:3: error: not valid JSON"),
        ('{"a": 1}', "p.json:1: error: expected a JSON array of papers"),
    ],
)
def test_bad_pipeline_is_a_located_error_and_nothing_written(
    run: Run, curated: Path, tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "p.json"
    path.write_text(text)
    before = curated.read_bytes()
    status, out, err = run("merge", path, curated)
    assert status == 1 and out == "" and curated.read_bytes() == before
    assert f"{tmp_path}/{message}" in err
    assert err.rstrip().endswith("nothing merged: correct the errors above first")


def test_broken_curated_entry_stops_the_merge(run: Run, tmp_path: Path) -> None:
    ours = tmp_path / "ours.bib"
    ours.write_text("@misc{ok, title = {Fine}, year = 2024}\n\n@misc{broken, title = {x\n")
    before = ours.read_bytes()
    status, _, err = run("merge", LIVE, ours)
    assert status == 1 and ours.read_bytes() == before
    assert f"{ours}:3: warning: entry could not be parsed" in err


@pytest.mark.parametrize("missing", ["pipeline", "into"])
def test_missing_file_is_exit_two(run: Run, curated: Path, tmp_path: Path, missing: str) -> None:
    args = (
        [tmp_path / "nope.json", curated] if missing == "pipeline" else [LIVE, tmp_path / "no.bib"]
    )
    status, out, err = run("merge", *args)
    assert status == 2 and out == "" and "data file not found:" in err


def test_into_must_be_bibtex(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "list.json"
    shutil.copy(LIVE, target)
    status, _, err = run("merge", LIVE, target)
    assert status == 2 and "is not a .bib file" in err


def test_warnings_of_the_pipeline_are_shown_and_the_merge_goes_on(
    run: Run, curated: Path, tmp_path: Path
) -> None:
    path = pipeline(tmp_path / "p.json", {"title": "Linked Badly", "authors": "Ann Smith",
                                          "url": "javascript:alert(1)"})  # fmt: skip
    status, out, err = run("merge", path, curated)
    assert status == 0 and "p.json:2: warning: url 'javascript:alert(1)'" in err
    assert "new: smith2025linked (p.json:2)" in out
    assert "javascript" not in appended(curated)


# --- the suggestions ----------------------------------------------------------------------------


def record(title: str, summary: str = "", tags: tuple[str, ...] = ()) -> PaperRecord:
    return PaperRecord(
        "k", "misc", title, (), 2025, "", Origin("p.json", 2), summary=summary, tags=tags
    )


def test_bundled_vocabulary_has_phrases_and_loads_clean() -> None:
    vocabulary, problems = load_vocabulary(BUNDLED_VOCABULARY)
    assert problems == []
    assert "sparse autoencoder" in vocabulary["sparse-autoencoders"].match
    assert all(tag.match for tag in vocabulary.values() if tag.kind != "category")


@pytest.mark.parametrize(
    ("title", "summary", "expected"),
    [
        ("Sparse Autoencoders Find Features", "", [("sparse-autoencoders",
                                                    "title matches 'sparse autoencoder'")]),
        ("In Context Learning of Grids", "", [("in-context-learning",
                                               "title matches 'in-context learning'")]),
        ("Chess", "We use linear probes.", [("probing", "summary matches 'probe'"),
                                            ("games", "title matches 'chess'")]),
        ("SAEs everywhere", "", [("sparse-autoencoders", "title matches 'SAE'")]),
        ("Saeculum and probabilities", "", []),  # whole words only
        ("Probability theory", "", []),
    ],
)  # fmt: skip
def test_suggestions(title: str, summary: str, expected: list[tuple[str, str]]) -> None:
    vocabulary, _ = load_vocabulary(BUNDLED_VOCABULARY)
    found = TagSuggester(vocabulary).suggest(record(title, summary))
    assert [(s.tag, s.reason) for s in found] == expected


def test_tags_a_record_has_are_not_suggested_again() -> None:
    vocabulary, _ = load_vocabulary(BUNDLED_VOCABULARY)
    suggester = TagSuggester(vocabulary)
    assert suggester.suggest(record("Chess", tags=("games",))) == []


def test_suggestions_follow_vocabulary_and_phrase_order() -> None:
    vocabulary = {
        "b": Tag("b", "B", "topic", "", ("zeta", "alpha")),
        "a": Tag("a", "A", "topic", "", ("alpha",)),
    }
    found = TagSuggester(vocabulary).suggest(record("alpha zeta"))
    assert found == [
        Suggestion("b", "title matches 'zeta'"),
        Suggestion("a", "title matches 'alpha'"),
    ]


@pytest.mark.parametrize("match", ['"one phrase"', "[1, 2]", '[""]'])
def test_bad_match_is_a_located_vocabulary_problem(tmp_path: Path, match: str) -> None:
    path = tmp_path / "tags.toml"
    path.write_text(f'[tags.x]\nlabel = "X"\nkind = "topic"\ndescription = "d"\nmatch = {match}\n')
    tags, problems = load_vocabulary(path)
    (problem,) = problems
    assert problem.subtype == "bad-vocabulary" and problem.origin.line == 1
    assert tags["x"].match == ()  # the tag itself still loads


def test_suggestions_agree_with_the_curated_tags_of_the_bundled_papers() -> None:
    """The guide's figures (example_docs/data/vocabulary.rst): the phrases suggest 80 of the
    95 method and topic tags of the bundled papers, and only 2 tags those papers do not have."""
    import dataclasses

    dataset = load_dataset([BUNDLED_BIB])
    suggester = TagSuggester(dataset.vocabulary)
    right = wrong = missed = 0
    for paper in dataset.papers:
        curated = {t for t in paper.tags if dataset.vocabulary[t].kind != "category"}
        found = {s.tag for s in suggester.suggest(dataclasses.replace(paper, tags=()))}
        right, wrong, missed = (
            right + len(found & curated),
            wrong + len(found - curated),
            missed + len(curated - found),
        )
    assert (right, wrong, missed) == (80, 2, 15)
    page = Path(__file__).parents[1] / "example_docs" / "data" / "vocabulary.rst"
    text = " ".join(page.read_text(encoding="utf-8").split())
    suggested, curated = right + wrong, right + missed
    assert f"suggest {round(100 * right / suggested)}% right ({right} of {suggested})" in text
    assert f"find {round(100 * right / curated)}% ({right} of {curated})" in text
