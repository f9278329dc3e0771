"""The filter bar with 5,000 papers on one page, in headless Chromium.

Builds a page listing 5,000 synthetic papers, serves it on 127.0.0.1 and measures,
in the browser: how long after the document is parsed ndif.js is ready (filter bar
built, copy buttons made, listeners added), how many copy buttons it made, and
how long a keystroke in the search box takes until the updated list is painted
(the input handler plus the next frame). Prints medians; asserts nothing.

    python benchmarks/browser_filter.py [--papers 5000] [--keys 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
from browser import CHROMIUM, CHROMIUM_ARGS, serve

# One keystroke: set the box's value as typing would, fire "input", and wait for the
# frame that shows the result.
KEYSTROKE = """(text) => new Promise((resolve) => {
  const box = document.querySelector('.ndif-filter-search');
  const start = performance.now();
  box.value = text;
  box.dispatchEvent(new Event('input', { bubbles: true }));
  requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start), 0));
})"""
# When ndif.js marks the page ready, noted by an observer installed before any script.
NOTE_READY = """new MutationObserver((_, observer) => {
  window.ndifBenchReadyAt = performance.now();
  observer.disconnect();
}).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ndif-ready'] });"""
# ms from the parsed document (deferred scripts run after it) to the script's ready mark,
# and the copy buttons the page has then.
READY = """() => new Promise((resolve) => {
  const parsed = performance.getEntriesByType('navigation')[0].domInteractive;
  const check = () => window.ndifBenchReadyAt !== undefined
    ? resolve([window.ndifBenchReadyAt - parsed, document.querySelectorAll('.ndif-copy').length])
    : setTimeout(check, 5);
  check();
})"""


def make_site(root: Path, papers: int) -> Path:
    src = root / "src"
    src.mkdir()
    words = ["llama", "probe", "circuit", "feature", "steering", "attention", "memory"]
    with (src / "many.bib").open("w") as bib:
        for i in range(papers):
            bib.write(
                f"@inproceedings{{p{i}, title = {{A study of {words[i % 7]} number {i}}},"
                f" author = {{Author{i % 97}, Ann and Other{i % 13}, Bob}},"
                f" booktitle = {{Conference {i % 11}}}, year = {2000 + i % 25},"
                f" keywords = {{{words[i % 5]}, {words[(i + 3) % 7]}}},"
                f" annotation = {{This paper looks at {words[i % 7]} and {words[(i + 2) % 7]}"
                f" in model {i}, with results that matter for interpretability.}}}}\n"
            )
    (src / "conf.py").write_text(
        'extensions = ["sphinx_ndif"]\nndif_data_files = ["many.bib"]\n'
        "ndif_include_bundled = False\n"
    )
    (src / "index.rst").write_text("Papers\n======\n\n.. ndif-papers::\n")
    out = root / "html"
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(out)], check=True
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=5000)
    parser.add_argument("--keys", type=int, default=15)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        out = make_site(Path(tmp), args.papers)
        size = (out / "index.html").stat().st_size / 1e6
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        with serve(out) as url:
            ready: list[float] = []
            keystrokes: list[float] = []
            buttons = 0
            for _ in range(3):
                page = browser.new_page()
                page.add_init_script(NOTE_READY)
                page.goto(f"{url}/index.html", timeout=120_000)
                took, buttons = page.evaluate(READY)
                ready.append(took)
                typed = ""
                for char in ("llama probe" * 3)[: args.keys]:
                    typed += char
                    keystrokes.append(page.evaluate(KEYSTROKE, typed))
                page.close()
        browser.close()
    print(f"{args.papers} papers, page {size:.1f} MB, Chromium headless")
    print(
        f"ndif.js ready after the DOM is parsed (median of 3): {statistics.median(ready):7.1f} ms"
    )
    print(f"copy buttons made at load: {buttons}")
    print(f"keystroke to painted list (median of {len(keystrokes)}): "
          f"{statistics.median(keystrokes):7.1f} ms (max {max(keystrokes):.1f} ms)")  # fmt: skip


if __name__ == "__main__":
    main()
