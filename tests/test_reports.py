"""The report files: right numbers, escaped names, valid formats, same bytes for the same input."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

from program_samples import SMALL, small_program

from mentorship_bot.provision.observed_state import ObservedIssue
from mentorship_bot.reports import write_reports
from mentorship_bot.reports.metrics import metrics_text
from mentorship_bot.sweep.certificates import program_certificates
from mentorship_bot.sweep.progress import program_progress

HOSTILE = SMALL.replace("name: Carol Diaz", 'name: "<script>alert(1)</script> \\"Carol\\" =1+1"')
CLOSED = datetime(2026, 3, 1, tzinfo=timezone.utc)


def progress_at(day: date, text: str = SMALL):
    program = small_program(text)
    issues = {}
    for key in ("kickoff", "goal", "meeting-01", "meeting-02", "midpoint"):
        marker = f"eng/spring-2026/carol-alice/{key}"
        issues[marker] = ObservedIssue("p", 1, marker, key, "SECRET pair text", (), None, None,
                                       "closed", closed_at=CLOSED, closed_by="carol",
                                       updated_at=CLOSED)
    progress = program_progress(program, issues, day)
    return program, progress


def test_every_file_is_written_and_deterministic(tmp_path: Path) -> None:
    program, progress = progress_at(date(2026, 3, 30))
    certificates = program_certificates(program, progress)
    first = write_reports(progress, tmp_path / "a", certificates)
    second = write_reports(progress, tmp_path / "b", certificates)
    names = sorted(str(p.relative_to(tmp_path / "a")) for p in first)
    assert names == sorted(["report.json", "report.md", "report.html", "pairs.csv",
                            "metrics.txt", "certificates/spring-2026-carol-alice-mentee.html",
                            "certificates/spring-2026-carol-alice-mentor.html"])
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
        assert b"SECRET" not in a.read_bytes()  # what a pair wrote never reaches a report


def test_json_has_the_figures(tmp_path: Path) -> None:
    program, progress = progress_at(date(2026, 3, 30))
    [path] = [p for p in write_reports(progress, tmp_path, program_certificates(program, progress))
              if p.name == "report.json"]
    data = json.loads(path.read_text())
    spring = next(r for r in data["rounds"] if r["slug"] == "spring-2026")
    assert spring["by_status"]["completed"] == 1 and spring["by_status"]["ended"] == 1
    carol = next(p for p in spring["pairs"] if p["pair"] == "carol-alice")
    assert (carol["done"], carol["total"], carol["completion_percent"]) == (5, 6, 83)
    assert {c["username"] for c in data["certificates"]} == {"carol", "alice"}
    assert data["format_version"] == 1


def test_csv_round_trips_and_resists_formulas(tmp_path: Path) -> None:
    _, progress = progress_at(date(2026, 2, 1))
    mentor = replace(progress.rounds[1].pairs[0], mentor="=HYPERLINK(1)")
    rounds = (progress.rounds[0], replace(progress.rounds[1], pairs=(mentor,)))
    text = next(p for p in write_reports(replace(progress, rounds=rounds), tmp_path)
                if p.name == "pairs.csv").read_text()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3 and rows[-1]["mentor"] == "'=HYPERLINK(1)"


def test_metrics_are_openmetrics_and_escape_label_values() -> None:
    _, progress = progress_at(date(2026, 2, 1))
    odd = replace(progress.rounds[0], slug='we"ird\\round\nx')
    text = metrics_text(replace(progress, rounds=(odd, *progress.rounds[1:])))
    assert text.endswith("# EOF\n")
    sample = re.compile(r'^[a-z_]+(\{([a-z_]+="([^"\\\n]|\\[\\"n])*",?)*\})? -?[0-9.]+$')
    for line in text.splitlines()[:-1]:
        assert line.startswith("# ") or sample.match(line), line
    assert 'round="we\\"ird\\\\round\\nx"' in text


def test_html_is_self_contained_escaped_and_has_charts(tmp_path: Path) -> None:
    program, progress = progress_at(date(2026, 3, 30), HOSTILE)
    paths = write_reports(progress, tmp_path, program_certificates(program, progress))
    html = (tmp_path / "report.html").read_text()
    assert html.count("<svg") >= 3 and 'role="img"' in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html and "<script" not in html
    certificate = next(p for p in paths if p.name.endswith("mentee.html")).read_text()
    assert "&lt;script&gt;" in certificate and "<script>" not in certificate
