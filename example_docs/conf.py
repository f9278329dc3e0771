"""Sphinx configuration of the sphinx-ndif example: the bundled dataset, no extra settings."""

project = "sphinx-ndif example"

extensions = ["sphinx_ndif", "myst_parser"]
myst_enable_extensions = ["colon_fence"]

exclude_patterns = ["_build"]
