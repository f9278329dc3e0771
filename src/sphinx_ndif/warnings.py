"""One register of the warnings sphinx-ndif gives: each subtype, its group and its meaning.

Every ``logger.warning`` and every :class:`~sphinx_ndif.model.Problem` names its subtype by a
member of :class:`NdifWarning`, as MyST-Parser's ``MystWarnings`` does, so a subtype cannot be
misspelt, users silence one kind with ``suppress_warnings = ["ndif.<subtype>"]``, and the
README's and the guide's warning tables are checked against this one list (tests/test_warnings.py).

A description is one line of plain text in which only inline code is marked, with backticks
as in Markdown (`` `ndif_image_dir` ``): the README shows it as written, the guide as literals.
"""

from __future__ import annotations

import enum


class WarningGroup(enum.Enum):
    """Where a warning comes from, which says where it is located and when it is shown."""

    description: str

    def __new__(cls, value: str, description: str) -> WarningGroup:
        member = object.__new__(cls)
        member._value_ = value
        member.description = description
        return member

    DIRECTIVE = "directive", "from the directives and roles, located at the page and line"
    CONFIG = "config", "from the configuration, once per build"
    DATA = "data", "from loading the data, at the file and line; always shown"
    QUALITY = (
        "quality",
        "data-quality findings: sphinx-ndif check, and builds with ndif_check_data",
    )


