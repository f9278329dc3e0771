"""Show link targets in plain-text output, where a link's label alone is no use.

HTML, EPUB and PDF keep links clickable; a text or man page would print only
"Other version". This post-transform runs for those builders only and appends
each target after its label, for links the extension made.
"""

from __future__ import annotations

from typing import Any

import docutils
from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform


def _is_ours(node: nodes.Element) -> bool:
    parent = node.parent
    while parent is not None:
        if any(str(name).startswith("ndif-") for name in parent.get("classes", ())):
            return True
        parent = parent.parent
    return False


class ShowLinkTargets(SphinxPostTransform):
    """Append `` <url>`` after each of our links in text output."""

    default_priority = 400
    builders: tuple[str, ...] = ("text",)

    def run(self, **kwargs: Any) -> None:
        for reference in list(self.document.findall(nodes.reference)):
            url = reference.get("refuri", "")
            if not url.startswith(("http://", "https://")) or reference.astext() == url:
                continue
            if not _is_ours(reference):
                continue
            # After the outermost inline around the link: "**Title** <url>", not "**Title <url>**".
            anchor: nodes.Element = reference
            parent = anchor.parent
            while isinstance(parent, nodes.Inline) and isinstance(parent, nodes.Element):
                anchor, parent = parent, parent.parent
            if isinstance(parent, nodes.Element):
                parent.insert(parent.index(anchor) + 1, nodes.Text(f" <{url}>"))


class ShowLinkTargetsInManPages(ShowLinkTargets):
    """The same for man pages, unless the man page writer already shows every target:
    with ``man_show_urls``, or with docutils 0.22 and later, whose translator sets its
    own link visitor on each instance and so always prints the target (it shadows
    Sphinx's; sphinx-doc/sphinx#14427). Appending ours too would print it twice."""

    builders = ("man",)

    def run(self, **kwargs: Any) -> None:
        if not self.config.man_show_urls and docutils.__version_info__ < (0, 22):
            super().run(**kwargs)
