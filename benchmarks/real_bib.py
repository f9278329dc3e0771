"""Where the benchmarks get a real, large bibliography: Nelson Beebe's TUGboat .bib.

It ships in Debian's ``texlive-bibtex-extra`` package. It is never committed: the
package is downloaded once with ``apt-get download`` (no root needed) into
``benchmarks/.cache`` and the one file is extracted from it.
"""

from __future__ import annotations

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


if __name__ == "__main__":
    print(real_bib())
