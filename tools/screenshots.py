"""Take the README's pictures of the guide's research and citing pages, light and dark.

Builds the guide (example_docs/) with furo, a theme that follows the reader's colour scheme
(the guide's default theme, alabaster, has no dark mode), opens each page from disk in
Debian's Chromium through Playwright, and writes small PNGs to
example_docs/_static/screenshots/. Run it from the repository's root after changing how the
pages look: ``python tools/screenshots.py`` (needs the browser extra: furo, Playwright).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "example_docs"
OUT = GUIDE / "_static" / "screenshots"
CHROMIUM = os.environ.get("NDIF_CHROMIUM", "/usr/bin/chromium")
PAGES = {"research": "research.html", "citing": "citing.html"}
VIEWPORT = {"width": 1100, "height": 760}


def build(outdir: Path) -> Path:
    """The guide as HTML with furo, in its own process (warnings are errors)."""
    command = [sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html"]
    command += ["-D", "html_theme=furo", str(GUIDE), str(outdir)]
    subprocess.run(command, check=True)
    return outdir


def shoot(site: Path, outdir: Path, scale: float) -> list[Path]:
    """One PNG per page and colour scheme: the top of the page, as a reader first sees it."""
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            for scheme in ("light", "dark"):
                context = browser.new_context(
                    viewport=VIEWPORT, color_scheme=scheme, device_scale_factor=scale
                )
                # Offline: only the built files, never the network.
                context.route("http*://**", lambda route: route.abort())
                page = context.new_page()
                for name, path in PAGES.items():
                    page.goto((site / path).as_uri())
                    page.wait_for_load_state("load")
                    target = outdir / f"{name}-{scheme}.png"
                    page.screenshot(path=str(target))
                    written.append(target)
                context.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="where the PNGs go")
    parser.add_argument("--scale", type=float, default=1.0, help="device pixel ratio")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        site = build(Path(work) / "html")
        for path in shoot(site, args.out, args.scale):
            print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
