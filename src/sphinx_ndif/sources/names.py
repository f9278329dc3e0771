"""Names written the BibTeX way ("Family, Given" or "Given von Family"), as people.

Used by the BibTeX loader and by the pipeline JSON, whose authors are such strings;
bibtexparser's name splitter does the work.
"""

from __future__ import annotations

from collections.abc import Callable

from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts

from sphinx_ndif.model import Person

__all__ = ["InvalidNameError", "parse_person"]


def parse_person(name: str, decode: Callable[[str], str] = str) -> Person:
    """One name as a :class:`Person`, each part passed through ``decode`` (LaTeX to
    text, for BibTeX). Raises :class:`InvalidNameError` for a name it cannot split."""
    parts = parse_single_name_into_parts(name, strict=True)
    return Person(
        given=decode(" ".join(parts.first)),
        von=decode(" ".join(parts.von)),
        family=decode(" ".join(parts.last)),
        suffix=decode(" ".join(parts.jr)),
    )
