"""Benchmarks write their figures as JSON and compare them with an earlier run's."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from benchmarks.figures import add_options, comparison, finish


def test_figures_are_compared_number_by_number() -> None:
    now = {"pairs": 10, "re-run": {"seconds": 5.0, "requests": {"GET": 50}, "note": "x"}}
    then = {"pairs": 10, "re-run": {"seconds": 20.0, "requests": {"GET": 50, "PUT": 3}}}
    assert comparison(now, then) == ["pairs: 10 vs 10 (1.00×)", "re-run.seconds: 5 vs 20 (0.25×)",
                                     "re-run.requests.GET: 50 vs 50 (1.00×)"]


def test_json_out_then_compare(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    add_options(parser)
    first = tmp_path / "first.json"
    finish(parser.parse_args(["--json-out", str(first)]), {"seconds": 8.0})
    assert json.loads(first.read_text()) == {"seconds": 8.0}
    finish(parser.parse_args(["--compare", str(first)]), {"seconds": 2.0})
    assert "seconds: 2 vs 8 (0.25×)" in capsys.readouterr().out
