"""Where the benchmarks get a real, large bibliography: Nelson Beebe's TUGboat .bib.

It ships in Debian's ``texlive-bibtex-extra`` package. It is never committed: the
package is downloaded once with ``apt-get download`` (no root needed) into
``benchmarks/.cache`` and the one file is extracted from it.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

CACHE = Path(__file__).parent / ".cache"
NAME = "tugboat.bib"
INSIDE = "usr/share/texlive/texmf-dist/bibtex/bib/beebe/tugboat.bib"


def real_bib() -> Path:
    """The path of tugboat.bib, fetching it on first use."""
    target = CACHE / NAME
    if target.is_file():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["apt-get", "download", "texlive-bibtex-extra"], cwd=tmp, check=True,
            capture_output=True,
        )  # fmt: skip
        (deb,) = Path(tmp).glob("texlive-bibtex-extra_*.deb")
        subprocess.run(["dpkg-deb", "-x", str(deb), tmp], check=True)
        (Path(tmp) / INSIDE).replace(target)
    return target


_FIELD = re.compile(r"^\s+([A-Za-z][\w-]*)\s*=")


def deduplicated_bib() -> Path:
    """tugboat.bib without its 4 repeated fields (in 2 entries; the first value is kept).

    pybtex, and so sphinxcontrib-bibtex, stops at the first repeated field and renders
    only the 978 entries before it; with this copy every tool gets all 4,839 entries.
    The file is one field per line, continued by indented lines, entries closed by "}".
    """
    target = CACHE / "tugboat-dedup.bib"
    if target.is_file():
        return target
    kept: list[str] = []
    seen: set[str] = set()
    skipping = False
    for line in real_bib().read_text(encoding="utf-8").splitlines(keepends=True):
        field = _FIELD.match(line)
        if line.startswith("@"):
            seen, skipping = set(), False
        elif field:
            name = field.group(1).casefold()
            skipping = name in seen
            seen.add(name)
        elif line.lstrip().startswith("}"):
            skipping = False
        if not skipping:
            kept.append(line)
    target.write_text("".join(kept), encoding="utf-8")
    return target


if __name__ == "__main__":
    print(real_bib())
    print(deduplicated_bib())
