"""Every label the extension writes, through Sphinx's translation machinery."""

from __future__ import annotations

from sphinx.locale import get_translation

MESSAGE_CATALOG = "sphinx_ndif"

_ = get_translation(MESSAGE_CATALOG)
