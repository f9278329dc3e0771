"""Load the tag vocabulary: one TOML table per tag with a label, kind and description,
and optionally ``match``: phrases that suggest the tag for a new paper (``sphinx-ndif merge``)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from sphinx_ndif.model import Origin, Problem, Tag
from sphinx_ndif.sources.files import read_data_text
from sphinx_ndif.warnings import NdifWarning

TAG_KINDS = ("category", "method", "topic")
_KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def load_vocabulary(path: Path) -> tuple[dict[str, Tag], list[Problem]]:
    """Read a vocabulary file; a malformed tag is a problem, the others still load."""
    source = str(path)
    problems: list[Problem] = []
    text = read_data_text(path, problems)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", 0)
        return {}, [Problem(Origin(source, line), NdifWarning.BAD_VOCABULARY, str(error))]
    # TOML parsers keep no positions: find each ``[tags.NAME]`` header's line ourselves.
    header_lines = {line.strip(): number for number, line in enumerate(text.splitlines(), start=1)}
    tags: dict[str, Tag] = {}
    for name, table in dict(data.get("tags", {})).items():
        origin = Origin(source, header_lines.get(f"[tags.{name}]", 0))
        if not _KEBAB.match(name):
            problems.append(
                Problem(
                    origin, NdifWarning.BAD_VOCABULARY, f"tag {name!r} is not lowercase kebab-case"
                )
            )
            continue
        if not isinstance(table, dict) or not all(
            isinstance(table.get(k), str) for k in ("label", "kind", "description")
        ):
            problems.append(
                Problem(
                    origin,
                    NdifWarning.BAD_VOCABULARY,
                    f"tag {name!r} needs label, kind and description",
                )
            )
            continue
        if table["kind"] not in TAG_KINDS:
            problems.append(
                Problem(
                    origin,
                    NdifWarning.BAD_VOCABULARY,
                    f"tag {name!r} has kind {table['kind']!r}; use one of {', '.join(TAG_KINDS)}",
                )
            )
            continue
        match = table.get("match", [])
        if not isinstance(match, list) or not all(
            isinstance(phrase, str) and phrase.strip() for phrase in match
        ):
            problems.append(
                Problem(
                    origin,
                    NdifWarning.BAD_VOCABULARY,
                    f"tag {name!r}: match must be a list of phrases",
                )
            )
            match = []
        tags[name] = Tag(name, table["label"], table["kind"], table["description"], tuple(match))
    return tags, problems
