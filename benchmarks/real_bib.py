"""Where the benchmarks and the corpus test get real bibliographies.

Nelson Beebe's TUGboat .bib (4,839 entries), his other bibliographies of typesetting and
biblatex's own ``biblatex-examples.bib`` (92 entries, every biblatex entry type and
field) all ship in Debian's
``texlive-bibtex-extra`` package. They are never committed: the package is downloaded
once with ``apt-get download`` (no root needed) into ``benchmarks/.cache`` and the
files are extracted from it.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

CACHE = Path(__file__).parent / ".cache"
PACKAGE = "texlive-bibtex-extra"
TEXMF = "usr/share/texlive/texmf-dist/bibtex/bib"
CORPORA = {
    "tugboat.bib": f"{TEXMF}/beebe/tugboat.bib",
    "biblatex-examples.bib": f"{TEXMF}/biblatex/biblatex/biblatex-examples.bib",
    # Nelson Beebe's other bibliographies of typesetting (3,900 entries): German, French,
    # Polish and Vietnamese names and titles, babel shorthands, \noopsort, \emdash.
    **{name: f"{TEXMF}/beebe/{name}" for name in (
        "texbook1.bib", "texbook2.bib", "texbook3.bib", "font.bib", "typeset.bib",
        "texgraph.bib", "printing-history.bib",
    )},
}  # fmt: skip


def _fetch() -> None:
    """Download the package once and extract every corpus file into the cache."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["apt-get", "download", PACKAGE], cwd=tmp, check=True, capture_output=True
        )  # fmt: skip
        (deb,) = Path(tmp).glob(f"{PACKAGE}_*.deb")
        subprocess.run(["dpkg-deb", "-x", str(deb), tmp], check=True)
        for name, inside in CORPORA.items():
            (Path(tmp) / inside).replace(CACHE / name)


def corpus(name: str) -> Path:
    """The path of one corpus file (a key of :data:`CORPORA`), fetching it on first use."""
    target = CACHE / name
    if not target.is_file():
        _fetch()
    return target


def real_bib() -> Path:
    """The path of tugboat.bib, fetching it on first use."""
    return corpus("tugboat.bib")


def biblatex_examples() -> Path:
    """The path of biblatex-examples.bib, fetching it on first use."""
    return corpus("biblatex-examples.bib")


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
    for name in CORPORA:
        print(corpus(name))
    print(deduplicated_bib())
