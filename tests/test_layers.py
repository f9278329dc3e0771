"""The one direction data flows: the data layer never imports rendering or Sphinx, and
rendering never imports what a builder does with its nodes."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "src" / "sphinx_ndif"
DATA_LAYER = [
    "model", "text", "checks", "probable_duplicates", "dataset", "dataset_cache", "query",
    "export", "curate", "tag_suggestions", "sources",
]  # fmt: skip
"""Modules (and packages) that load, merge, query and export records."""
LATER_LAYERS = (
    "sphinx_ndif.render", "sphinx_ndif.html", "sphinx_ndif.directives", "sphinx_ndif.roles",
    "sphinx_ndif.domain", "sphinx_ndif.nodes", "sphinx_ndif.images", "sphinx_ndif.options",
)  # fmt: skip
SPHINX = ("sphinx", "docutils")


def _file(module: str) -> Path | None:
    path = PACKAGE.joinpath(*module.split(".")[1:])
    for file in (path.with_suffix(".py"), path / "__init__.py"):
        if file.is_file():
            return file
    return None


def _imports(module: str) -> set[str]:
    """What one module imports, at any depth (inside functions too)."""
    file = _file(module)
    assert file is not None, module
    package = module if file.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([base] if base else [])])
            found.add(base)
            found |= {
                f"{base}.{alias.name}" for alias in node.names if _file(f"{base}.{alias.name}")
            }
    return found


def _closure(module: str) -> dict[str, str]:
    """Every module reachable from ``module`` by its imports, with the module importing it."""
    reached = {module: ""}
    pending = [module]
    while pending:
        current = pending.pop()
        for imported in _imports(current):
            if imported in reached or imported == "sphinx_ndif":
                continue
            reached[imported] = current
            if imported.startswith("sphinx_ndif.") and _file(imported):
                pending.append(imported)
    return reached


def _modules(name: str) -> list[str]:
    file = _file(f"sphinx_ndif.{name}")
    assert file is not None, name
    if file.name != "__init__.py":
        return [f"sphinx_ndif.{name}"]
    return [
        f"sphinx_ndif.{name}." + path.stem if path.stem != "__init__" else f"sphinx_ndif.{name}"
        for path in sorted(file.parent.glob("*.py"))
    ]


@pytest.mark.parametrize("module", [m for name in DATA_LAYER for m in _modules(name)])
def test_the_data_layer_never_imports_rendering_or_sphinx(module: str) -> None:
    reached = _closure(module)
    wrong = {
        name: by
        for name, by in reached.items()
        if name.startswith(LATER_LAYERS) or name.split(".")[0] in SPHINX
    }
    assert wrong == {}, f"{module} reaches (module: imported by) {wrong}"


def test_the_check_sees_an_import_of_rendering() -> None:
    """The walk finds the imports that made the data layer depend on rendering before."""
    assert "sphinx_ndif.render.labels" in _closure("sphinx_ndif.render.reference")
    assert "sphinx_ndif.render.reference" in _closure("sphinx_ndif.render.styles")


OUTPUT_LAYERS = ("sphinx_ndif.html", "sphinx_ndif.directives", "sphinx_ndif.roles")


@pytest.mark.parametrize("module", _modules("render"))
def test_rendering_never_imports_a_builder_s_output_or_the_directives(module: str) -> None:
    """render -> nodes: what HTML does with the nodes, and the directives that ask for
    them, come after (render_download lived in html/ and was imported from here)."""
    reached = _closure(module)
    wrong = {name: by for name, by in reached.items() if name.startswith(OUTPUT_LAYERS)}
    assert wrong == {}, f"{module} reaches (module: imported by) {wrong}"