class NdifWarning(enum.StrEnum):
    """A warning subtype: logged as ``type="ndif", subtype=member`` (shown as ``ndif.<value>``)."""

    group: WarningGroup
    description: str
    """When it is given, in one line."""

    def __new__(cls, value: str, group: WarningGroup, description: str) -> NdifWarning:
        member = str.__new__(cls, value)
        member._value_ = value
        member.group = group
        member.description = description
        return member

    @classmethod
    def named(cls, subtype: str) -> NdifWarning:
        """The member whose text is ``subtype``; a ValueError for one not in the register."""
        member = cls._value2member_map_.get(subtype)
        if not isinstance(member, cls):
            raise ValueError(f"{subtype!r} is not an ndif warning subtype")
        return member

    @property
    def quality(self) -> bool:
        """A data-quality finding: reported by ``sphinx-ndif check`` (and ``ndif_check_data``),
        not a fault that breaks or changes data, so builds hide it by default."""
        return self.group is WarningGroup.QUALITY

    UNKNOWN_TAG = (
        "unknown-tag",
        WarningGroup.DIRECTIVE,
        (
            "`:tags:`, `:exclude-tags:` or `ndif-tag` names a tag that neither the vocabulary nor "
            "any paper has"
        ),
    )
    UNKNOWN_KEY = (
        "unknown-key",
        WarningGroup.DIRECTIVE,
        "`:keys:`, `ndif-citation` or `ndif-cite` names a key that is not in the data",
    )
    NO_MATCH = (
        "no-match",
        WarningGroup.DIRECTIVE,
        "`ndif-papers` matches no paper",
    )
    UNKNOWN_STYLE = (
        "unknown-style",
        WarningGroup.DIRECTIVE,
        (
            "a `:style:` or `:formats:` `.csl` file is missing, outside the source directory, "
            "declares entities or is not a CSL style, or `ndif_default_style` is unknown; "
            "`plain` is used"
        ),
    )
    STYLE_ERROR = (
        "style-error",
        WarningGroup.DIRECTIVE,
        (
            "citeproc-py cannot format one entry in a style (located at the entry); it is shown "
            "in `plain`"
        ),
    )
    MISSING_IMAGE = (
        "missing-image",
        WarningGroup.DIRECTIVE,
        (
            "a paper's image path is not in `ndif_image_dir` (and there is no "
            "`ndif_image_base_url`); the paper is shown without it"
        ),
    )
    NO_IMAGE_SOURCE = (
        "no-image-source",
        WarningGroup.DIRECTIVE,
        (
            "papers to show with images have image paths, but neither `ndif_image_base_url` nor "
            "`ndif_image_dir` is set (one warning per list)"
        ),
    )

    BAD_CONFIG = (
        "bad-config",
        WarningGroup.CONFIG,
        (
            "`ndif_image_base_url` is not an `http(s)` URL (it is ignored), or `ndif_image_dir` is "
            "not a folder"
        ),
    )

    PARSE_ERROR = (
        "parse-error",
        WarningGroup.DATA,
        "an entry (or a whole JSON/YAML file) cannot be parsed; it is skipped",
    )
    DUPLICATE_KEY = (
        "duplicate-key",
        WarningGroup.DATA,
        "a key is defined again; the later definition wins",
    )
    DUPLICATE_FIELD = (
        "duplicate-field",
        WarningGroup.DATA,
        "an entry repeats a field; the first value is kept",
    )
    AMBIGUOUS_DUPLICATE = (
        "ambiguous-duplicate",
        WarningGroup.DATA,
        (
            "an entry is the same paper as two different records (a DOI of one, an arXiv id of "
            "another); merged with the first"
        ),
    )
    UNSAFE_LINK = (
        "unsafe-link",
        WarningGroup.DATA,
        (
            "a link is not `http(s)`, or an image is neither `http(s)` nor a relative path; it is "
            "never emitted"
        ),
    )
    UNKNOWN_MACRO = (
        "unknown-macro",
        WarningGroup.DATA,
        "a `@string` macro is used but not defined; its name is kept as text",
    )
    UNKNOWN_CROSSREF = (
        "unknown-crossref",
        WarningGroup.DATA,
        "`crossref` names a key that is not in the file",
    )
    BAD_ROLE = (
        "bad-role",
        WarningGroup.DATA,
        "`ndif-role` is not `paper` or `citation`",
    )
    BAD_FIELD = (
        "bad-field",
        WarningGroup.DATA,
        (
            "a JSON or CITATION.cff field has the wrong type (a list for a title, a number for "
            "`authors`...), or an image path leaves its folder (`..`) or holds a backslash or "
            "control character; it is ignored"
        ),
    )
    MISSING_TITLE = (
        "missing-title",
        WarningGroup.DATA,
        "a pipeline paper or a CSL-JSON item has no title; it is skipped",
    )
    BAD_VOCABULARY = (
        "bad-vocabulary",
        WarningGroup.DATA,
        "the tag vocabulary cannot be read, or a tag in it is malformed",
    )
    UNKNOWN_XDATA = (
        "unknown-xdata",
        WarningGroup.DATA,
        "`xdata` names a key that is not in the file",
    )
    EMPTY_TITLE = (
        "empty-title",
        WarningGroup.DATA,
        "a title that has no text once its LaTeX is read; the entry is shown by its key",
    )
    TOO_LONG = (
        "too-long",
        WarningGroup.DATA,
        (
            "`@string` macros expand a value past 1,000,000 characters; it is left empty (logged "
            "as an error)"
        ),
    )
    MISSING_FILE = (
        "missing-file",
        WarningGroup.DATA,
        "a file in `ndif_data_files` does not exist (logged as an error)",
    )
    NOT_A_FILE = (
        "not-a-file",
        WarningGroup.DATA,
        (
            "a file in `ndif_data_files` is a directory, a FIFO, a device or a socket; nothing "
            "reads it (logged as an error)"
        ),
    )
    UNREADABLE_FILE = (
        "unreadable-file",
        WarningGroup.DATA,
        "a file in `ndif_data_files` cannot be read (logged as an error)",
    )
    NOT_UTF8 = (
        "not-utf8",
        WarningGroup.DATA,
        (
            "a data file is not UTF-8 (and a .bib file names no encoding in a JabRef "
            "`% Encoding:` line): it is read as Windows-1252 (Latin-1), as older files are written"
        ),
    )
    NO_ENTRIES = (
        "no-entries",
        WarningGroup.DATA,
        "a data file holds no entry at all: empty, or not data (logged as an error)",
    )
    UNKNOWN_FORMAT = (
        "unknown-format",
        WarningGroup.DATA,
        "a file in `ndif_data_files` is in no known format (logged as an error)",
    )

    MISSING_YEAR = (
        "missing-year",
        WarningGroup.QUALITY,
        "no year, or the pipeline's `year: 0`",
    )
    BAD_YEAR = (
        "bad-year",
        WarningGroup.QUALITY,
        "a year that is not four digits",
    )
    EMPTY_SUMMARY = (
        "empty-summary",
        WarningGroup.QUALITY,
        "the pipeline's `description` is empty (only sources with a summary field)",
    )
    SHORT_SUMMARY = (
        "short-summary",
        WarningGroup.QUALITY,
        "a summary of fewer than eight words",
    )
    NOT_A_SUMMARY = (
        "not-a-summary",
        WarningGroup.QUALITY,
        (
            "a summary that is a text generator's reply instead of a description: a refusal or "
            'apology ("I\'m sorry, but", "As an AI"), a request for the text ("Unfortunately, you '
            'haven\'t provided the abstract. Please provide it"), a preamble ("Sure! Here is a '
            'summary:"), a placeholder ("[Insert summary]", "N/A"), or a note to the reader '
            '("click here")'
        ),
    )
    SUSPECT_AUTHOR = (
        "suspect-author",
        WarningGroup.QUALITY,
        'an author name holding digits or venue words ("Association for ... 2025")',
    )
    TRUNCATED_AUTHORS = (
        "truncated-authors",
        WarningGroup.QUALITY,
        "the pipeline's author list ends in `…`",
    )
    AUTHOR_SEPARATOR = (
        "author-separator",
        WarningGroup.QUALITY,
        "a `.` where a `,` belongs between two pipeline authors",
    )
    BAD_NAME = (
        "bad-name",
        WarningGroup.QUALITY,
        "a BibTeX name that cannot be split into parts; kept as a family name",
    )
    BAD_CATEGORY = (
        "bad-category",
        WarningGroup.QUALITY,
        "a pipeline `category` that is not `uses_nnsight`, `uses_ndif` or `referencing`",
    )
    VENUE_YEAR = (
        "venue-year",
        WarningGroup.QUALITY,
        (
            'the venue names a year other than `year` ("ICLR 2026" with year 2025); the venue is '
            "shown as written"
        ),
    )
    VENUE_LINK = (
        "venue-link",
        WarningGroup.QUALITY,
        'the venue says arXiv ("ArXiv 2025") but the paper\'s link is elsewhere: published since?',
    )
    TRUNCATED_VENUE = (
        "truncated-venue",
        WarningGroup.QUALITY,
        (
            'the venue is cut short: "…" or "..." in it ("Proceedings of the 14th … 2025"), or it '
            'ends on "of", "the", "&", ":" and the like'
        ),
    )
    ARXIV_YEAR = (
        "arxiv-year",
        WarningGroup.QUALITY,
        (
            "the arXiv id dates from after `year` (2503.01234 with year 2024), where the record is "
            "the arXiv version (its link or venue is arXiv); a paper put on arXiv after its "
            "publication is not reported"
        ),
    )
    INITIALS_ONLY = (
        "initials-only",
        WarningGroup.QUALITY,
        (
            'an author is given by initials only ("Y Ma") while another record has the full name '
            '("Yi Ma"): named with its file and line'
        ),
    )
    MERGED_DUPLICATE = (
        "merged-duplicate",
        WarningGroup.QUALITY,
        "two records are one paper and were merged (see the merge rules)",
    )
    LINK_NOT_TAKEN = (
        "link-not-taken",
        WarningGroup.QUALITY,
        (
            "a merged record did not take a link of a lower-ranked source "
            '(a pipeline\'s "Code" link for a curated paper): add it by hand if it is right'
        ),
    )
    CITATION_KEPT = (
        "citation-kept",
        WarningGroup.QUALITY,
        "a citation record took nothing from a record of the same paper",
    )
    SHARED_PROJECT_URL = (
        "shared-project-url",
        WarningGroup.QUALITY,
        'a project url that another paper gives too ("Code" copied to the wrong paper)',
    )
    PROBABLE_DUPLICATE = (
        "probable-duplicate",
        WarningGroup.QUALITY,
        "two records look like one paper under two titles; say so with `ndif-sameas` / `same_as`",
    )
    UNKNOWN_SAME_AS = (
        "unknown-same-as",
        WarningGroup.QUALITY,
        "`ndif-sameas` or `same_as` names no key or title in the data",
    )
    UNKNOWN_DATA_TAG = (
        "unknown-data-tag",
        WarningGroup.QUALITY,
        "a record's tag is not in the tag vocabulary",
    )
