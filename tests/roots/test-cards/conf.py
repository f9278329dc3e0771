extensions = ["sphinx_ndif", "myst_parser"]
project = "cards"
exclude_patterns = ["_build"]
ndif_data_files = ["research.json"]
ndif_include_bundled = False
# The folder stands for the site's root: "/images/wide.png" is research-images/images/wide.png.
ndif_image_dir = "research-images"
