# nnsight's documentation in miniature (branch `docs` of the nnsight website repository):
# pydata-sphinx-theme, dark by default, sphinx-copybutton, sphinx-design, sphinx-toolbox's
# collapse, a page script of the site's own, reST pages and one MyST page, built as dirhtml.
project = "nnsight"
extensions = [
    "sphinx_copybutton",
    "sphinx_design",
    "sphinx_toolbox.collapse",
    "myst_parser",
]
exclude_patterns = ["_build"]
html_theme = "pydata_sphinx_theme"
html_context = {"default_mode": "dark"}
html_static_path = ["_static"]
# The site's script: on a page with a <summary>, every <p> becomes a <span>.
html_js_files = ["paragraphs-to-spans.js"]

# Added for sphinx-ndif (the README's "In the NNsight docs" shows exactly these lines):
extensions.append("sphinx_ndif")
