"""What a build keeps between builds: the size of Sphinx's ``environment.pickle`` and of
each page's doctree, for a page listing many synthetic papers and a page citing one.

The environment is loaded by every incremental build and sent to every parallel reader,
so what the extension keeps in it costs each build. Usage::

    python benchmarks/env_size.py [--papers 5000]
"""

from __future__ import annotations

import argparse
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

from build_speed import ndif_conf, project, synthetic_bib


def sizes(papers: int) -> dict[str, int]:
    """Bytes of the environment, of the domain's share of it, and of each doctree."""
    with tempfile.TemporaryDirectory() as tmp:
        bib = Path(tmp, "synthetic.bib")
        synthetic_bib(bib, papers)
        index = (
            "Papers\n======\n\n.. toctree::\n\n   cite\n\n"
            ".. ndif-papers::\n   :show: authors, venue\n"
        )
        cite = "Cite\n====\n\n.. ndif-citation:: s1\n\nSee :ndif-cite:`s2`.\n"
        src = project(Path(tmp, "p"), ndif_conf(bib), index, {"cite.rst": cite})
        doctrees = src / "_build" / "doctrees"
        subprocess.run(
            [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", str(doctrees),
             str(src), str(src / "_build" / "html")],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        environment = doctrees / "environment.pickle"
        with environment.open("rb") as file:
            env = pickle.load(file)
        domain = pickle.dumps(env.domaindata.get("ndif", {}), protocol=pickle.HIGHEST_PROTOCOL)
        return {
            "environment.pickle": environment.stat().st_size,
            "  of which the ndif domain's data": len(domain),
            "index.doctree (the list)": (doctrees / "index.doctree").stat().st_size,
            "cite.doctree (a citation)": (doctrees / "cite.doctree").stat().st_size,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=5000)
    args = parser.parse_args()
    print(f"{args.papers:,} synthetic papers on one page")
    for name, size in sizes(args.papers).items():
        print(f"{name:36} {size / 1024:9.1f} KiB")


if __name__ == "__main__":
    main()
