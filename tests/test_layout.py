"""The import direction of mentorship_bot's packages, as written down in CONTRIBUTING.md ("How the
code is laid out") and in every package's ``__init__`` docstring.

The core stages go in the order a program goes through them, and a stage may import only the ones
before it: the program file is read and checked (``program``, whose validation renders every
template once, so ``render`` comes before it), provisioned (``provision``), swept (``sweep``) and
reported (``reports``). The shell sits above: ``adapter`` is the only code that talks to GitLab,
``runs`` read, decide and write through it, ``commands`` read the environment and print. The
sandbox stands apart: it is a stand-in GitLab and knows nothing of the bot but the model it seeds.

A new package must take its place in ``MAY_IMPORT`` (the test fails until it does), and its
``__init__`` docstring says the same list in a ``May import:`` line.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mentorship_bot"

VOCABULARY = {"errors", "model"}
CORE_STAGES = ["render", "program", "matching", "provision", "sweep", "reports"]


def _core_below(stage: str) -> set[str]:
    return VOCABULARY | set(CORE_STAGES[: CORE_STAGES.index(stage)])


# Beside ``sweep``: surveys fall due on a pair's dates and are read each night (issue 14).
# The intake (issue 13) too: requests and choice issues are read each night.
BESIDE_SWEEP = {"feedback": _core_below("sweep"), "intake": _core_below("sweep")}
CORE = VOCABULARY | set(CORE_STAGES) | set(BESIDE_SWEEP)

# What each top-level module or package of mentorship_bot may import from the others.
MAY_IMPORT: dict[str, set[str]] = {
    "errors": set(),
    "model": set(),
    **{stage: _core_below(stage) for stage in CORE_STAGES},
    **BESIDE_SWEEP,
    "reports": _core_below("reports") | set(BESIDE_SWEEP),
    "adapter": CORE - {"reports"},
    "runs": CORE | {"adapter"},
    "sandbox": VOCABULARY,
    "demo": CORE | {"adapter", "runs", "sandbox"},
    "commands": CORE | {"adapter", "runs", "sandbox", "demo", "__init__"},
    "cli": {"commands", "errors", "__init__"},
    "__main__": {"cli"},
    "__init__": set(),
}

# Libraries that belong to the shell: the core computes, it never talks to GitLab or a terminal.
SHELL_LIBRARIES = {"gitlab", "requests", "urllib3", "click"}


def _unit(path: Path) -> str:
    """The top-level module or package a file belongs to (``sweep`` for sweep/progress.py)."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports, with its line, function-level imports included."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "mentorship_bot":  # from mentorship_bot import __version__, cli
                found += [(node.lineno, _submodule_or_init(a.name)) for a in node.names]
            else:
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}:{node.lineno}: use absolute imports")
    return found


def _submodule_or_init(name: str) -> str:
    is_module = (PACKAGE / name).is_dir() or (PACKAGE / f"{name}.py").is_file()
    return f"mentorship_bot.{name}" if is_module else "mentorship_bot"


def _sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_package_and_module_has_its_place() -> None:
    units = {_unit(p) for p in _sources()}
    missing = units - set(MAY_IMPORT)
    assert not missing, f"add {sorted(missing)} to MAY_IMPORT and to CONTRIBUTING.md's map"


def test_no_package_imports_a_later_stage_or_the_shell() -> None:
    wrong = []
    for path in _sources():
        unit = _unit(path)
        for line, module in _imports(path):
            where = f"{path.relative_to(PACKAGE.parent)}:{line}"
            top = module.split(".")[0]
            if top == "mentorship_bot":
                parts = module.split(".")
                target = parts[1] if len(parts) > 1 else "__init__"
                if target != unit and target not in MAY_IMPORT[unit]:
                    wrong.append(f"{where}: {unit} imports {target} ({module})")
            elif unit in CORE and top in SHELL_LIBRARIES:
                wrong.append(f"{where}: the core stage {unit} imports {module}")
            elif unit in CORE | {"sandbox", "runs"} and top == "click":
                wrong.append(f"{where}: only commands and cli use click")
    assert not wrong, "\n".join(wrong)


def test_only_the_adapter_and_the_shell_talk_to_gitlab() -> None:
    users = {
        _unit(path)
        for path in _sources()
        for _, module in _imports(path)
        if module.split(".")[0] == "gitlab"
    }
    assert users == {"adapter"}, f"python-gitlab imported outside the adapter: {users}"


@pytest.mark.parametrize(
    "package", sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
)
def test_each_package_says_what_it_owns_and_may_import(package: str) -> None:
    doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text()))
    assert doc, f"{package}/__init__.py needs a docstring saying what it owns"
    match = re.search(r"May import:(.*?)(?:\.\s|\.$|$)", doc, re.S)
    assert match, f"{package}/__init__.py: add a 'May import: ...' line"
    said = set(re.findall(r"``(\w+)``", match.group(1)))
    if "every core stage" in match.group(1):
        said |= CORE
    assert said == MAY_IMPORT[package], (
        f"{package}/__init__.py says it may import {sorted(said)}; "
        f"the rule is {sorted(MAY_IMPORT[package])}"
    )


def test_no_module_grows_past_about_400_lines() -> None:
    long = [
        f"{p.relative_to(PACKAGE.parent)}: {n} lines"
        for p in _sources()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 420
    ]
    assert not long, "split by what changes together:\n" + "\n".join(long)


def test_contributing_maps_every_package() -> None:
    text = (PACKAGE.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")
    packages = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    unmapped = [name for name in packages if f"`{name}/`" not in text]
    assert not unmapped, f"CONTRIBUTING.md's map of the code misses {unmapped}"


def test_a_command_loads_neither_the_sandbox_nor_the_demo() -> None:
    """Every command starts by importing the CLI; the sandbox (and GraphQL with it) and the demo
    load only for ``sandbox`` and ``demo``. They were half of every command's start-up."""
    probe = ("import sys, mentorship_bot.cli; print(sorted(m for m in sys.modules "
             "if m.startswith(('mentorship_bot.sandbox', 'mentorship_bot.demo', 'graphql'))))")
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                           check=True, cwd=PACKAGE.parent).stdout.strip()
    assert found == "[]", found[:500]
