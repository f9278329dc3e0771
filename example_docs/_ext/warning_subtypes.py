"""Every warning subtype sphinx-ndif logs: where it comes from and when.

Issue 13.7 moves this register into src/ (an enum); then the guide imports it from there
and this file goes: ``from sphinx_ndif.<module> import ORIGINS, WARNING_SUBTYPES``.
"""

from __future__ import annotations

ORIGINS: dict[str, str] = {
    "directive": "from the directives and roles, located at the page and line",
    "config": "from the configuration, once per build",
    "data": "from loading the data, at the file and line; always shown",
    "quality": "data-quality findings: sphinx-ndif check, and builds with ndif_check_data",
}

WARNING_SUBTYPES: dict[str, tuple[str, str]] = {
    "unknown-tag": (
        "directive",
        ":tags:, :exclude-tags: or ndif-tag names a tag that neither the vocabulary nor any paper has",
    ),
    "unknown-key": (
        "directive",
        ":keys:, ndif-citation or ndif-cite names a key that is not in the data",
    ),
    "no-match": ("directive", "ndif-papers matches no paper"),
    "unknown-style": (
        "directive",
        "a :style: or :formats: .csl file is missing, outside the source directory, declares entities or is not a CSL style, or ndif_default_style is unknown; plain is used",
    ),
    "style-error": (
        "directive",
        "citeproc-py cannot format one entry in a style (located at the entry); it is shown in plain",
    ),
    "missing-image": (
        "directive",
        "a paper's image path is not in ndif_image_dir (and there is no ndif_image_base_url); the paper is shown without it",
    ),
    "no-image-source": (
        "directive",
        "papers to show with images have image paths, but neither ndif_image_base_url nor ndif_image_dir is set (one warning per list)",
    ),
    "bad-config": (
        "config",
        "ndif_image_base_url is not an http(s) URL (it is ignored), or ndif_image_dir is not a folder",
    ),
    "parse-error": ("data", "an entry (or a whole JSON/YAML file) cannot be parsed; it is skipped"),
    "duplicate-key": ("data", "a key is defined again; the later definition wins"),
    "duplicate-field": ("data", "an entry repeats a field; the first value is kept"),
    "ambiguous-duplicate": (
        "data",
        "an entry is the same paper as two different records (a DOI of one, an arXiv id of another); merged with the first",
    ),
    "unsafe-link": (
        "data",
        "a link is not http(s), or an image is neither http(s) nor a relative path; it is never emitted",
    ),
    "unknown-macro": ("data", "a @string macro is used but not defined; its name is kept as text"),
    "unknown-crossref": ("data", "crossref names a key that is not in the file"),
    "bad-role": ("data", "ndif-role is not paper or citation"),
    "bad-field": (
        "data",
        "a JSON or CITATION.cff field has the wrong type (a list for a title, a number for authors...), or an image path leaves its folder (..) or holds a backslash or control character; it is ignored",
    ),
    "missing-title": ("data", "a pipeline paper or a CSL-JSON item has no title; it is skipped"),
    "bad-vocabulary": ("data", "the tag vocabulary cannot be read, or a tag in it is malformed"),
    "unknown-xdata": ("data", "xdata names a key that is not in the file"),
    "empty-title": (
        "data",
        "a title that has no text once its LaTeX is read; the entry is shown by its key",
    ),
    "too-long": (
        "data",
        "@string macros expand a value past 1,000,000 characters; it is left empty (logged as an error)",
    ),
    "missing-file": ("data", "a file in ndif_data_files does not exist (logged as an error)"),
    "not-a-file": (
        "data",
        "a file in ndif_data_files is a directory, a FIFO, a device or a socket; nothing reads it (logged as an error)",
    ),
    "unreadable-file": ("data", "a file in ndif_data_files cannot be read (logged as an error)"),
    "no-entries": (
        "data",
        "a data file holds no entry at all: empty, or not data (logged as an error)",
    ),
    "unknown-format": (
        "data",
        "a file in ndif_data_files is in no known format (logged as an error)",
    ),
    "missing-year": ("quality", "no year, or the pipeline's year: 0"),
    "bad-year": ("quality", "a year that is not four digits"),
    "empty-summary": (
        "quality",
        "the pipeline's description is empty (only sources with a summary field)",
    ),
    "short-summary": ("quality", "a summary of fewer than eight words"),
    "not-a-summary": (
        "quality",
        'a summary that is a text generator\'s reply instead of a description: a refusal or apology ("I\'m sorry, but", "As an AI"), a request for the text ("Unfortunately, you haven\'t provided the abstract. Please provide it"), a preamble ("Sure! Here is a summary:"), a placeholder ("[Insert summary]", "N/A"), or a note to the reader ("click here")',
    ),
    "suspect-author": (
        "quality",
        'an author name holding digits or venue words ("Association for ... 2025")',
    ),
    "truncated-authors": ("quality", "the pipeline's author list ends in …"),
    "author-separator": ("quality", "a . where a , belongs between two pipeline authors"),
    "bad-name": ("quality", "a BibTeX name that cannot be split into parts; kept as a family name"),
    "bad-category": (
        "quality",
        "a pipeline category that is not uses_nnsight, uses_ndif or referencing",
    ),
    "venue-year": (
        "quality",
        'the venue names a year other than year ("ICLR 2026" with year 2025); the venue is shown as written',
    ),
    "venue-link": (
        "quality",
        'the venue says arXiv ("ArXiv 2025") but the paper\'s link is elsewhere: published since?',
    ),
    "truncated-venue": (
        "quality",
        'the venue is cut short: "…" or "..." in it ("Proceedings of the 14th … 2025"), or it ends on "of", "the", "&", ":" and the like',
    ),
    "arxiv-year": (
        "quality",
        "the arXiv id dates from after year (2503.01234 with year 2024), where the record is the arXiv version (its link or venue is arXiv); a paper put on arXiv after its publication is not reported",
    ),
    "initials-only": (
        "quality",
        'an author is given by initials only ("Y Ma") while another record has the full name ("Yi Ma"): named with its file and line',
    ),
    "merged-duplicate": (
        "quality",
        "two records are one paper and were merged (see the merge rules)",
    ),
    "link-not-taken": (
        "quality",
        'a merged record did not take a link of a lower-ranked source (a pipeline\'s "Code" link for a curated paper): add it by hand if it is right',
    ),
    "citation-kept": ("quality", "a citation record took nothing from a record of the same paper"),
    "shared-project-url": (
        "quality",
        'a project url that another paper gives too ("Code" copied to the wrong paper)',
    ),
    "probable-duplicate": (
        "quality",
        "two records look like one paper under two titles; say so with ndif-sameas / same_as",
    ),
    "unknown-same-as": ("quality", "ndif-sameas or same_as names no key or title in the data"),
    "unknown-data-tag": ("quality", "a record's tag is not in the tag vocabulary"),
}
"""subtype -> (origin, when it is logged)."""
