extensions = ["sphinx_ndif", "myst_parser"]
project = "browser"
exclude_patterns = ["_build"]
