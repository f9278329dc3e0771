"""The guide's own directives: snippets shown and run from one source, generated reference.

- ``ndif-example``: shows its content as a literal block, then parses that same content
  live, so every snippet in the guide is the snippet that runs (never copied by hand).
  On a MyST page the content is Markdown, on a reST page reStructuredText.
- ``ndif-cli-help``: the ``sphinx-ndif`` parser's own ``--help`` text, per subcommand.
- ``ndif-command``: runs ``sphinx-ndif ARGS`` in the source directory and shows the command
  with everything it printed, so a command line example is its own output.
- ``ndif-config-table``: every ``ndif_*`` configuration value Sphinx knows, with its default
  from the registration itself; one without a description here is a build warning.
- ``ndif-warning-table``: the warning subtypes of one group, from the register
  (:class:`sphinx_ndif.warnings.NdifWarning`).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shlex
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import OptionSpec

from sphinx_ndif.warnings import NdifWarning, WarningGroup

logger = logging.getLogger(__name__)

CONFIG_MEANINGS: dict[str, str] = {
    "ndif_data_files": "your own data files: .bib, .json (NDIF pipeline or CSL-JSON), "
    "CITATION.cff; read in order, after the bundled data",
    "ndif_include_bundled": "whether to load the bundled dataset",
    "ndif_citation_key": "the record ndif-citation shows when given no key",
    "ndif_check_data": "also show the data-quality findings of sphinx-ndif check in the build",
    "ndif_html_filter": "a filter bar above every ndif-papers list in HTML",
    "ndif_cite_format": "the text of an inline ndif-cite ({author}, {year}, {title}, {key})",
    "ndif_html_metadata": "scholarly metadata (citation_* meta tags, JSON-LD) in the HTML head",
    "ndif_default_style": "the citation style when :style: is not given",
    "ndif_image_base_url": "the http(s) URL that image paths in the data are relative to",
    "ndif_image_dir": "a folder (relative to the source directory) that image paths are "
    "looked up in first; its images are copied into HTML output",
}
"""What each configuration value means; the name and default come from Sphinx itself."""


class ExampleDirective(SphinxDirective):
    """Show the content as source, then parse the very same lines."""

    has_content = True
    option_spec: ClassVar[OptionSpec] = {"caption": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        source = "\n".join(self.content)
        is_myst = Path(self.env.doc2path(self.env.docname)).suffix == ".md"
        literal = nodes.literal_block(source, source, language="markdown" if is_myst else "rst")
        self.set_source_info(literal)
        box = nodes.container(classes=["ndif-guide-example"])
        if "caption" in self.options:
            box += nodes.rubric("", self.options["caption"])
        box += literal
        output = nodes.container(classes=["ndif-guide-output"])
        self.state.nested_parse(self.content, self.content_offset, output)
        box += output
        return [box]


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The subparsers by name (argparse keeps them on its private ``_actions`` list)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


class CliHelpDirective(SphinxDirective):
    """``--help`` of ``sphinx-ndif`` (no argument) or of one subcommand."""

    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        from sphinx_ndif.cli import build_parser

        parser = build_parser()
        if self.arguments:
            choices = _subcommands(parser)
            if self.arguments[0] not in choices:
                raise self.error(f"no subcommand {self.arguments[0]!r}: {sorted(choices)}")
            parser = choices[self.arguments[0]]
        # argparse wraps at the terminal's width: fix it so the page is the same everywhere.
        saved = os.environ.get("COLUMNS")
        os.environ["COLUMNS"] = "88"
        try:
            text = parser.format_help().rstrip()
        finally:
            if saved is None:
                del os.environ["COLUMNS"]
            else:
                os.environ["COLUMNS"] = saved
        return [nodes.literal_block(text, text, language="text")]


class CommandDirective(SphinxDirective):
    """``$ sphinx-ndif ARGS`` and its output (stdout and stderr, in order), run at build time."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[OptionSpec] = {"exit": directives.nonnegative_int}

    def run(self) -> list[nodes.Node]:
        from sphinx_ndif.cli import main

        argv = shlex.split(self.arguments[0])
        srcdir = Path(self.env.srcdir)
        for arg in argv:
            if (srcdir / arg).is_file():
                self.env.note_dependency(str(srcdir / arg))
        output = io.StringIO()
        cwd = Path.cwd()
        os.chdir(srcdir)  # the paths in the command are relative to the guide's source
        try:
            with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
                status = main(argv)
        finally:
            os.chdir(cwd)
        expected = self.options.get("exit", 0)
        if status != expected:
            logger.warning(
                "sphinx-ndif %s exited with %d, not %d:\n%s",
                self.arguments[0],
                status,
                expected,
                output.getvalue(),
                location=(self.env.docname, self.lineno),
            )
        text = f"$ sphinx-ndif {self.arguments[0]}\n{output.getvalue().rstrip()}"
        return [nodes.literal_block(text, text, language="text")]


