extensions = ["sphinx_ndif", "myst_parser"]
myst_enable_extensions = ["colon_fence"]
project = "basic"
version = release = "1.0"
copyright = "2026, tests"
exclude_patterns = ["_build"]
