extensions = ["sphinx_ndif"]
ndif_data_files = ["refs/lab.bib", "refs/override.bib"]
exclude_patterns = ["_build"]
