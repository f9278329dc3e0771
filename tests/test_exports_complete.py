"""RIS and CSL-JSON carry a work whole: details, editors, identifiers and the right type."""

from __future__ import annotations

import pytest

from sphinx_ndif.export import csl_item, reader_bibtex, to_ris
from sphinx_ndif.model import PaperRecord
from sphinx_ndif.sources.bibtex import parse_bibtex
from sphinx_ndif.work_details import TYPES

BIB = r"""
@article{art, author = {Doe, Jane}, title = {An article}, journal = {TUGboat},
  volume = 41, number = 3, pages = {330--333}, month = oct, year = 2020,
  issn = {0896-3207}, doi = {https://doi.org/10.47397/tb/41-3/tb129}, keywords = {Model Editing; TeX}}
@book{book, author = {Knuth, Donald E.}, title = {The {\TeX}book}, publisher = {Addison-Wesley},
  address = {Reading, Mass.}, edition = {2}, isbn = {0-201-13447-0}, year = 1984,
  series = {Computers \& Typesetting}, volume = {A}}
@incollection{chap, author = {Roe, Ann}, editor = {Poe, Ed and Loe, Al}, title = {A chapter},
  booktitle = {The Book}, publisher = {Pub}, pages = {5--9}, year = 2001,
  translator = {Toe, Tim}}
@phdthesis{thesis, author = {Moe, May}, title = {A thesis}, school = {MIT}, year = 1999}
@collection{coll, editor = {Westfahl, Gary}, title = {Space}, location = {Westport and London},
  publisher = {Greenwood}, date = {1984/1986}}
@techreport{rep, author = {Zoe, Zed}, title = {R}, institution = {Inst}, number = {TR-7}, year = 2000}
"""


@pytest.fixture(scope="module")
def records() -> dict[str, PaperRecord]:
    return {record.key: record for record in parse_bibtex(BIB, "x.bib").records}


def test_csl_article_is_whole(records: dict[str, PaperRecord]) -> None:
    item = csl_item(records["art"])
    assert item["type"] == "article-journal"
    assert (item["container-title"], item["volume"], item["issue"]) == ("TUGboat", "41", "3")
    assert (item["page"], item["ISSN"], item["DOI"]) == (
        "330\u2013333",
        "0896-3207",
        "10.47397/tb/41-3/tb129",
    )
    assert item["issued"] == {"date-parts": [[2020, 10]]}
    assert item["keyword"] == "Model Editing, TeX"  # the keywords' text, not the tags


def test_csl_book_publisher_is_not_a_container(records: dict[str, PaperRecord]) -> None:
    item = csl_item(records["book"])
    assert "container-title" not in item
    assert (item["publisher"], item["publisher-place"]) == ("Addison-Wesley", "Reading, Mass.")
    assert (item["edition"], item["ISBN"], item["volume"]) == ("2", "0-201-13447-0", "A")
    assert item["collection-title"] == "Computers & Typesetting"


def test_csl_chapter_has_editors_and_translator(records: dict[str, PaperRecord]) -> None:
    item = csl_item(records["chap"])
    assert (item["type"], item["container-title"]) == ("chapter", "The Book")
    assert item["editor"] == [{"family": "Poe", "given": "Ed"}, {"family": "Loe", "given": "Al"}]
    assert item["translator"] == [{"family": "Toe", "given": "Tim"}]


def test_csl_edited_collection_and_range(records: dict[str, PaperRecord]) -> None:
    item = csl_item(records["coll"])
    assert "author" not in item
    assert item["editor"] == [{"family": "Westfahl", "given": "Gary"}]
    assert item["publisher-place"] == "Westport; London"  # a biblatex list
    assert item["issued"] == {"date-parts": [[1984], [1986]]}


def test_csl_thesis_and_report(records: dict[str, PaperRecord]) -> None:
    thesis, report = csl_item(records["thesis"]), csl_item(records["rep"])
    assert (thesis["type"], thesis["genre"], thesis["publisher"]) == ("thesis", "PhD thesis", "MIT")
    assert (report["type"], report["number"], report["publisher"]) == ("report", "TR-7", "Inst")


def ris(record: PaperRecord) -> list[tuple[str, str]]:
    lines = to_ris([record]).strip().splitlines()
    return [(line[:2], line[6:]) for line in lines]


