"""Hostile input: every regular expression is linear, and expansion is bounded.

Three tables:

1. each module-level pattern of sphinx-ndif, run (``finditer``) over strings of 256 KB
   and 1 MB made of one repeated piece each; the worst piece's time and the ratio of
   the two sizes (4 is linear, 16 quadratic);
2. the patterns this work replaced, on 8 KB and 32 KB (their 1 MB time would be hours);
3. ``@string`` doubling and YAML alias bombs: time and peak memory of the loaders,
   which stop at about 1 MB of expansion.

Usage::

    python benchmarks/hostile_input.py
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time
import tracemalloc
from collections.abc import Callable

import sphinx_ndif
from sphinx_ndif.sources.bibtex import parse_bibtex
from sphinx_ndif.sources.cff import parse_cff

PIECES = (" ", "a", "1", ".", "@", "\\", "{", "}", "$", "-", ",", "a.", "ab. ", "a ", " and ",
          "a@", "https://", "arxiv.org/abs/", "…", "\\x", "{a} ", "\t\n", "é", "_")  # fmt: skip
REPLACED = {
    "e-mail linker (before)": r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    "author separator (before)": r"\s*;\s*|\s*,\s*|\s+and\s+|\s*&\s*",
    "truncated author list (before)": r"\s*(?:…|\.\.\.)\s*$",
    "year range option (before)": (
        r"^\s*(?:(\d{4})?\s*(-)\s*(\d{4})?|(>=|<=)\s*(\d{4})|(\d{4}))\s*$"
    ),
}


def patterns() -> dict[str, re.Pattern[str]]:
    found: dict[str, re.Pattern[str]] = {}
    for info in pkgutil.walk_packages(sphinx_ndif.__path__, "sphinx_ndif."):
        if info.name.endswith("__main__"):
            continue
        for name, value in vars(importlib.import_module(info.name)).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found.setdefault(f"{info.name.removeprefix('sphinx_ndif.')}.{name}", value)
    return dict(sorted(found.items()))


def worst(pattern: re.Pattern[str], size: int, runs: int = 3) -> tuple[float, str]:
    """The slowest piece's time for ``finditer`` over ``size`` characters (each piece's
    best of ``runs``: the machine is shared, and the best run is the pattern's own cost)."""
    times = []
    for piece in PIECES:
        text = piece * (size // len(piece)) + "!"
        best = float("inf")
        for _ in range(runs):
            start = time.perf_counter()
            for _ in pattern.finditer(text):
                pass
            best = min(best, time.perf_counter() - start)
        times.append((best, piece))
    return max(times)


def measured(step: Callable[[], object]) -> tuple[float, float]:
    """Seconds and peak MiB of one call."""
    tracemalloc.start()
    start = time.perf_counter()
    step()
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return elapsed, peak


def main() -> None:
    print(
        "| pattern | worst piece | 256 KB s | 1 MB s | ratio |\n| --- | --- | ---: | ---: | ---: |"
    )
    for name, pattern in patterns().items():
        small, _ = worst(pattern, 1 << 18)
        large, piece = worst(pattern, 1 << 20)
        print(f"| `{name}` | `{piece!r}` | {small:.4f} | {large:.4f} | {large / small:.1f} |")
    print("\n| replaced pattern | worst piece | 8 KB s | 32 KB s | ratio |")
    print("| --- | --- | ---: | ---: | ---: |")
    for name, source in REPLACED.items():
        pattern = re.compile(source)
        small, _ = worst(pattern, 1 << 13, runs=1)
        large, piece = worst(pattern, 1 << 15, runs=1)
        print(f"| {name} | `{piece!r}` | {small:.3f} | {large:.3f} | {large / small:.1f} |")
    print(
        "\n| expansion | input bytes | s | peak MiB | result |\n| --- | ---: | ---: | ---: | --- |"
    )
    for levels in (12, 16, 32):
        bib = '@string{s0 = "' + "x" * 80 + '"}\n'
        bib += "".join(f"@string{{s{i + 1} = s{i} # s{i}}}\n" for i in range(levels))
        bib += f"@misc{{a, title = s{levels}, year = 2020}}\n"
        result = parse_bibtex(bib, "bomb.bib")
        elapsed, peak = measured(lambda bib=bib: parse_bibtex(bib, "bomb.bib"))
        outcome = ", ".join(p.subtype for p in result.problems) or "loaded"
        title = len(result.records[0].title)
        print(f"| `@string` doubling, {levels} levels | {len(bib)} | {elapsed:.3f} | {peak:.1f} "
              f"| {outcome}; title {title:,} chars |")  # fmt: skip
    for levels in (10, 16, 24):
        cff = "cff-version: 1.2.0\na0: &a0 [xxxxxxxxxx, xxxxxxxxxx]\n"
        cff += "".join(f"a{i + 1}: &a{i + 1} [*a{i}, *a{i}]\n" for i in range(levels))
        cff += f"title: T\nkeywords: *a{levels}\n"
        result = parse_cff(cff, "CITATION.cff")
        elapsed, peak = measured(lambda cff=cff: parse_cff(cff, "CITATION.cff"))
        outcome = ", ".join(p.subtype for p in result.problems if not p.quality) or "loaded"
        print(f"| YAML aliases, {levels} levels | {len(cff)} | {elapsed:.3f} | {peak:.1f} "
              f"| {outcome} |")  # fmt: skip


if __name__ == "__main__":
    main()
