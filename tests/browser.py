"""Helpers for the browser tests: build a site, serve it on 127.0.0.1, drive Chromium.

The tests use Debian's Chromium through Playwright (``executable_path``), never a
downloaded browser. Without a browser they skip with the reason, except where
``NDIF_REQUIRE_BROWSER=1`` (set by ``.ci/run``) makes a missing browser a failure.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("NDIF_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


# The modules of the `browser` extra: Playwright and what the test sites load.
BROWSER_EXTRA = (
    "playwright", "furo", "pydata_sphinx_theme", "sphinx_book_theme",
    "sphinx_copybutton", "sphinx_design", "sphinx_toolbox",
)  # fmt: skip


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # ValueError: blocked in sys.modules
        return False


def require_browser() -> None:
    """Skip (or fail in CI) when the `browser` extra or Chromium is not installed."""
    reason = None
    missing = [name for name in BROWSER_EXTRA if not _installed(name)]
    if missing:
        reason = f"{', '.join(missing)} not installed (pip install -e '.[test,browser]')"
    if reason is None and not Path(CHROMIUM).exists():
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if reason is not None:
        if os.environ.get("NDIF_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required but {reason}")
        pytest.skip(reason)


def expect(target: Any) -> Any:
    """Playwright's ``expect``, imported when used: this module loads without Playwright."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def build_site(srcdir: Path, outdir: Path, *overrides: str, builder: str = "html") -> Path:
    """Build ``srcdir`` to HTML in its own process (no global Sphinx state shared)."""
    command = [sys.executable, "-m", "sphinx", "-q", "-W", "-b", builder, str(srcdir), str(outdir)]
    for override in overrides:
        command += ["-D", override]
    subprocess.run(command, check=True, capture_output=True, text=True)
    return outdir


def copy_root(name: str, target: Path) -> Path:
    shutil.copytree(Path(__file__).parent / "roots" / f"test-{name}", target)
    return target


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve a directory on 127.0.0.1 (a real origin: clipboard and history need one)."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


_COLOURS = """
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {  // the first opaque background at or above el
    for (let at = el; at; at = at.parentElement) {
      const color = getComputedStyle(at).backgroundColor;
      if (!/rgba\\(.*,\\s*0\\)$/.test(color) && color !== 'transparent') return color;
    }
    return 'rgb(255, 255, 255)';
  };
"""


def contrast(page: Any, selector: str) -> float:
    """WCAG contrast ratio between an element's text colour and its background."""
    return float(
        page.evaluate(
            f"""(selector) => {{{_COLOURS}
              const el = document.querySelector(selector);
              const a = lum(rgb(getComputedStyle(el).color)), b = lum(rgb(background(el)));
              return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
            }}""",
            selector,
        )
    )


def background_luminance(page: Any, selector: str) -> float:
    """The WCAG relative luminance (0 black to 1 white) of the background an element shows."""
    return float(
        page.evaluate(
            f"""(selector) => {{{_COLOURS}
              return lum(rgb(background(document.querySelector(selector))));
            }}""",
            selector,
        )
    )
