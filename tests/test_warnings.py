"""The register of warning subtypes: the code names only its members, each member says what
it means and in which group it is (the guide's warnings page is made from it: test_guide)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from sphinx_ndif.model import Level, Origin, Problem
from sphinx_ndif.warnings import NdifWarning, WarningGroup

ROOT = Path(__file__).parents[1]
SRC = ROOT / "src" / "sphinx_ndif"
REGISTER = SRC / "warnings.py"
KEBAB = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
# Calls whose second positional argument is a subtype: Problem(origin, subtype, ...),
# a loader's .problem(line, subtype, ...), LoadResult.failed(origin, subtype, ...),
# and the directives' and roles' .warn(message, subtype).
SUBTYPE_SECOND = {"Problem", "problem", "failed", "warn"}
LOGGING = {"warning", "error", "critical"}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _literal(node: ast.AST | None) -> str | None:
    """The text of a string literal ("f-string" for an f-string), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "f-string"
    return None


def subtype_offences(source: str) -> list[str]:
    """Each place in ``source`` that names a subtype by text instead of by register member:
    a string equal to a member's value anywhere, a string in a subtype position (an
    unregistered subtype), or a Sphinx log call that is not ``type="ndif"`` with a subtype."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    values = {warning.value for warning in NdifWarning}
    found: list[str] = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Constant) and node.value in values and id(node) not in docstrings:
            found.append(f"{line}: {node.value!r} is a register member: use NdifWarning")
        if isinstance(node, ast.Tuple) and len(node.elts) == 2:
            first, message = node.elts
            name = _literal(first)
            worded = isinstance(message, ast.JoinedStr) or " " in (_literal(message) or "")
            if name and KEBAB.fullmatch(name) and worded:
                found.append(f"{line}: ({name!r}, message) names a subtype by text")
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        keywords = {keyword.arg: keyword.value for keyword in node.keywords}
        positions = [keywords["subtype"]] if "subtype" in keywords else []
        if called in SUBTYPE_SECOND and len(node.args) >= 2:
            positions.append(node.args[1])
        for position in positions:
            text = _literal(position)
            if text is not None:
                found.append(f"{line}: subtype {text!r} is text, not an NdifWarning member")
        logger_call = (
            isinstance(func, ast.Attribute)
            and func.attr in LOGGING
            and getattr(func.value, "id", "") == "logger"
        )
        # Sphinx's log calls, also through an alias (``log = logger.error``), give their
        # type as text; argparse's ``type=`` is a callable.
        if logger_call or _literal(keywords.get("type")) is not None:
            kind = keywords.get("type")
            if not (isinstance(kind, ast.Constant) and kind.value == "ndif"):
                found.append(f"{line}: a warning without type='ndif'")
            elif "subtype" not in keywords:
                found.append(f"{line}: a warning without a subtype")
    return found


def code_files() -> list[Path]:
    return [path for path in sorted(SRC.rglob("*.py")) if path != REGISTER]


def test_the_code_names_subtypes_only_by_register_member() -> None:
    offences = {
        f"{path.relative_to(SRC)}:{offence}"
        for path in code_files()
        for offence in subtype_offences(path.read_text(encoding="utf-8"))
    }
    assert sorted(offences) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('logger.warning("m", type="ndif", subtype="brand-new")', "subtype 'brand-new' is text"),
        ('logger.warning("m", type="ndif", subtype=f"x-{y}")', "subtype 'f-string' is text"),
        ('logger.warning("m", type="ndif", subtype="no-match")', "'no-match' is a register"),
        ('logger.warning("m", location=here)', "without type='ndif'"),
        ('logger.error("m", type="other", subtype=NdifWarning.NO_MATCH)', "without type='ndif'"),
        ('logger.warning("m", type="ndif")', "without a subtype"),
        ('log("m", type="ndif")', "without a subtype"),
        ('Problem(origin, "brand-new", "m")', "subtype 'brand-new' is text"),
        ('self.problem(line, "brand-new", "m")', "subtype 'brand-new' is text"),
        ('LoadResult.failed(origin, "brand-new", "m")', "subtype 'brand-new' is text"),
        ('self.warn("m", "brand-new")', "subtype 'brand-new' is text"),
        ('found.append(("brand-new", f"tag {tag!r} is odd"))', "names a subtype by text"),
        ('return "brand-new", "is not a path"', "names a subtype by text"),
        ('if problem.subtype == "parse-error": pass', "'parse-error' is a register member"),
    ],
)
def test_the_static_check_finds_each_kind_of_offence(source: str, expected: str) -> None:
    offences = subtype_offences(source)
    assert offences and any(expected in offence for offence in offences), offences


def test_the_static_check_accepts_members() -> None:
    source = (
        'logger.warning("m", location=here, type="ndif", subtype=NdifWarning.NO_MATCH)\n'
        'log("m", location=here, type="ndif", subtype=problem.subtype)\n'
        'Problem(origin, NdifWarning.BAD_YEAR, "m")\n'
        'self.warn("m", subtype)\n'
        'found.append((NdifWarning.UNKNOWN_TAG, f"tag {tag!r} is odd"))\n'
        'parser.add_argument("-o", type=Path)\n'
        'classes = ("ndif-papers", "ndif-cards")\n'
    )
    assert subtype_offences(source) == []


def test_every_member_is_used_by_the_code() -> None:
    used = {
        node.attr
        for path in code_files()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute)
        and getattr(node.value, "id", "") == "NdifWarning"
        and node.attr.isupper()
    }
    names = {warning.name for warning in NdifWarning}
    assert names - used == set(), "registered but never given"
    assert used - names == set(), "not in the register"


def test_each_member_is_kebab_case_with_one_line_of_meaning() -> None:
    for warning in NdifWarning:
        assert KEBAB.fullmatch(warning.value), warning
        assert warning.name == warning.value.upper().replace("-", "_"), warning
        assert isinstance(warning.group, WarningGroup), warning
        description = warning.description
        assert description and "\n" not in description and "|" not in description, warning
        assert description == description.strip(), warning
        assert description[0].islower() or description[0] == "`", warning
        assert description.count("`") % 2 == 0, f"{warning}: unbalanced inline code"
    for group in WarningGroup:
        assert group.description and any(warning.group is group for warning in NdifWarning)


def test_a_member_is_its_subtype_text() -> None:
    """Sphinx shows ``[ndif.<subtype>]`` and matches ``suppress_warnings`` on this text."""
    assert f"ndif.{NdifWarning.NO_MATCH}" == "ndif.no-match"
    assert NdifWarning("parse-error") is NdifWarning.PARSE_ERROR
    assert NdifWarning.named("parse-error") is NdifWarning.PARSE_ERROR
    assert NdifWarning.named(NdifWarning.NO_MATCH) is NdifWarning.NO_MATCH
    assert NdifWarning.PARSE_ERROR == "parse-error"


def test_quality_is_the_subtype_s_group() -> None:
    """Builds hide exactly the problems the register calls data-quality findings."""
    origin = Origin("a.bib", 3)
    for warning in NdifWarning:
        problem = Problem(origin, warning, "m", Level.WARNING)
        assert problem.quality is (warning.group is WarningGroup.QUALITY), warning
        assert warning.quality is problem.quality
    assert NdifWarning.MISSING_YEAR.quality and not NdifWarning.PARSE_ERROR.quality


def test_a_problem_takes_only_a_registered_subtype() -> None:
    """Code that mypy does not check (tests, plugins) cannot slip an unregistered one in."""
    origin = Origin("a.bib", 3)
    assert Problem(origin, "parse-error", "m").subtype is NdifWarning.PARSE_ERROR
    with pytest.raises(ValueError, match="brand-new"):
        Problem(origin, "brand-new", "m")