def test_ris_article_is_whole(records: dict[str, PaperRecord]) -> None:
    tags = ris(records["art"])
    assert tags[0] == ("TY", "JOUR")
    for expected in [("T2", "TUGboat"), ("JF", "TUGboat"), ("VL", "41"), ("IS", "3"),
                     ("SP", "330"), ("EP", "333"), ("SN", "0896-3207"), ("DA", "2020/10//"),
                     ("DO", "10.47397/tb/41-3/tb129"), ("KW", "Model Editing"), ("KW", "TeX")]:  # fmt: skip
        assert expected in tags


def test_ris_book_chapter_and_collection(records: dict[str, PaperRecord]) -> None:
    book = ris(records["book"])
    assert ("TY", "BOOK") in book and ("PB", "Addison-Wesley") in book
    assert ("CY", "Reading, Mass.") in book and ("ET", "2") in book
    assert ("SN", "0-201-13447-0") in book and ("T3", "Computers & Typesetting") in book
    assert not [tag for tag, _ in book if tag in ("T2", "JF", "BT")]
    chapter = ris(records["chap"])
    assert ("TY", "CHAP") in chapter and ("BT", "The Book") in chapter
    assert [value for tag, value in chapter if tag == "ED"] == ["Poe, Ed", "Loe, Al"]
    assert ("A4", "Toe, Tim") in chapter
    collection = ris(records["coll"])
    assert ("TY", "EDBOOK") in collection
    assert ("ED", "Westfahl, Gary") in collection and ("AU", "Westfahl, Gary") not in collection


def test_ris_pages_that_are_not_one_range_stay_whole() -> None:
    (record,) = parse_bibtex(
        "@article{k, title={T}, year=2000, pages={431--456, 791--823}}", "x"
    ).records
    assert ("SP", "431--456, 791--823".replace("--", "\u2013")) in ris(record)


@pytest.mark.parametrize("entry_type", sorted(TYPES))
def test_every_entry_type_has_its_own_type(entry_type: str) -> None:
    (record,) = parse_bibtex(f"@{entry_type}{{k, title = {{T}}, year = 2000}}", "x").records
    csl_type, ris_type = TYPES[entry_type]
    assert csl_item(record)["type"] == csl_type
    assert ris(record)[0] == ("TY", "BOOK" if ris_type == "EDBOOK" else ris_type)  # no editors
    if entry_type != "misc":
        assert ris_type != "GEN" or entry_type == "performance"


def test_reader_bibtex_writes_month_as_a_macro(records: dict[str, PaperRecord]) -> None:
    assert "month   = oct," in reader_bibtex(records["art"])


def test_records_from_other_sources_keep_their_venue_as_container() -> None:
    from sphinx_ndif.model import Origin

    record = PaperRecord(
        key="p", entry_type="inproceedings", title="T", authors=(), year=2024,
        venue="NeurIPS 2024", origin=Origin("p.json"),
    )  # fmt: skip
    assert csl_item(record)["container-title"] == "NeurIPS 2024"
    assert ("T2", "NeurIPS 2024") in ris(record)
    (bib_record,) = parse_bibtex(
        "@misc{k, title = {T}, year = 2020, ndif-venue = {Blog}, eprint = {2401.00001},"
        " archiveprefix = {arXiv}}",
        "x.bib",
    ).records
    assert csl_item(bib_record)["container-title"] == "Blog"  # our venue field names it


def test_howpublished_is_the_publisher_unless_it_is_a_link() -> None:
    """Beebe's @booklet entries say who published them in ``howpublished``; pandoc and
    reference managers read it as the publisher, and so do our exports."""
    records = parse_bibtex(
        "@booklet{b, title = {C}, howpublished = {Prepared for the Space Telescope Institute},"
        " year = 1985}\n@misc{m, title = {M}, howpublished = {\\url{https://x.org}}, year = 2000}\n"
        "@booklet{p, title = {P}, publisher = {Pub}, howpublished = {Other}, year = 2000}\n",
        "x.bib",
    ).records
    booklet, link, both = (csl_item(record) for record in records)
    assert booklet["publisher"] == "Prepared for the Space Telescope Institute"
    assert "publisher" not in link
    assert both["publisher"] == "Pub"
    assert "PB  - Prepared for the Space Telescope Institute" in to_ris(records[:1])
