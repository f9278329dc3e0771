"""Readers' files cannot be forged: BibTeX, BibLaTeX, RIS and CSL-JSON written for
readers parse back into exactly the records written, whatever the data holds."""

from __future__ import annotations

import json
from pathlib import Path

from bibtexparser.entrypoint import parse_string
from bibtexparser.model import Entry
from hypothesis import given
from hypothesis import strategies as st

from sphinx_ndif.bibtex_syntax import bibtex_key, bibtex_value
from sphinx_ndif.cli import main
from sphinx_ndif.export import (
    csl_item,
    reader_biblatex,
    reader_bibtex,
    to_bibtex,
    to_csl_json,
    to_ris,
)
from sphinx_ndif.model import Origin, PaperRecord, Person, Role
from sphinx_ndif.sources.latex import LatexDecoder
from sphinx_ndif.work_details import work_details

from ..conftest import Build
from .strategies import SETTINGS

FORGERY = '"}}\n@misc{fake, title={Injected}'
RIS_FORGERY = "10.1/x\nER  - \nTY  - JOUR\nAU  - Mallory\nTI  - Forged"
PIECES = st.sampled_from(
    ["a", "Z", " ", "é", "{", "}", "\\", "\\{", "\\}", "@", "\n", "\r\n", "\n@misc{x,", '"',
     ",", "=", "#", "%", "ER  - ", "\nTY  - JOUR", "\u2028", "\x85", "\t", "and", "$x$"]
)  # fmt: skip
TEXT = st.lists(PIECES, max_size=12).map("".join)
NAMES = st.builds(Person, given=TEXT, von=st.sampled_from(["", "van", "de la"]), family=TEXT)
FIELD_NAMES = st.sampled_from(["title", "author", "journal", "note", "year", "doi", "url",
                               "bad name", "x}y", "ndif-note", "keywords"])  # fmt: skip
RECORDS = st.builds(
    PaperRecord,
    key=TEXT,
    entry_type=st.sampled_from(["article", "inproceedings", "misc", "phdthesis", "we}ird"]),
    title=TEXT,
    authors=st.lists(NAMES, max_size=3).map(tuple),
    year=st.none() | st.integers(1000, 9999),
    venue=TEXT,
    origin=st.just(Origin("x.bib", 1)),
    url=st.none() | st.just("https://example.org/x"),
    doi=st.none() | TEXT,
    summary=TEXT,
    tags=st.lists(TEXT.filter(str.strip), max_size=3).map(tuple),
    role=st.sampled_from(list(Role)),
    fields=st.lists(st.tuples(FIELD_NAMES, TEXT), max_size=5).map(tuple),
)


def parsed_entries(text: str) -> list[Entry]:
    library = parse_string(text, parse_stack=[])
    assert library.failed_blocks == []
    return list(library.entries)


def expected_keys(records: list[PaperRecord]) -> list[str]:
    seen: set[str] = set()
    keys = []
    for record in records:
        key = bibtex_key(record.key)
        base, number = key, 1
        while key in seen:
            number += 1
            key = f"{base}-{number}"
        seen.add(key)
        keys.append(key)
    return keys


@SETTINGS
@given(st.lists(RECORDS, min_size=1, max_size=4), st.booleans())
def test_bibtex_parses_back_into_the_entries_written(
    records: list[PaperRecord], complete: bool
) -> None:
    entries = parsed_entries(to_bibtex(records, complete=complete))
    assert [entry.key for entry in entries] == expected_keys(records)
    for record, entry in zip(records, entries, strict=True):
        single = parsed_entries(reader_bibtex(record) if not complete else to_bibtex([record]))
        assert len(single) == 1
        for field in entry.fields:
            assert field.value.startswith("{") and field.value.endswith("}")
            assert "\n" not in field.value


@SETTINGS
@given(RECORDS)
def test_biblatex_parses_back_as_one_entry(record: PaperRecord) -> None:
    (entry,) = parsed_entries(reader_biblatex(record))
    assert entry.key == bibtex_key(record.key)


