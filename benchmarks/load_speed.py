"""How long loading a real 4,800-entry .bib takes, against bibtexparser alone.

Each variant runs in its own process, several times, alternating; the table shows
the median time of the measured step and its ratio to bibtexparser's bare parse
(no middleware) measured in the same run. Usage::

    python benchmarks/load_speed.py [--runs 5] [FILE.bib]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

from real_bib import real_bib

# Each snippet reads the file, then times only the step under test.
VARIANTS = {
    "bibtexparser, bare parse (baseline)": (
        "from bibtexparser.entrypoint import parse_string as p\n"
        "step = lambda: p(text, parse_stack=[])"
    ),
    "bibtexparser, default middleware": (
        "from bibtexparser.entrypoint import parse_string as p\nstep = lambda: p(text)"
    ),
    "bibtexparser + stock LaTeX decoding": (
        "from bibtexparser.entrypoint import parse_string as p\n"
        "from bibtexparser.middlewares import LatexDecodingMiddleware as L\n"
        "step = lambda: p(text, append_middleware=[L()])"
    ),
    "sphinx-ndif load_bibtex": (
        "from sphinx_ndif.sources.bibtex import parse_bibtex\n"
        "step = lambda: parse_bibtex(text, 'x.bib')"
    ),
    "sphinx-ndif load_dataset (as a build: merged, indexed)": (
        "from sphinx_ndif.dataset import load_dataset\nfrom pathlib import Path\n"
        "step = lambda: load_dataset([Path(path)], check=False)"
    ),
    "sphinx-ndif load_dataset + quality checks": (
        "from sphinx_ndif.dataset import load_dataset\nfrom pathlib import Path\n"
        "step = lambda: load_dataset([Path(path)])"
    ),
}
RUNNER = """
import sys, time
path = sys.argv[1]
text = open(path, encoding="utf-8", errors="replace").read()
{setup}
start = time.perf_counter(); step(); print(time.perf_counter() - start)
"""


def run(setup: str, path: Path) -> float:
    out = subprocess.run(
        [sys.executable, "-c", RUNNER.format(setup=setup), str(path)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    path = args.file or real_bib()
    times: dict[str, list[float]] = {name: [] for name in VARIANTS}
    for _ in range(args.runs):
        for name, setup in VARIANTS.items():
            times[name].append(run(setup, path))
    baseline = statistics.median(next(iter(times.values())))
    entries = Path(path).read_text(errors="replace").count("\n@")
    python = sys.version.split()[0]
    print(f"{path.name}: about {entries} blocks, {args.runs} runs each, python {python}")
    print(f"{'variant':46} {'median s':>9} {'ratio':>7}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:46} {median:9.3f} {median / baseline:6.2f}x")


if __name__ == "__main__":
    main()
