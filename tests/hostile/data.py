"""One hostile record in each source format, and the marks that show an injection.

Every text field carries a LaTeX control sequence (``\\ndifpwned``), a Texinfo command
(``@ndifpwned{}``), roff requests at line starts (``.ndifpwned``, ``'ndifpwned``), a roff
escape (``\\V[HOME]``), markup and control characters. A writer that escapes them
prints them as text; one that doesn't lets the mark act.
"""

from __future__ import annotations

import json

import yaml

TEXT = "}\\ndifpwned{x}{ @ndifpwned{} \\V[HOME] <b>b</b> \x01\x07\x1b[31m\x9b red"
LINES = "\n.ndifpwned\n'ndifpwned"
URL = "https://example.org/it's"
CODE_URL = "https://github.com/o/r'x"
BAD_URLS = ("https://evil.com\\.github.com/x", "https://x.org/\\V[HOME]", "javascript:alert(1)")
TAG = "}\\ndifpwned{x}{"

BIB = (
    "@misc{hostile-bib,\n"
    "  title = {Bib \\textbackslash{}ndifpwned\\{x\\} @ndifpwned\\{\\} \\textbackslash{}V[HOME]"
    " \x01\x1b[31m title\n.ndifpwned\n'ndifpwned},\n"
    "  author = {Doe\x1b[31m, Jane and Roe, R.},\n"
    "  year = {2024},\n"
    "  keywords = {" + TAG.replace("{", "").replace("}", "") + ", normal},\n"
    "  howpublished = {Venue \\textbackslash{}ndifpwned @ndifpwned},\n"
    f"  url = {{{URL}}},\n"
    f"  ndif-projecturl = {{{CODE_URL}}},\n"
    f"  ndif-alturl = {{{BAD_URLS[0]}}},\n"
    "  doi = {10.1/x'y\n.ndifpwned},\n"
    "  annotation = {Summary \\textbackslash{}ndifpwned a@b.org\n.ndifpwned},\n"
    "  ndif-note = {Note \\textbackslash{}ndifpwned\n'ndifpwned},\n"
    "}\n"
)
PIPELINE = json.dumps(
    [
        {
            "title": "Pipe " + TEXT,
            "authors": "Jane Doe\x1b, R Roe",
            "year": 2023,
            "venue": "Venue " + TEXT,
            "url": BAD_URLS[1],
            "description": "Summary " + TEXT + LINES,
            "category": "uses_ndif",
            "project_url": CODE_URL,
        }
    ]
)
CSL = json.dumps(
    [
        {
            "id": "hostile-csl}\\ndifpwned",
            "type": "article-journal",
            "title": "Csl " + TEXT + LINES,
            "author": [{"family": "Doe" + TEXT, "given": "Jane"}],
            "issued": {"date-parts": [[2022]]},
            "container-title": "Journal " + TEXT,
            "URL": URL,
            "DOI": "10.1/x'y" + LINES,
            "abstract": "Abstract " + TEXT,
            "keyword": TAG + ", normal",
        }
    ]
)
CFF = yaml.safe_dump(
    {
        "cff-version": "1.2.0",
        "title": "Cff " + TEXT,
        "authors": [{"family-names": "Doe" + TEXT, "given-names": "Jane"}],
        "date-released": "2021-01-01",
        "url": BAD_URLS[2],
        "keywords": [TAG, "normal"],
        "abstract": "Abstract " + TEXT + LINES,
    },
    allow_unicode=False,
)
FILES = {"hostile.bib": BIB, "pipeline.json": PIPELINE, "csl.json": CSL, "CITATION.cff": CFF}