@SETTINGS
@given(TEXT)
def test_a_well_formed_value_is_written_as_it_is(value: str) -> None:
    written = bibtex_value(value)
    (entry,) = parsed_entries(f"@misc{{k,\n  note = {{{written}}},\n}}\n")
    assert entry.fields[0].value == "{" + written + "}"
    if "\n" not in value and "\r" not in value and bibtex_value(written) == written:
        once = bibtex_value(written)
        assert once == written  # idempotent: writing a written value changes nothing


def parse_ris(text: str) -> list[list[tuple[str, str]]]:
    """A small RIS reader: ``TAG  - value`` lines, a record ending at ``ER``."""
    records: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in text.split("\n"):
        if not line:
            continue
        assert len(line) >= 6 and line[2:6] == "  - ", line
        tag, value = line[:2], line[6:]
        if tag == "ER":
            records.append(current)
            current = []
        else:
            current.append((tag, value))
    assert current == []
    return records


@SETTINGS
@given(st.lists(RECORDS, max_size=4))
def test_ris_parses_back_into_the_records_written(records: list[PaperRecord]) -> None:
    parsed = parse_ris(to_ris(records))
    assert len(parsed) == len(records)
    for record, fields in zip(records, parsed, strict=True):
        tags = [tag for tag, _ in fields]
        assert tags[0] == "TY" and tags.count("TY") == 1
        values = dict(fields)
        assert values.get("TI", "") == " ".join(record.title.split())
        assert values.get("ID", "") == " ".join(record.key.split())
        assert values.get("DO", "") == " ".join((record.doi or "").split())
        keywords = work_details(record, LatexDecoder()).keywords  # tags and keywords
        assert tags.count("KW") == len([k for k in keywords if k.split()])


@SETTINGS
@given(st.lists(RECORDS, max_size=4))
def test_csl_json_parses_back_into_the_items_written(records: list[PaperRecord]) -> None:
    assert json.loads(to_csl_json(records)) == [csl_item(record) for record in records]


FORGED = PaperRecord(
    key="real",
    entry_type="misc",
    title=FORGERY,
    authors=(Person(given="Jane", family="Doe"),),
    year=2024,
    venue="",
    origin=Origin("x.bib", 1),
    doi=RIS_FORGERY,
    fields=(("title", FORGERY), ("doi", RIS_FORGERY), ("note", "a\\"), ("year", "2024")),
)


def test_the_issue_forgeries_stay_one_record() -> None:
    for text in (reader_bibtex(FORGED), reader_biblatex(FORGED), to_bibtex([FORGED])):
        (entry,) = parsed_entries(text)
        assert entry.key == "real" and "fake" not in [e.key for e in parsed_entries(text)]
    (ris,) = parse_ris(to_ris([FORGED]))
    assert [tag for tag, _ in ris].count("TY") == 1
    assert [value for tag, value in ris if tag == "AU"] == ["Doe, Jane"]


def test_downloads_and_cli_exports_hold_one_record_each(
    build: Build, tmp_path: Path, capsys: object
) -> None:
    csl = json.dumps([{"id": "real", "title": FORGERY, "DOI": RIS_FORGERY, "type": "book"}])
    built = build(
        {"index.rst": "I\n=\n\n.. ndif-citation:: real\n   :download:\n", "x.json": csl},
        conf='ndif_data_files = ["x.json"]\n',
    )
    files = sorted(Path(built.app.outdir, "_downloads").rglob("*.*"))
    bib_file = next(f for f in files if f.suffix == ".bib")
    ris_file = next(f for f in files if f.suffix == ".ris")
    assert [e.key for e in parsed_entries(bib_file.read_text())] == ["real"]
    assert len(parse_ris(ris_file.read_text())) == 1
    source = tmp_path / "x.json"
    source.write_text(csl)
    for fmt, count in (
        ("bibtex", lambda t: len(parsed_entries(t))),
        ("ris", lambda t: len(parse_ris(t))),
    ):
        out = tmp_path / f"out.{fmt}"
        assert main(["export", str(source), "--keys", "real", "--format", fmt, "-o", str(out)]) == 0
        assert count(out.read_text()) == 1
