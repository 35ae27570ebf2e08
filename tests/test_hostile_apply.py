"""Hundreds of generated and mutated program files through `apply` against the sandbox: each one
a located error and exit 2, never a traceback, and not one write (stress/hostile_programs.py
--apply runs thousands)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorship_bot.program.loader import load_program, validate_text
from mentorship_bot.sandbox import Sandbox
from stress.hostile_programs import EXAMPLE, ApplyCheck, hostile_cases

pytestmark = pytest.mark.integration


def test_hostile_program_files_never_reach_gitlab(tmp_path: Path) -> None:
    with Sandbox() as sandbox:
        sandbox.seed_program(load_program(EXAMPLE), EXAMPLE.read_text())  # its dashboard too
        check = ApplyCheck(sandbox, tmp_path)
        invalid, wrong = 0, []
        for case, text in enumerate(hostile_cases(300, seed=11)):
            program, _ = validate_text(text, "hostile.yml")
            if program is not None:
                continue  # a mutation that left the file valid: nothing hostile to check
            invalid += 1
            if why := check.failure(text):
                wrong.append(f"case {case}: {why}")
        assert not wrong, wrong[:5]
        assert invalid >= 250
        assert sandbox.stats()["writes"] == 0


def test_the_check_accepts_located_errors_and_flags_a_run_that_went_ahead(tmp_path: Path) -> None:
    with Sandbox() as sandbox:
        sandbox.seed_program(load_program(EXAMPLE), EXAMPLE.read_text())  # its dashboard too
        check = ApplyCheck(sandbox, tmp_path)
        assert check.failure("version: 1\n") is None
        assert check.failure(b"\xff\xfe") is None
        # Valid YAML naming someone GitLab does not know: located, exit 2, nothing written.
        assert check.failure(EXAMPLE.read_text().replace("gita", "gita-nobody")) is None
        assert sandbox.stats()["writes"] == 0
        # A valid program goes ahead: the check calls that a wrong answer for a hostile case.
        assert (check.failure(EXAMPLE.read_text()) or "").startswith("exit 0")
