"""Link checks shared by every source: only web links are ever emitted."""

from __future__ import annotations

from urllib.parse import urlsplit

from sphinx_ndif.model import Origin, Problem

SAFE_SCHEMES = frozenset({"http", "https"})


def checked_url(value: str, origin: Origin, field: str, problems: list[Problem]) -> str | None:
    """Return ``value`` if it is an http(s) link; otherwise record a problem and drop it."""
    url = value.strip()
    if not url:
        return None
    scheme = urlsplit(url).scheme.lower()
    if scheme in SAFE_SCHEMES:
        return url
    problems.append(
        Problem(
            origin,
            "unsafe-link",
            f"{field} {url!r} is not an http(s) link and is left out: only http(s) is linked",
        )
    )
    return None
