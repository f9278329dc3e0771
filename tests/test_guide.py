"""The user guide (example_docs/) documents everything there is: every directive option and
role live in an example, every configuration value, every warning subtype, every data example
loading clean. The guide's build itself (-W, five builders, links) runs in .ci/run."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from unittest.mock import MagicMock

import pytest
from bs4 import BeautifulSoup

import sphinx_ndif
from sphinx_ndif.dataset import load_dataset
from sphinx_ndif.warnings import WarningGroup

GUIDE = Path(__file__).parents[1] / "example_docs"
SRC = Path(sphinx_ndif.__file__).parent
sys.path.insert(0, str(GUIDE / "_ext"))

from ndif_guide import CONFIG_MEANINGS  # noqa: E402

KEBAB = re.compile(r"[a-z]+(?:-[a-z]+)+")


def registered() -> MagicMock:
    """What ``sphinx_ndif.setup`` registers, recorded on a stand-in application."""
    app = MagicMock()
    sphinx_ndif.setup(app)
    return app


APP = registered()
DIRECTIVES = {call.args[0]: call.args[1] for call in APP.add_directive.call_args_list}
ROLES = [call.args[0] for call in APP.add_role.call_args_list]
CONFIG = [call.args[0] for call in APP.add_config_value.call_args_list]


def rst_examples(text: str) -> Iterator[str]:
    """The content of every ``.. ndif-example::`` of a reST page, dedented."""
    lines = text.splitlines()
    for number, line in enumerate(lines):
        match = re.match(r"( *)\.\. ndif-example::", line)
        if not match:
            continue
        indent = len(match.group(1))
        body: list[str] = []
        for inner in lines[number + 1 :]:
            if inner.strip() and len(inner) - len(inner.lstrip()) <= indent:
                break
            body.append(inner)
        content = [item for item in body if not re.match(r"\s*:caption:", item)]
        width = min(len(item) - len(item.lstrip()) for item in content if item.strip())
        yield "\n".join(item[width:] for item in content)


def md_examples(text: str) -> Iterator[str]:
    """The content of every ``{ndif-example}`` fence of a MyST page."""
    for match in re.finditer(r"^(`{4,}|:{4,})\{ndif-example\}\n(.*?)^\1$", text, re.M | re.S):
        yield match.group(2)


def examples(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    return list(md_examples(text) if page.suffix == ".md" else rst_examples(text))


def used_options(example: str) -> set[tuple[str, str]]:
    """(directive, option) for every option given to a directive of ours in ``example``."""
    used: set[tuple[str, str]] = set()
    directive = None
    for line in example.splitlines():
        opened = re.match(r"\s*(?:\.\. ([\w-]+)::|(?:`{3,}|:{3,})\{([\w-]+)\})", line)
        if opened:
            directive = opened.group(1) or opened.group(2)
            continue
        option = re.match(r"\s*:([\w-]+):", line)
        if directive and option:
            used.add((directive, option.group(1)))
        elif line.strip():  # content, text or a closing fence: the options are over
            directive = None
    return used


def all_pages() -> list[Path]:
    return sorted([*GUIDE.rglob("*.rst"), *GUIDE.rglob("*.md")])


def test_the_parsers_find_examples() -> None:
    """Guard against a parser that finds nothing (and so a test that cannot fail)."""
    assert used_options(".. ndif-papers::\n   :tags: a\n   :limit: 2\n") == {
        ("ndif-papers", "tags"),
        ("ndif-papers", "limit"),
    }
    assert used_options("```{ndif-papers}\n:year: 2025-\n```\n") == {("ndif-papers", "year")}
    md = "`````{ndif-example}\n```{ndif-tags}\n```\n`````\n"
    assert list(md_examples(md)) == ["```{ndif-tags}\n```\n"]
    rst = "Text\n\n.. ndif-example::\n\n   .. ndif-citation::\n      :show: note\n\nAfter\n"
    assert used_options(next(rst_examples(rst))) == {("ndif-citation", "show")}


@pytest.mark.parametrize("name", sorted(DIRECTIVES))
def test_every_option_is_shown_live_on_its_reference_page(name: str) -> None:
    page = GUIDE / "reference" / f"{name}.rst"
    found = examples(page)
    assert any(f".. {name}::" in example for example in found), f"no live {name} on {page}"
    used = {option for example in found for directive, option in used_options(example)
            if directive == name}  # fmt: skip
    spec = set(DIRECTIVES[name].option_spec or {})
    assert spec - used == set(), f"options of {name} with no live example on {page.name}"
    assert used - spec == set(), f"{page.name} shows options {name} does not have"


@pytest.mark.parametrize("name", ROLES)
def test_every_role_is_shown_live_on_its_reference_page(name: str) -> None:
    found = examples(GUIDE / "reference" / f"{name}.rst")
    assert any(f":{name}:`" in example for example in found)


def test_directives_and_roles_are_shown_in_myst_too() -> None:
    myst = "\n".join(example for page in all_pages() if page.suffix == ".md"
                     for example in examples(page))  # fmt: skip
    for name in [*DIRECTIVES, *ROLES]:
        assert f"{{{name}}}" in myst, name


def test_every_configuration_value_is_documented() -> None:
    page = (GUIDE / "reference" / "configuration.rst").read_text(encoding="utf-8")
    assert ".. ndif-config-table::" in page  # the live table of what setup() registers
    assert CONFIG, "setup() registered no configuration value?"
    for name in CONFIG:
        assert name in CONFIG_MEANINGS, f"{name}: no meaning for the table"
        label = name.replace("_", "-")
        assert re.search(rf"^\.\. _{label}:\n\n``{name}``\n-+$", page, re.M), name
    assert set(CONFIG_MEANINGS) == set(CONFIG), "a described value that does not exist"


def test_the_warnings_page_shows_every_group_of_the_register() -> None:
    """The tables come from the register the code logs with (tests/test_warnings.py checks
    that the code names only its members); the page must show each group once."""
    page = (GUIDE / "reference" / "warnings.rst").read_text(encoding="utf-8")
    shown = re.findall(r"^\.\. ndif-warning-table:: (\S+)$", page, re.MULTILINE)
    assert shown == [group.value for group in WarningGroup]


@pytest.mark.parametrize("path", sorted((GUIDE / "examples").iterdir()), ids=lambda p: p.name)
def test_the_data_examples_load_clean(path: Path) -> None:
    """The files the guide shows as examples of each format are read without a problem."""
    dataset = load_dataset([path], check=True)
    assert dataset.records, path
    assert [problem.message for problem in dataset.problems] == []


def test_the_warning_tables_are_the_register(tmp_path: Path) -> None:
    """Each group's table lists its members in the register's order, with their meaning
    (inline code as literals) and a target per subtype; an unknown group is an error."""
    from docutils import nodes
    from sphinx.testing.util import SphinxTestApp

    from sphinx_ndif.warnings import NdifWarning

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(GUIDE / '_ext')!r})\n"
        'extensions = ["sphinx_ndif", "ndif_guide"]\nsmartquotes = False\n'
    )
    tables = "".join(f".. ndif-warning-table:: {group.value}\n\n" for group in WarningGroup)
    (src / "index.rst").write_text(f"W\n=\n\n{tables}.. ndif-warning-table:: nosuch\n")
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "build")
    try:
        app.build()
        warnings = app.warning.getvalue()
        doctree = app.env.get_doctree("index")
    finally:
        app.cleanup()
    shown = [
        [(row[0].astext(), row[1].astext()) for row in table.findall(nodes.row)][1:]
        for table in doctree.findall(nodes.table)
    ]
    expected = [
        [(w.value, w.description.replace("`", "")) for w in NdifWarning if w.group is group]
        for group in WarningGroup
    ]
    assert shown == expected
    literals = {node.astext() for node in doctree.findall(nodes.literal)}
    assert {"ndif_image_dir", "ndif-papers", "year: 0"} <= literals
    targets = {name for node in doctree.findall(nodes.target) for name in node["ids"]}
    assert targets == {f"warning-{w.value}" for w in NdifWarning}
    assert "index.rst:12: ERROR: unknown group 'nosuch'; choose from directive" in warnings


def test_the_guide_directives_show_the_source_they_run(tmp_path: Path) -> None:
    """ndif-example shows and parses one source (reST and MyST); ndif-command runs the
    command line; wrong exits and unknown subcommands are located warnings."""
    from docutils import nodes
    from sphinx.testing.util import SphinxTestApp

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(GUIDE / '_ext')!r})\n"
        'extensions = ["sphinx_ndif", "myst_parser", "ndif_guide"]\n'
    )
    (src / "index.rst").write_text(
        "Guide\n=====\n\n.. toctree::\n\n   page\n\n"
        ".. ndif-example::\n\n   .. ndif-papers::\n      :keys: zhu2024language\n\n"
        ".. ndif-command:: tags\n   :exit: 1\n\n.. ndif-cli-help:: nosuch\n"
    )
    (src / "page.md").write_text(
        "# Page\n\n````{ndif-example}\n{ndif-cite}`zhu2024language`\n````\n"
    )
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "build")
    try:
        app.build()
        warnings = app.warning.getvalue()
        index = app.env.get_doctree("index")
        page = app.env.get_doctree("page")
    finally:
        app.cleanup()
    (example,) = [n for n in index.findall(nodes.container) if "ndif-guide-example" in n["classes"]]
    shown = next(example.findall(nodes.literal_block))
    assert shown.astext() == ".. ndif-papers::\n   :keys: zhu2024language"
    assert shown["language"] == "rst"
    html = BeautifulSoup((tmp_path / "build" / "html" / "index.html").read_text(), "html.parser")
    (box,) = html.select(".ndif-guide-example")
    assert box.select_one("pre") and box.select_one(".ndif-guide-output #paper-zhu2024language")
    md_shown = next(page.findall(nodes.literal_block))
    assert (md_shown.astext(), md_shown["language"]) == (
        "{ndif-cite}`zhu2024language`",
        "markdown",
    )
    assert "Zhu et al. 2024" in page.astext().replace(md_shown.astext(), "")
    commands = [n.astext() for n in index.findall(nodes.literal_block)]
    assert any(text.startswith("$ sphinx-ndif tags\n") and "uses-nnsight" in text
               for text in commands)  # fmt: skip
    assert "index.rst:13: WARNING: sphinx-ndif tags exited with 0, not 1" in warnings
    assert "index.rst:16: ERROR: no subcommand 'nosuch'" in warnings


def test_the_readme_quick_start_is_the_guides_first_pages() -> None:
    """The README's quick start shows what the guide's first pages run, not a copy."""
    readme = (GUIDE.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Quick start\n")
    section = readme[start : readme.index("\n## ", start + 1)]
    conf = re.search(r"```python\n(.*?)```", section, re.S)
    assert conf is not None
    code = re.sub(r"\s*#.*", "", conf.group(1)).strip()
    guide_conf = (GUIDE / "conf.py").read_text(encoding="utf-8")
    extensions = guide_conf.split("# [start-extensions]\n")[1].split("# [end-extensions]")[0]
    assert code == extensions.strip()
    for fence, page in (("```rst", "first-page-rst.rst"), ("````markdown", "first-page-myst.md")):
        ticks = fence.rstrip("abcdefghijklmnopqrstuvwxyz")
        block = re.search(rf"^{fence}\n(.*?)^{ticks}$", section, re.S | re.M)
        assert block is not None, fence
        shown = {example.strip() for example in examples(GUIDE / "getting-started" / page)}
        chunks = re.split(r"\n\n(?=\.\. |```\{)", block.group(1).strip())
        assert len(chunks) >= 2
        for chunk in chunks:
            assert chunk.strip() in shown, chunk


def test_every_local_link_and_picture_of_the_readme_exists() -> None:
    readme = (GUIDE.parent / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#\s]+)[^)]*\)|(?:src|srcset)=\"([^\"]+)\"", readme)
    local = [a or b for a, b in targets if not (a or b).startswith(("http:", "https:"))]
    assert any(path.endswith("-dark.png") for path in local)
    assert any(path.startswith("example_docs/reference/") for path in local)
    for path in local:
        assert (GUIDE.parent / path).exists(), path
