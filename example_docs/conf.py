"""Sphinx configuration of the sphinx-ndif user guide, built with sphinx-ndif itself.

The guide uses the bundled dataset and the default theme, so the README's first command
(``pip install -e ".[myst]"`` and ``sphinx-build``) builds it with nothing else installed.
"""

import sys
from pathlib import Path

# The guide's own directives (ndif-example, ndif-cli-help, ...) live in _ext/.
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

from sphinx_ndif import __version__

project = "sphinx-ndif"
version = release = __version__
author = "sphinx-ndif developers"
copyright = "sphinx-ndif developers"

# [start-extensions]
extensions = ["sphinx_ndif", "myst_parser"]
# [end-extensions]
extensions += ["ndif_guide"]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3

html_static_path = ["_static"]
html_title = "sphinx-ndif"
exclude_patterns = ["_build"]
epub_show_urls = "no"
latex_elements = {"printindex": ""}
