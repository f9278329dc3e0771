"""The stylesheet and script as files: what a browser test would not notice."""

from __future__ import annotations

import re
from pathlib import Path

from sphinx_ndif.html import _labels

STATIC = Path(__file__).parent.parent / "src" / "sphinx_ndif" / "static"
CSS = (STATIC / "ndif.css").read_text(encoding="utf-8")
JS = (STATIC / "ndif.js").read_text(encoding="utf-8")


def test_the_stylesheet_has_one_print_block_and_no_deprecated_clip() -> None:
    assert len(re.findall(r"@media\s+print\b", CSS)) == 1
    assert not re.search(r"(?<![-\w])clip\s*:", CSS)  # clip-path is the current form


def test_the_script_and_the_extension_know_the_same_labels() -> None:
    """Each label the script shows has an English default there and a translation here."""
    defaults = JS[JS.index("const DEFAULT_LABELS = {") : JS.index("};", JS.index("DEFAULT_LABELS"))]
    in_script = set(re.findall(r"(\w+): '", defaults))
    used = set(re.findall(r"\blabel\('(\w+)'\)", JS))
    assert used <= in_script, used - in_script
    assert in_script == set(_labels()), in_script ^ set(_labels())
