"""An HTML builder that, as EPUB does, offers no downloads: a test extension."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder


class NoDownloadsBuilder(StandaloneHTMLBuilder):
    name = "nodownloads"
    download_support = False


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_builder(NoDownloadsBuilder)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
