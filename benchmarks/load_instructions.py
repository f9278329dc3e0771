"""Instructions executed to load a real bibliography, against bibtexparser alone.

Wall time on a shared machine scatters by more than the differences worth knowing;
the number of instructions a process executes does not. Each variant runs once in its
own process under ``valgrind --tool=callgrind`` (interpreter start, imports and reading
the file included, as in a build); a run that only imports is measured too, so the
table also shows the load itself. Usage::

    python benchmarks/load_instructions.py [--src DIR] [FILE.bib]

``--src`` loads sphinx-ndif from another checkout's ``src`` (an earlier commit in a
``git worktree``), to compare two versions on the same machine. Needs ``valgrind``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from real_bib import real_bib

READ = "text = open(path, encoding='utf-8', errors='replace').read()\n"
IMPORT_BARE = "from bibtexparser.entrypoint import parse_string\n"
IMPORT_OURS = "from pathlib import Path\nfrom sphinx_ndif.dataset import load_dataset\n"
VARIANTS = {
    "bibtexparser, imports only": IMPORT_BARE,
    "bibtexparser, bare parse (baseline)": IMPORT_BARE
    + READ
    + "parse_string(text, parse_stack=[])",
    "sphinx-ndif, imports only": IMPORT_OURS,
    "sphinx-ndif load_dataset (as a build)": IMPORT_OURS
    + "load_dataset([Path(path)], check=False)",
}
_COLLECTED = re.compile(r"Collected\s*:\s*([0-9]+)")


def instructions(code: str, path: Path, src: Path) -> int:
    """The instructions one Python process running ``code`` executes."""
    environment = dict(os.environ, PYTHONPATH=str(src))
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, "-c", f"path = {str(path)!r}\n{code}"],
        check=True, capture_output=True, text=True, env=environment,
    )  # fmt: skip
    match = _COLLECTED.search(out.stderr)
    if match is None:
        raise SystemExit(f"callgrind printed no count:\n{out.stderr[-2000:]}")
    return int(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path)
    parser.add_argument("--src", type=Path, default=Path(__file__).parent.parent / "src")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    path = (args.file or real_bib()).resolve()
    counts = {name: instructions(code, path, args.src.resolve()) for name, code in VARIANTS.items()}
    bare_imports, bare, our_imports, ours = counts.values()
    print(f"{path.name}, sphinx-ndif from {args.src}, python {sys.version.split()[0]}")
    print(f"{'process':40} {'instructions':>15} {'ratio':>7}")
    for name, count in counts.items():
        print(f"{name:40} {count:15,} {count / bare:6.2f}x")
    load = (ours - our_imports) / (bare - bare_imports)
    print(f"{'the load itself, without imports':40} {'':15} {load:6.2f}x")


if __name__ == "__main__":
    main()
