"""Data-quality checks on loaded records: what ``sphinx-ndif check`` reports.

These findings don't break data, so a Sphinx build shows them only with
``ndif_check_data = True`` (a large user bibliography without summaries must not
flood every build). Faults that do break data are reported by the loaders.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sphinx_ndif.model import YEAR_IN_VENUE, Origin, PaperRecord, Person, Problem
from sphinx_ndif.text import fold
from sphinx_ndif.warnings import NdifWarning

if TYPE_CHECKING:
    from sphinx_ndif.dataset import Merge

BUNDLED_BIB = Path(__file__).parent / "data" / "ndif.bib"

# Words that belong to a venue, not a person's name ("Association for Computational
# Linguistics 2025, Kfir Bar" has been seen in an author list).
_VENUE_WORDS = frozenset(
    {
        "association", "conference", "proceedings", "workshop", "symposium", "journal",
        "findings", "transactions", "arxiv", "preprint", "volume", "acl", "emnlp", "naacl",
        "neurips", "icml", "iclr", "aaai", "ijcai", "cvpr", "iccv", "eccv", "colm",
    }
)  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+|\d+")
# A summary describes the paper. These describe a conversation instead: a text generator
# declining, apologising, asking for the text, or introducing its answer; a placeholder;
# or a note addressed to the reader.
_NOT_A_SUMMARY = re.compile(
    "|".join(
        (
            # apologies and refusals
            r"\bi'?m sorry\b", r"\bi am sorry\b", r"\bi apologi[sz]e", r"\bsorry, but\b",
            r"\bi (?:cannot|can ?not|can'?t|could ?not|couldn'?t|am unable|'m unable"
            r"|was unable|wasn'?t able|was not able|do not have|don'?t have|did not find"
            r"|didn'?t find)\b",
            r"\bas an ai\b", r"\bas a (?:large )?language model\b",
            r"\blanguage model developed by\b", r"\bmy (?:knowledge cutoff|training data)\b",
            # requests for the text
            r"\bplease (?:provide|share|paste|send|upload|supply|give)\b",
            r"\bcould you (?:please )?(?:provide|share|paste|send)\b",
            r"\bif you (?:could )?(?:provide|share|paste|send|give)\b",
            r"\byou (?:haven'?t|have not|did ?n[o']t|didn'?t) "
            r"(?:provide|include|share|give|paste|attach)\w*",
            r"\b(?:abstract|text|paper|content|article|description) (?:was|is|has) not "
            r"(?:been )?(?:provided|included|available|given)\b",
            r"\bno (?:abstract|text|content|description|summary) (?:was |is )?"
            r"(?:provided|available|given)\b",
            r"\bwithout (?:access to|more information|more context"
            r"|the (?:full )?(?:text|abstract|paper))\b",
            r"\bbased (?:solely |only )?on the title\b",
            r"\bit (?:seems|appears) (?:that |like )?(?:you|the (?:text|abstract|input))\b",
            r"\bthe (?:provided|given) (?:text|abstract|input|content)\b",
            # an answer's preamble and closing
            r"^\W*(?:sure|certainly|of course|absolutely|okay|ok)\b\s*[!,.:]",
            r"\bhere(?:'s| is| are)(?: a| an| the| my)?(?: brief| short| concise| possible"
            r"| quick| one[- ]paragraph| \w+[- ]sentences?)* (?:summary|summaries|description"
            r"|overview|abstract|rewrite|version)\b",
            r"^\W*summary\s*:",
            r"\bi(?:'d| would) be (?:happy|glad) to\b", r"\blet me know\b",
            r"\bfeel free to\b", r"\bhope (?:this|that) helps\b",
            # placeholders
            r"\[(?:insert|add|your|summary|description)\b[^\]]{0,80}\]", r"\blorem ipsum\b",
            r"^\W*(?:n/?a|none|tbd|todo|no description(?: available)?)\W*$",
            # notes to the reader
            r"\bclick here\b", r"\bread more\b", r"\byou (?:can|will|should)\b",
            r"\bcheck out\b", r"\bsee (?:the )?link\b", r"\bsubscribe\b",
        )
    ),
    re.IGNORECASE,
)  # fmt: skip
MIN_SUMMARY_WORDS = 8
REPLY_SPAN = 2000
"""A generator's reply shows in a summary's first or last characters: only those are read,
so a huge field costs no more than a normal one."""
_ARXIV_VENUE = re.compile(r"^\W*arxiv\b", re.IGNORECASE)
# A venue cut short: an ellipsis anywhere, or ending on a word or mark that needs more.
_TRUNCATED_VENUE = re.compile(
    "…|\\.\\.\\.|(?:\\b(?:of|the|on|and|for|in|at|to|a|an)|[&,:;(\\-\u2013\u2014/])\\s*$",
    re.IGNORECASE,
)
_ARXIV_NEW_ID = re.compile(r"^(\d\d)(\d\d)\.\d{4,5}")
_ARXIV_OLD_ID = re.compile(r"^[a-z-]+(?:\.[a-z]{2})?/(\d\d)(\d\d)\d{3}", re.IGNORECASE)


def place(origin: Origin) -> str:
    """Where a record is, for a maintainer: the file's name and line; "bundled ndif.bib"
    for the bundled data, whose full path is deep inside an installed package."""
    name = Path(origin.path).name
    if origin.path == str(BUNDLED_BIB):
        name = f"bundled {name}"
    return f"{name}:{origin.line}" if origin.line else name


def describe(record: PaperRecord) -> str:
    """A record as a maintainer finds it: its key when the data gave one, else its title."""
    if record.keyed:
        return repr(record.key)
    title = record.title if len(record.title) <= 70 else record.title[:69].rstrip() + "…"
    return repr(title)


def is_arxiv_link(url: str | None) -> bool:
    host = (urlsplit(url or "").hostname or "").lower()
    return host == "arxiv.org" or host.endswith(".arxiv.org")


def arxiv_year(identifier: str) -> int | None:
    """The year an arXiv id was given: ``2502.10297`` -> 2025, ``cs/9901001`` -> 1999."""
    match = _ARXIV_NEW_ID.match(identifier) or _ARXIV_OLD_ID.match(identifier)
    if match is None:
        return None
    year = int(match.group(1))
    return 1900 + year if year >= 91 else 2000 + year


def check_record(record: PaperRecord, vocabulary: Collection[str]) -> list[Problem]:
    """Every quality finding for one record, located at its origin."""
    found: list[tuple[NdifWarning, str]] = []
    for person in record.authors:
        if not (person.given or person.von or person.suffix):
            continue  # one braced name ({Association for Computing Machinery}): an institution
        name = person.display
        words = {word.casefold() for word in _WORD.findall(name)}
        if any(char.isdigit() for char in name) or words & _VENUE_WORDS:
            found.append(
                (NdifWarning.SUSPECT_AUTHOR, f"author {name!r} looks like a venue or a date")
            )
    if record.summary:
        summary = record.summary
        reply = _NOT_A_SUMMARY.search(summary[:REPLY_SPAN])
        if reply is None and len(summary) > REPLY_SPAN:
            reply = _NOT_A_SUMMARY.search(summary[-REPLY_SPAN // 2 :])
        if reply:
            found.append(
                (
                    NdifWarning.NOT_A_SUMMARY,
                    f"the summary of {describe(record)} is not a description of the paper: "
                    f"it reads as a reply or a note ({reply.group().strip()!r})",
                )
            )
        elif len(record.summary.split()) < MIN_SUMMARY_WORDS:
            found.append(
                (NdifWarning.SHORT_SUMMARY, f"the summary of {describe(record)} is too short")
            )
    found += _venue_findings(record)
    if vocabulary:
        for tag in record.tags:
            if tag not in vocabulary:
                found.append(
                    (NdifWarning.UNKNOWN_DATA_TAG, f"tag {tag!r} is not in the tag vocabulary")
                )
    return [Problem(record.origin, subtype, message) for subtype, message in found]


def _venue_findings(record: PaperRecord) -> list[tuple[NdifWarning, str]]:
    """The venue against the year, the link and the arXiv id."""
    found: list[tuple[NdifWarning, str]] = []
    venue = record.venue
    years = {int(year) for year in YEAR_IN_VENUE.findall(venue)}
    if record.year is not None and years and record.year not in years:
        found.append((NdifWarning.VENUE_YEAR, f"venue {venue!r} disagrees with year {record.year}"))
    is_arxiv_venue = bool(_ARXIV_VENUE.match(venue))
    if is_arxiv_venue and record.url and not is_arxiv_link(record.url):
        found.append(
            (
                NdifWarning.VENUE_LINK,
                f"venue {venue!r} names arXiv but the link is {record.url}: "
                "is the paper published there, under another venue?",
            )
        )
    if _TRUNCATED_VENUE.search(venue):
        found.append((NdifWarning.TRUNCATED_VENUE, f"venue {venue!r} is cut short"))
    posted = arxiv_year(record.arxiv_id) if record.arxiv_id else None
    # A paper published first and put on arXiv later is normal: compare only when the
    # arXiv version is the record itself (its link, or its venue).
    itself = is_arxiv_link(record.url) or is_arxiv_venue or not venue
    if posted and record.year is not None and posted > record.year and itself:
        found.append(
            (
                NdifWarning.ARXIV_YEAR,
                f"arXiv id {record.arxiv_id} dates from {posted}, after the year given "
                f"({record.year})",
            )
        )
    return found


def check_dataset(records: Iterable[PaperRecord], merges: Sequence[Merge]) -> list[Problem]:
    """Findings that need more than one record: names given by initials where another
    record has the full name, and probable duplicates under two titles."""
    from sphinx_ndif.probable_duplicates import probable_duplicates

    kept = list(records)
    found = _initials_only(kept, [merge.absorbed for merge in merges])
    found += _shared_project_urls(kept, merges)
    found += probable_duplicates(kept)
    return found


def _shared_project_urls(kept: list[PaperRecord], merges: Sequence[Merge]) -> list[Problem]:
    """A project url that another paper gives too: a code link copied to the wrong paper
    (seen in the pipeline: a curated paper offered another paper's repository)."""
    owners: dict[str, PaperRecord] = {}
    for record in kept:
        if record.project_url:
            owners.setdefault(record.project_url.rstrip("/").lower(), record)
    found = []
    givers = [(record, record.key) for record in kept]
    givers += [(merge.absorbed, merge.kept) for merge in merges]
    for record, listed_as in givers:
        url = (record.project_url or "").rstrip("/").lower()
        owner = owners.get(url)
        if owner is None or owner.key == listed_as:
            continue
        found.append(
            Problem(
                record.origin,
                NdifWarning.SHARED_PROJECT_URL,
                f"project url {record.project_url} is also that of {describe(owner)} "
                f"({place(owner.origin)}): is it this paper's?",
            )
        )
    return found


def is_initials(given: str) -> bool:
    """Whether a given name is initials only: "N", "J. R.", "JR" (but not "Li" or "Yu")."""
    tokens = given.replace(".", " ").replace("-", " ").split()
    return bool(tokens) and all(
        len(token) == 1 or (len(token) == 2 and token.isupper()) for token in tokens
    )


def _name_key(person: Person) -> tuple[str, str] | None:
    given = fold(person.given).strip(" .")
    family = fold(person.family).strip()
    if not given or not family:
        return None
    return family, given[0]


def _group(record: PaperRecord) -> str:
    """Records of one keyed file are one group: its spelling of a name is its choice."""
    return record.origin.path if record.keyed else f"{record.origin}#{record.key}"


def _initials_only(kept: list[PaperRecord], absorbed: list[PaperRecord]) -> list[Problem]:
    full: dict[tuple[str, str], dict[str, tuple[Origin, str]]] = {}
    for record in (*kept, *absorbed):
        for person in record.authors:
            key = _name_key(person)
            if key is not None and not is_initials(person.given):
                full.setdefault(key, {}).setdefault(person.display, (record.origin, _group(record)))
    found = []
    for record in kept:
        group = _group(record)
        for person in record.authors:
            key = _name_key(person)
            if key is None or key not in full or not is_initials(person.given):
                continue
            others = [(name, origin) for name, (origin, g) in full[key].items() if g != group]
            if not others:
                continue
            names = " or ".join(f"{name!r} ({place(origin)})" for name, origin in others[:3])
            found.append(
                Problem(
                    record.origin,
                    NdifWarning.INITIALS_ONLY,
                    f"author {person.display!r} is given by initials only; the data also "
                    f"has {names}",
                )
            )
    return found
