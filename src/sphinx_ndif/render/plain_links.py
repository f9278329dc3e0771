"""Show link targets in plain-text output, where a link's label alone is no use.

HTML, EPUB and PDF keep links clickable; a text or man page would print only
"Other version". This post-transform runs for those builders only and appends
each target after its label, for links the extension made.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

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


# What roff reads in a link target: its escape character, the quotes that end a device
# control string (Sphinx writes ``\X'tty: link URL'``), spaces and line breaks.
_ROFF_ACTIVE = re.compile(r"[\\'\"\s\x00-\x1f\x7f]")


def roff_safe_uri(uri: str) -> str:
    """``uri`` with every character roff would act on percent-encoded: a browser reads
    the same address, and ``\\V[HOME]`` can never show a reader's ``$HOME``."""
    return _ROFF_ACTIVE.sub(lambda match: quote(match.group(), safe=""), uri)


class RoffSafeLinkTargets(SphinxPostTransform):
    """Make every link target of a man page roff-safe before the writer prints it.

    Both writers print targets unescaped: docutils 0.22's (``\\%<URL>``, and the link
    text when it is the URL) and Sphinx's (``\\X'tty: link URL'``, ``man_show_urls``).
    Changing the nodes reaches whatever writer prints them; the link text is changed
    only where it is the target itself, as it is for every link we make of a URL.
    """

    default_priority = 390  # before ShowLinkTargetsInManPages copies targets into text
    builders = ("man",)

    def run(self, **kwargs: Any) -> None:
        for reference in self.document.findall(nodes.reference):
            uri = reference.get("refuri", "")
            safe = roff_safe_uri(uri)
            if safe == uri:
                continue
            reference["refuri"] = safe
            if reference.astext() in (uri, uri.removeprefix("mailto:")):
                reference.children = []
                reference += nodes.Text(roff_safe_uri(reference.astext()))