def _table(header: list[str], rows: list[list[nodes.Node | str]], widths: list[int]) -> nodes.table:
    table = nodes.table(classes=["ndif-guide-table"])
    group = nodes.tgroup(cols=len(header))
    table += group
    group += [nodes.colspec(colwidth=width) for width in widths]

    def row_of(cells: list[nodes.Node | str]) -> nodes.row:
        row = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            # nodes.Text is a str too: only plain strings become code.
            node = cell if isinstance(cell, nodes.Node) else nodes.literal(cell, cell)
            entry += nodes.paragraph("", "", node)
            row += entry
        return row

    thead = nodes.thead()
    thead += row_of([nodes.Text(name) for name in header])
    group += thead
    body = nodes.tbody()
    body += [row_of(cells) for cells in rows]
    group += body
    return table


class ConfigTableDirective(SphinxDirective):
    """Every ``ndif_*`` value registered with Sphinx: name, default, meaning."""

    def run(self) -> list[nodes.Node]:
        rows: list[list[nodes.Node | str]] = []
        # Sphinx keeps the registered values (with their defaults) on ``Config._options``.
        registered = self.config._options
        for name in sorted(n for n in registered if n.startswith("ndif_")):
            meaning = CONFIG_MEANINGS.get(name)
            if meaning is None:
                logger.warning(
                    "configuration value %s has no description in the guide",
                    name,
                    location=(self.env.docname, self.lineno),
                )
                meaning = ""
            ref = nodes.reference("", "", internal=True, refid=name.replace("_", "-"))
            ref += nodes.literal(name, name)
            rows.append([ref, repr(registered[name].default), nodes.Text(meaning)])
        return [_table(["name", "default", "meaning"], rows, [25, 25, 50])]


def _inline_code(text: str) -> list[nodes.Node]:
    """A register description as nodes: its `backticked` spans become literals."""
    parts = text.split("`")
    return [
        nodes.literal(part, part) if index % 2 else nodes.Text(part)
        for index, part in enumerate(parts)
        if part
    ]


class WarningTableDirective(SphinxDirective):
    """The warning subtypes of one group (``directive``, ``config``, ``data``, ``quality``),
    from the register the code logs with, in its order."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        try:
            group = WarningGroup(self.arguments[0])
        except ValueError:
            known = ", ".join(group.value for group in WarningGroup)
            raise self.error(f"unknown group {self.arguments[0]!r}; choose from {known}") from None
        rows: list[list[nodes.Node | str]] = []
        for warning in NdifWarning:
            if warning.group is group:
                label = f"warning-{warning.value}"
                target = nodes.target("", "", ids=[label])
                # ``:ref:`ndif.x <warning-x>``` from any page (explicit titles only).
                self.env.get_domain("std").note_hyperlink_target(  # type: ignore[attr-defined]
                    label, self.env.docname, label
                )
                cell = nodes.inline("", "", target, nodes.literal(warning.value, warning.value))
                rows.append([cell, nodes.inline("", "", *_inline_code(warning.description))])
        return [_table(["subtype", "when"], rows, [25, 75])]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("ndif-example", ExampleDirective)
    app.add_directive("ndif-cli-help", CliHelpDirective)
    app.add_directive("ndif-command", CommandDirective)
    app.add_directive("ndif-config-table", ConfigTableDirective)
    app.add_directive("ndif-warning-table", WarningTableDirective)
    app.add_css_file("guide.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
