"""Link checks shared by every source: only web links are ever emitted.

A link is kept only when a browser reads it as Python's ``urlsplit`` does: browsers
drop tabs and newlines anywhere in a URL, strip spaces and control characters at its
ends, read a backslash as a slash and decode percent-escapes in the host, so a link
holding any of those could be labelled for one host and open another
(``https://evil.com\\.github.com/x`` opens evil.com).
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, urlsplit

from sphinx_ndif.model import Origin, Problem
from sphinx_ndif.warnings import NdifWarning

SAFE_SCHEMES = frozenset({"http", "https"})
CODE_HOSTS = frozenset({"github.com", "gitlab.com", "bitbucket.org", "codeberg.org"})
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([a-z-]+/\d{7}|\d{4}\.\d{4,5})", re.IGNORECASE)
# Characters browsers rewrite or drop (controls, spaces, backslash), those no URL holds
# unencoded (quotes, angle brackets, backtick), and U+FFFD (an undecodable byte).
_REWRITTEN = re.compile(r"[\x00-\x20\x7f-\x9f\\\s\"<>`\ufffd]")
# DOI and arXiv identifiers are put into links as written, except what a URL cannot hold.
_IDENTIFIER_SAFE = "/:;()[]._-~!$&*+,=@"


# The common link, a plain host name and nothing a browser rewrites: proven a web link
# by one match, where urlsplit and its properties cost ten times more (every url field
# of a file is checked). Anything else gets the full check below.
_PLAIN_WEB_LINK = re.compile(
    r"(?i:https?)://[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)*+\.?"
    r"(?:[/?#][^\x00-\x20\x7f-\x9f\\\s\"<>`\ufffd]*+)?"
)


def is_web_link(value: str) -> bool:
    """Whether ``value`` is an http(s) link that every browser opens where we read it
    going: the only kind ever emitted."""
    url = value.strip()
    return _PLAIN_WEB_LINK.fullmatch(url) is not None or parsed_web_link(url)


def parsed_web_link(url: str) -> bool:
    """:func:`is_web_link` for any text, by ``urlsplit`` (the fast match above accepts a
    subset of what this accepts: a property test holds them to it)."""
    if _REWRITTEN.search(url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        return False
    return (
        parts.scheme.lower() in SAFE_SCHEMES
        and bool(parts.hostname)
        and "%" not in parts.netloc
        and url.lower().startswith(("http://", "https://"))
    )


def code_host(url: str) -> bool:
    """Whether a (checked) link is on a code host: its host is exactly one of them."""
    try:
        return (urlsplit(url).hostname or "") in CODE_HOSTS
    except ValueError:
        return False


def checked_url(value: str, origin: Origin, field: str, problems: list[Problem]) -> str | None:
    """Return ``value`` if it is an http(s) link; otherwise record a problem and drop it."""
    url = value.strip()
    if not url:
        return None
    if is_web_link(url):
        return url
    problems.append(
        Problem(
            origin,
            NdifWarning.UNSAFE_LINK,
            f"{field} {url!r} is not an http(s) link and is left out: only http(s) is linked"
            + (
                " (without spaces, control characters, backslashes or %-escapes in the host)"
                if url.lower().startswith(("http:", "https:"))
                else ""
            ),
        )
    )
    return None


def checked_image(value: str, origin: Origin, field: str, problems: list[Problem]) -> str | None:
    """Return ``value`` if it is an http(s) link or a relative path that stays inside the
    image folder (``/images/a.png``); otherwise record a problem and drop it."""
    image = value.strip()
    if not image:
        return None
    if is_web_link(image):
        return image
    problem = image_path_problem(image)
    if problem is None:
        return image
    subtype, reason = problem
    problems.append(Problem(origin, subtype, f"{field} {image!r} {reason}; it is left out"))
    return None


def image_path_problem(path: str) -> tuple[NdifWarning, str] | None:
    """Why ``path`` cannot be an image path (a subtype and a reason), or None.

    A path is site-relative (``/images/a.png``) or relative (``images/a.png``): it names
    a file under the image folder or the base URL, never a scheme (``javascript:``,
    ``data:``, ``file:``, ``C:``), another host (``//host/a.png``) or a parent (``..``,
    also percent-encoded as ``%2e%2e``).
    """
    decoded = unquote(path)
    if _CONTROL.search(decoded) or "\\" in decoded:
        return NdifWarning.BAD_FIELD, "is not a path (it holds a backslash or a control character)"
    try:
        parts = urlsplit(path)
    except ValueError:
        return NdifWarning.BAD_FIELD, "is not a path"
    if parts.scheme or path.startswith("//"):
        return NdifWarning.UNSAFE_LINK, "is neither an http(s) link nor a relative path"
    segments = unquote(parts.path).split("/")
    if ".." in segments:
        return NdifWarning.BAD_FIELD, "leaves the image folder ('..')"
    if not any(segments):
        return NdifWarning.BAD_FIELD, "names no file"
    return None


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


# How BibTeX files write links and identifiers so LaTeX can typeset them:
# \url{...}, \href{...}{text}, \path|...|; \_ \% \# \& \~ escaped; <...> around.
_LINK_MACRO = re.compile(
    r"\\(?:url|path|nolinkurl|href)\s*+(?:\{([^{}]*+)\}(?:\s*+\{[^{}]*+\})?|([|=!+])([^|=!+]*+)\2)"
)
_LINK_ESCAPE = re.compile(
    r"\\(?:textunderscore|textasciitilde|textbackslash)\b\s*+(?:\{\})?|\\[_%#&~$-]"
)
_LINK_ESCAPED = {"\\textunderscore": "_", "\\textasciitilde": "~", "\\textbackslash": "\\"}


def link_from_latex(value: str) -> str:
    """A url, doi or eprint field's text as a link or identifier: the LaTeX a BibTeX file
    wraps it in (``\\url{https://x.org/a\\_b}``, ``{10.1/x}``, ``<https://x.org>``)
    taken off. Plain values (most) come back as they are."""
    if "\\" not in value and "{" not in value and "<" not in value:
        return value
    value = _LINK_MACRO.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(3), value)
    value = _LINK_ESCAPE.sub(_unescaped, value).replace("{", "").replace("}", "")
    return " ".join(part.strip("<>") for part in value.split())


def _unescaped(match: re.Match[str]) -> str:
    written = match.group().rstrip("{} \t\n")
    if written == "\\-":
        return ""  # a discretionary hyphen: where a line may break, not a character
    return _LINK_ESCAPED.get(written, written[1:])


def arxiv_id(url: str | None) -> str | None:
    """The arXiv identifier in an arxiv.org link, without its version."""
    match = _ARXIV_URL.search(url or "")
    return match.group(1) if match else None


_DOI_URL = re.compile(r"^https?://(?:dx\.)?doi\.org/(10\.\S+)$", re.IGNORECASE)
# A DOI as people write it: bare, "doi:10...", or as a link (once or, by mistake, twice).
_DOI_PREFIX = re.compile(r"^(?:\s*(?:doi:\s*|https?://(?:dx\.)?doi\.org/))+", re.IGNORECASE)
# Several links in one field: separated by white space, or by ";" before the next one.
_LINK_SEPARATOR = re.compile(r"\s*;(?=\s|$|[A-Za-z][A-Za-z0-9+.-]*://)\s*|\s+")


def doi_from_url(url: str | None) -> str | None:
    """The DOI a doi.org link resolves, so a link alone identifies the paper."""
    match = _DOI_URL.match((url or "").strip())
    return normalise_doi(match.group(1)) if match else None


def normalise_doi(value: str | None) -> str | None:
    """A DOI without the ``doi:`` or ``https://doi.org/`` a source may write before it."""
    doi = _DOI_PREFIX.sub("", (value or "").strip()).strip()
    return doi or None


def split_links(value: str) -> list[str]:
    """The links of a field that may hold several (``a; b``, one per line)."""
    if ";" not in value:  # separated by white space only: str.split is the same split
        return value.split()
    return [link for link in _LINK_SEPARATOR.split(value.strip()) if link]


def url_and_doi(url: str | None, doi: str | None) -> tuple[str | None, str | None]:
    """Each filled from the other where missing: a doi.org link gives the DOI, and a DOI
    without a link gives its (escaped) doi.org link. The DOI comes back normalised."""
    doi = normalise_doi(doi) or doi_from_url(url)
    return url or (doi_link(doi) if doi else None), doi


def doi_link(doi: str) -> str:
    """The doi.org link of a DOI, escaped where the DOI holds what a URL cannot."""
    return "https://doi.org/" + quote(doi.strip(), safe=_IDENTIFIER_SAFE, errors="replace")


def arxiv_link(eprint: str) -> str:
    """The arxiv.org link of an arXiv identifier, escaped as :func:`doi_link` is."""
    return "https://arxiv.org/abs/" + quote(eprint.strip(), safe=_IDENTIFIER_SAFE, errors="replace")
