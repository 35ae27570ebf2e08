"""Just enough of GitLab's pipeline compiler to test `.gitlab-ci.yml` without a GitLab.

It resolves `include: local` with `spec: inputs` (defaults, types, `$[[ inputs.x ]]`), merges jobs
the way GitLab does (mappings deep-merged, lists replaced), and evaluates the `rules: if`
expressions the pipeline uses, so a test can ask which jobs a merge request, a push to the default
branch or a schedule would run.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

INPUT = re.compile(r"\$\[\[\s*inputs\.([A-Za-z0-9_-]+)\s*\]\]")
GLOBAL_KEYS = {"workflow", "stages", "include", "variables", "default", "image", "services",
               "cache", "before_script", "after_script", "spec"}


def load_documents(path: Path) -> list[Any]:
    return list(yaml.safe_load_all(path.read_text(encoding="utf-8")))


def expand_component(path: Path, given: dict[str, Any]) -> dict[str, Any]:
    """The body of a file with a `spec:` header, with every input replaced by its value."""
    header, body_text = path.read_text(encoding="utf-8").split("\n---\n", 1)
    spec = yaml.safe_load(header)["spec"]["inputs"]
    unknown = set(given) - set(spec)
    if unknown:
        raise ValueError(f"{path.name}: unknown inputs {sorted(unknown)}")
    values: dict[str, Any] = {}
    for name, declared in spec.items():
        declared = declared or {}
        if name not in given and "default" not in declared:
            raise ValueError(f"{path.name}: input {name!r} is required")
        value = given.get(name, declared.get("default"))
        kind = declared.get("type", "string")
        expected = {"string": str, "boolean": bool, "number": (int, float), "array": list}[kind]
        if not isinstance(value, expected):
            raise ValueError(f"{path.name}: input {name!r} must be a {kind}, got {value!r}")
        values[name] = value

    def render(match: re.Match[str]) -> str:
        value = values[match.group(1)]
        return str(value).lower() if isinstance(value, bool) else str(value)

    return yaml.safe_load(INPUT.sub(render, body_text))


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def compile_pipeline(path: Path) -> dict[str, Any]:
    """The pipeline file with its local includes expanded and its own keys merged over them."""
    own = yaml.safe_load(path.read_text(encoding="utf-8"))
    config: dict[str, Any] = {}
    for include in own.get("include", []):
        config = deep_merge(config, expand_component(path.parent / include["local"],
                                                     include.get("inputs", {})))
    return deep_merge(config, {k: v for k, v in own.items() if k != "include"})


def jobs(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Jobs with `extends` resolved; hidden jobs (a leading dot) are templates, not jobs."""
    found = {}
    for name, job in config.items():
        if name in GLOBAL_KEYS or name.startswith("."):
            continue
        for parent in _as_list(job.get("extends", [])):
            job = deep_merge(config[parent], job)
        found[name] = job
    return found


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


# -- rules -------------------------------------------------------------------------------------

_TOKEN = re.compile(r'\s*(&&|\|\||==|!=|\(|\)|\$[A-Za-z_][A-Za-z0-9_]*|"[^"]*"|\'[^\']*\')')


def evaluate(expression: str, variables: dict[str, str]) -> bool:
    """A `rules: if` expression of comparisons, variable presence, `&&`, `||` and parentheses."""
    tokens = _tokens(expression)
    value, rest = _or(tokens, variables)
    if rest:
        raise ValueError(f"cannot parse {expression!r} at {rest}")
    return bool(value)


def _tokens(expression: str) -> list[str]:
    tokens, position = [], 0
    while position < len(expression.rstrip()):
        match = _TOKEN.match(expression, position)
        if not match:
            raise ValueError(f"cannot parse {expression!r} at {expression[position:]!r}")
        tokens.append(match.group(1))
        position = match.end()
    return tokens


def _or(tokens: list[str], variables: dict[str, str]) -> tuple[Any, list[str]]:
    value, tokens = _and(tokens, variables)
    while tokens[:1] == ["||"]:
        right, tokens = _and(tokens[1:], variables)
        value = bool(value) or bool(right)
    return value, tokens


def _and(tokens: list[str], variables: dict[str, str]) -> tuple[Any, list[str]]:
    value, tokens = _comparison(tokens, variables)
    while tokens[:1] == ["&&"]:
        right, tokens = _comparison(tokens[1:], variables)
        value = bool(value) and bool(right)
    return value, tokens


def _comparison(tokens: list[str], variables: dict[str, str]) -> tuple[Any, list[str]]:
    left, tokens = _operand(tokens, variables)
    if tokens[:1] in (["=="], ["!="]):
        right, rest = _operand(tokens[1:], variables)
        equal = (left or "") == (right or "")
        return (equal if tokens[0] == "==" else not equal), rest
    return left, tokens


def _operand(tokens: list[str], variables: dict[str, str]) -> tuple[Any, list[str]]:
    token = tokens[0]
    if token == "(":
        value, rest = _or(tokens[1:], variables)
        if rest[:1] != [")"]:
            raise ValueError("unbalanced parentheses")
        return value, rest[1:]
    if token.startswith("$"):
        return variables.get(token[1:]) or None, tokens[1:]
    return shlex.split(token)[0], tokens[1:]


@dataclass(frozen=True)
class Decision:
    runs: bool
    when: str = "on_success"


def decide(rules: list[dict[str, Any]] | None, variables: dict[str, str]) -> Decision:
    """The first matching rule decides; no match means the job is not in the pipeline."""
    if rules is None:
        return Decision(True)
    for rule in rules:
        if "if" not in rule or evaluate(rule["if"], variables):
            when = rule.get("when", "on_success")
            return Decision(when != "never", when)
    return Decision(False)


def pipeline_jobs(config: dict[str, Any], variables: dict[str, str]) -> dict[str, str]:
    """Job name to `when` for the pipeline these predefined variables describe ({} if none)."""
    if not decide(config.get("workflow", {}).get("rules"), variables).runs:
        return {}
    return {name: decision.when for name, job in jobs(config).items()
            if (decision := decide(job.get("rules"), variables)).runs}
