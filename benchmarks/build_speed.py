"""Whole HTML builds: sphinx-ndif against sphinxcontrib-bibtex and plain reST.

Every variant is a fresh ``sphinx-build`` in its own process, run several times in
turn (A B C A B C ...); the table shows median wall time, the ratio to the first
variant of its group, and peak memory (the process's max RSS). Needs
``pip install sphinxcontrib-bibtex`` for the comparison rows. Usage::

    python benchmarks/build_speed.py [--runs 3] [--only GROUP]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from real_bib import deduplicated_bib

HERE = Path(__file__).parent
BUNDLED = HERE.parent / "src" / "sphinx_ndif" / "data" / "ndif.bib"
WORDS = ["probing", "steering", "sparse-autoencoders", "multilingual", "reasoning"]


def synthetic_bib(path: Path, count: int, tags: int = 100) -> None:
    with path.open("w") as bib:
        for i in range(count):
            bib.write(
                f"@article{{s{i}, author = {{Author{i % 300}, Ann and Other{i % 17}, Bob}},"
                f" title = {{Synthetic study number {i} of {WORDS[i % 5]}}},"
                f" journal = {{Journal {i % 40}}}, year = {{{1990 + i % 35}}},"
                f" keywords = {{tag{i % tags}}}}}\n"
            )


def plain_rst(bib: Path) -> str:
    """The same entries written by hand as reST: what a maintainer would otherwise keep."""
    from sphinx_ndif.dataset import load_dataset

    lines = ["Papers", "======", ""]
    for record in load_dataset([bib], check=False).records.values():
        authors = ", ".join(person.display for person in record.authors)
        title = record.title.replace("*", "\\*").replace("`", "\\`").replace("|", "\\|")
        lines += [f"* **{title}**", "", f"  {authors}. *{record.venue}* {record.year or ''}", ""]
    return "\n".join(lines) + "\n"


def project(root: Path, conf: str, index: str, extra: dict[str, str] | None = None) -> Path:
    root.mkdir(parents=True)
    (root / "conf.py").write_text(conf)
    (root / "index.rst").write_text(index)
    (root / "unrelated.rst").write_text(":orphan:\n\nUnrelated\n=========\n\nText.\n")
    for name, text in (extra or {}).items():
        (root / name).write_text(text)
    return root


def ndif_conf(bib: Path) -> str:
    return (
        f'extensions = ["sphinx_ndif"]\nndif_data_files = [{str(bib)!r}]\n'
        "ndif_include_bundled = False\n"
    )


def ndif(bib: Path, root: Path, show: str = "authors, venue") -> Path:
    return project(root, ndif_conf(bib), f"Papers\n======\n\n.. ndif-papers::\n   :show: {show}\n")


def bibtex_ext(bib: Path, root: Path) -> Path:
    conf = f'extensions = ["sphinxcontrib.bibtex"]\nbibtex_bibfiles = [{str(bib)!r}]\n'
    return project(root, conf, "Papers\n======\n\n.. bibliography::\n   :all:\n")


def plain(bib: Path, root: Path) -> Path:
    return project(root, "extensions = []\n", plain_rst(bib))


def build(src: Path, *args: str, keep: bool = False) -> tuple[float, float]:
    """(wall seconds, peak MiB) of one ``sphinx-build`` of ``src``."""
    out = src / "_build"
    if not keep:
        shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", *args, str(src), str(out / "html")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    # wait4 gives this one process's own peak memory (its largest worker's, with -j).
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if process.returncode:
        raise SystemExit(f"sphinx-build failed for {src}")
    return wall, usage.ru_maxrss / 1024


def touch_and_rebuild(src: Path, name: str = "unrelated.rst") -> tuple[float, float]:
    """Time an incremental build after editing one page (by default one unrelated to the
    papers)."""
    if not (src / "_build").exists():
        build(src)
    page = src / name
    page.write_text(page.read_text() + "\nMore text.\n")
    os.utime(page, (time.time() + 1, time.time() + 1))
    return build(src, keep=True)


Variant = tuple[str, Callable[[], tuple[float, float]]]


def groups(tmp: Path, has_bibtex: bool) -> dict[str, list[Variant]]:
    # Its 4 repeated fields removed: pybtex stops at the first, and so would compare
    # sphinxcontrib-bibtex rendering 978 entries with the others rendering 4,839.
    real = deduplicated_bib()
    many = tmp / "synthetic.bib"
    synthetic_bib(many, 10_000)
    out: dict[str, list[Variant]] = {}

    def variants(name: str, bib: Path) -> list[Variant]:
        rows: list[Variant] = [
            (f"{name}: sphinx-ndif", partial(build, ndif(bib, tmp / f"{name}-ndif"))),
            (f"{name}: plain reST", partial(build, plain(bib, tmp / f"{name}-plain"))),
        ]
        if has_bibtex:
            bibtex_project = bibtex_ext(bib, tmp / f"{name}-bibtex")
            rows.append((f"{name}: sphinxcontrib-bibtex :all:", partial(build, bibtex_project)))
        return rows

    out["bundled"] = variants("bundled (25)", BUNDLED)
    out["real"] = variants("tugboat (4,839)", real)
    out["synthetic"] = variants("synthetic (10,000)", many)
    with_ext = ndif(BUNDLED, tmp / "incr-ndif")
    without = project(tmp / "incr-plain", "extensions = []\n", "Papers\n======\n\nText.\n")
    out["incremental"] = [
        ("unrelated edit, with sphinx-ndif", lambda: touch_and_rebuild(with_ext)),
        ("unrelated edit, without the extension", lambda: touch_and_rebuild(without)),
    ]
    listing = ndif(real, tmp / "listing-ndif")
    listing_plain = plain(real, tmp / "listing-plain")
    out["listing"] = [
        (
            "tugboat, edit the list's page, sphinx-ndif",
            lambda: touch_and_rebuild(listing, "index.rst"),
        ),
        (
            "tugboat, edit the list's page, plain reST",
            lambda: touch_and_rebuild(listing_plain, "index.rst"),
        ),
    ]
    parallel = ndif(real, tmp / "parallel")
    out["parallel"] = [
        ("tugboat, -j 2", lambda: build(parallel, "-j", "2")),
        ("tugboat, serial", lambda: build(parallel)),
    ]
    tagged = tmp / "tagged.bib"
    synthetic_bib(tagged, 10_000, tags=100)
    hundred = "".join(
        f".. ndif-papers::\n   :tags: tag{i}\n   :show: authors\n\n" for i in range(100)
    )
    conf = ndif_conf(tagged)
    many_directives = project(tmp / "hundred", conf, "Papers\n======\n\n" + hundred)
    one_directive = project(
        tmp / "one", conf, "Papers\n======\n\n.. ndif-papers::\n   :show: authors\n"
    )
    out["directives"] = [
        ("100 directives, one tag each (10,000 papers)", lambda: build(many_directives)),
        ("1 directive, the same 10,000 papers", lambda: build(one_directive)),
    ]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", action="append", help="run only these groups")
    args = parser.parse_args()
    try:
        import sphinxcontrib.bibtex  # noqa: F401

        has_bibtex = True
    except ImportError:
        has_bibtex = False
        print("sphinxcontrib-bibtex is not installed: its rows are left out")
    with tempfile.TemporaryDirectory() as tmp:
        for name, variants in groups(Path(tmp), has_bibtex).items():
            if args.only and name not in args.only:
                continue
            times: dict[str, list[float]] = {label: [] for label, _ in variants}
            memory: dict[str, float] = {}
            for _ in range(args.runs):
                for label, run in variants:
                    wall, peak = run()
                    times[label].append(wall)
                    memory[label] = max(memory.get(label, 0.0), peak)
            first = statistics.median(times[variants[0][0]])
            print(f"\n{name} ({args.runs} runs each)")
            print(f"{'variant':48} {'median s':>9} {'vs first':>9} {'peak MiB':>9}")
            for label, _ in variants:
                median = statistics.median(times[label])
                print(f"{label:48} {median:9.2f} {median / first:8.2f}x {memory[label]:9.0f}")


if __name__ == "__main__":
    main()
