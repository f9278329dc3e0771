"""Real bibliographies, read whole: TUGboat's (4,839 entries) and biblatex's own examples,
and for titles and names seven more of Nelson Beebe's (3,900 entries).

Every displayed title and name is compared with an independent reading (pybtex splits
the file and the names, pylatexenc decodes the LaTeX; tests/corpus/reference.py); the
exported BibTeX read by pandoc is compared with our CSL-JSON, and our RIS read by
bibutils with what we wrote (tests/corpus/readers.py). A difference fails the test
unless tests/corpus/expected-differences.toml lists it, with its reason; an entry of
that file that no longer matches anything fails too, so the list stays true.

The corpora come from Debian's texlive-bibtex-extra, fetched once into
benchmarks/.cache (``python benchmarks/real_bib.py``; .ci/run does it first). A corpus
that cannot be fetched fails the test: it is never skipped.
"""

from __future__ import annotations

import fnmatch
import importlib.util
import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path

import pytest

from sphinx_ndif.model import PaperRecord
from sphinx_ndif.sources.bibtex import load_bibtex

from .corpus.readers import bibutils_differences, pandoc_differences
from .corpus.reference import read_reference

pytestmark = pytest.mark.corpus

CORPORA = ("tugboat.bib", "biblatex-examples.bib")
# Read against the reference too (titles and names): the same classes of LaTeX and
# names in other hands. Their exports are not run through pandoc and bibutils.
MORE_CORPORA = ("texbook1.bib", "texbook2.bib", "texbook3.bib", "font.bib", "typeset.bib",
                "texgraph.bib", "printing-history.bib")  # fmt: skip
EXPECTED = Path(__file__).parent / "corpus" / "expected-differences.toml"
REAL_BIB = Path(__file__).parents[1] / "benchmarks" / "real_bib.py"

Difference = tuple[str, str, object, object]


def _fetch(name: str) -> Path:
    spec = importlib.util.spec_from_file_location("real_bib", REAL_BIB)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    try:
        path: Path = module.corpus(name)
    except Exception as error:  # any failure to fetch is a failure of the test, not a skip
        pytest.fail(f"cannot fetch {name} (run: python benchmarks/real_bib.py): {error}")
    return path


@pytest.fixture(scope="module", params=CORPORA)
def corpus(request: pytest.FixtureRequest) -> tuple[str, Path, list[PaperRecord]]:
    name: str = request.param
    path = _fetch(name)
    result = load_bibtex(path)
    assert result.records, f"{name} gave no records"
    return name, path, result.records


def _expected() -> list[dict[str, object]]:
    data = tomllib.loads(EXPECTED.read_text(encoding="utf-8"))
    entries: list[dict[str, object]] = data.get("difference", [])
    for entry in entries:
        missing = {"check", "corpus", "keys", "field", "reason"} - set(entry)
        assert not missing, f"{EXPECTED.name}: an entry lacks {sorted(missing)}: {entry}"
        assert str(entry["reason"]).strip(), f"{EXPECTED.name}: an entry has no reason: {entry}"
    return entries


def _check(check: str, corpus: str, differences: Iterable[Difference]) -> None:
    expected = [
        entry for entry in _expected() if entry["check"] == check and entry["corpus"] == corpus
    ]
    used: set[int] = set()
    unexplained: list[Difference] = []
    for difference in differences:
        key, field = difference[0], difference[1]
        for index, entry in enumerate(expected):
            keys = entry["keys"]
            assert isinstance(keys, list)
            if entry["field"] == field and any(fnmatch.fnmatchcase(key, k) for k in keys):
                used.add(index)
                break
        else:
            unexplained.append(difference)
    stale = [entry for index, entry in enumerate(expected) if index not in used]
    shown = "\n".join(
        f"  {key} {field}: ours {a!r}, theirs {b!r}" for key, field, a, b in unexplained[:40]
    )
    assert not unexplained, (
        f"{len(unexplained)} differences with {check} on {corpus} that "
        f"{EXPECTED.name} does not list:\n{shown}"
    )
    assert not stale, f"{EXPECTED.name} lists differences that no longer occur: {stale}"


def reference_differences(path: Path, records: list[PaperRecord]) -> Iterable[Difference]:
    reference = read_reference(path)
    for record in records:
        entry = reference.get(record.key)
        if entry is None:
            yield record.key, "record", record.key, None
            continue
        if record.title != entry.title:
            yield record.key, "title", record.title, entry.title
        names = tuple((p.given, p.von, p.family, p.suffix) for p in record.authors)
        if names != entry.names:
            yield record.key, "names", names, entry.names


def test_titles_and_names_match_pybtex_and_pylatexenc(
    corpus: tuple[str, Path, list[PaperRecord]],
) -> None:
    name, path, records = corpus
    _check("reference", name, reference_differences(path, records))


@pytest.mark.parametrize("name", MORE_CORPORA)
def test_more_titles_and_names_match_pybtex_and_pylatexenc(name: str) -> None:
    path = _fetch(name)
    result = load_bibtex(path)
    assert result.records, f"{name} gave no records"
    _check("reference", name, reference_differences(path, result.records))


def test_csl_json_agrees_with_pandoc_reading_our_bibtex(
    corpus: tuple[str, Path, list[PaperRecord]],
) -> None:
    name, _, records = corpus
    _check("pandoc", name, pandoc_differences(records))


def test_ris_agrees_with_bibutils(corpus: tuple[str, Path, list[PaperRecord]]) -> None:
    name, _, records = corpus
    _check("bibutils", name, bibutils_differences(records))


if (
    __name__ == "__main__"
):  # print every difference, to review or to list (python -m tests.test_corpus)
    for corpus_name in CORPORA + MORE_CORPORA:
        corpus_path = _fetch(corpus_name)
        corpus_records = load_bibtex(corpus_path).records
        for check, found in (
            ("reference", reference_differences(corpus_path, corpus_records)),
            ("pandoc", pandoc_differences(corpus_records)),
            ("bibutils", bibutils_differences(corpus_records)),
        ):
            for difference in found:
                print(check, corpus_name, *difference, sep="\t", file=sys.stdout)
