"""Every regular expression of sphinx-ndif runs in linear time on adversarial text.

The patterns are found by walking the package (a new module-level pattern is tested
without being listed here) and run over strings made of one repeated piece each: the
shapes that make backtracking patterns quadratic (long runs of the characters a
pattern repeats, with the one it needs missing). 64 KB is enough to tell (a quadratic
pattern takes seconds to minutes there, a linear one milliseconds) without running
for an hour on a regression; ``benchmarks/hostile_input.py`` runs the same on 1 MB.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time

import pytest

import sphinx_ndif

MEGABYTE = 1 << 20
SIZES = (MEGABYTE >> 4,)
BOUND = 3.0
"""Seconds per pattern and size: generous (linear patterns take milliseconds; the
e-mail linker took 25 s on 100,000 characters before it was fixed)."""
PIECES = (" ", "a", "1", ".", "@", "\\", "{", "}", "$", "-", ",", "a.", "ab. ", "a ", " and ",
          "a@", "https://", "arxiv.org/abs/", "…", "\\x", "{a} ", "\t\n", "é", "_")  # fmt: skip


def data_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Every compiled pattern held at module level in the package."""
    found: dict[str, re.Pattern[str]] = {}
    for info in pkgutil.walk_packages(sphinx_ndif.__path__, "sphinx_ndif."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found.setdefault(f"{info.name}.{name}", value)
    return sorted(found.items())


PATTERNS = data_patterns()


def test_the_walk_finds_the_patterns_that_touch_data() -> None:
    names = {name for name, _ in PATTERNS}
    assert {"sphinx_ndif.render.common._EMAIL", "sphinx_ndif.render.formats._URL",
            "sphinx_ndif.sources.json_formats._AUTHOR_SEPARATOR"} <= names  # fmt: skip
    assert len(names) >= 25


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[name for name, _ in PATTERNS])
def test_pattern_is_linear_on_adversarial_text(name: str, pattern: re.Pattern[str]) -> None:
    for size in SIZES:
        for piece in PIECES:
            text = piece * (size // len(piece)) + "!"
            start = time.perf_counter()
            for _ in pattern.finditer(text):
                pass
            elapsed = time.perf_counter() - start
            assert elapsed < BOUND, f"{name} took {elapsed:.1f} s on {size:,} of {piece!r}"
