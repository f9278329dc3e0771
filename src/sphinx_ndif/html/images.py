"""The HTML of a paper's thumbnail: always a plain ``<img>``, lazy and async.

Written here rather than by docutils' image visitor, which picks ``<video>`` or
``<object>`` from the file name's extension: the path comes from data, and a thumbnail
is only ever an image.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote

from docutils import nodes
from sphinx.writers.html5 import HTML5Translator

from sphinx_ndif.nodes import paper_image


def visit_paper_image(self: HTML5Translator, node: paper_image) -> None:
    uri = node["uri"]
    if uri in self.builder.images:  # a local file, copied by the builder into _images
        uri = posixpath.join(self.builder.imgpath, quote(self.builder.images[uri]))
    attributes = {"src": uri, "alt": node["alt"], "loading": "lazy", "decoding": "async"}
    self.body.append(self.emptytag(node, "img", "\n", **attributes))
    raise nodes.SkipNode
