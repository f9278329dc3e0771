"""`.ci/run` does what the README tells contributors to do."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def readme_command(after: str) -> str:
    """The shell command in the README's first ``sh`` block after the line ``after``."""
    found = re.search(re.escape(after) + r"[^\n]*\s*```sh\n(.+?)\n```", README, re.DOTALL)
    assert found, after
    return found.group(1)


def test_ci_runs_the_readme_commands_verbatim() -> None:
    ci_lines = CI.splitlines()
    assert readme_command("Run the tests:") in ci_lines
    assert readme_command("Type-check the JavaScript") in ci_lines


def test_every_test_run_in_ci_installs_the_browser_extra() -> None:
    """The oldest-Sphinx and other-Python runs too: else their browser tests would fail."""
    installs = re.findall(r'pip install[^\n]*"\.\[([^\]]*)\]"', CI)
    test_installs = [extras.split(",") for extras in installs if "test" in extras.split(",")]
    assert len(test_installs) == CI.count("pytest -q") + 1
    assert all("browser" in extras for extras in test_installs), test_installs
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    assert not any(name.startswith("playwright") for name in extras["test"])
    assert any(name.startswith("playwright") for name in extras["browser"])
