"""validate shows every independent problem in one run and drops follow-ons of one root cause
(issue 16, item 5 of its list)."""

from __future__ import annotations

from pathlib import Path

from mentorship_bot.program.loader import validate_text

EXAMPLE = (Path(__file__).resolve().parent.parent / "config" / "program.yml").read_text("utf-8")


def errors(text: str, base_dir: Path | None = None) -> list[str]:
    _, problems = validate_text(text, "p.yml", base_dir=base_dir)
    return [p.format() for p in problems if p.severity == "error"]


def test_a_misspelt_section_is_one_error_not_one_per_pair() -> None:
    assert errors(EXAMPLE.replace("\nmentees:\n", "\nmentes:\n")) == [
        "p.yml:89:1: error: mentes: unknown top-level key (did you mean 'mentees'?); expected "
        "version, "
        "program, rounds, mentors, mentees, pairs, milestones, matching, feedback"]


def test_a_misspelt_required_key_is_one_error() -> None:
    assert errors(EXAMPLE.replace("    starts: 2026-01-05", "    start: 2026-01-05")) == [
        "p.yml:30:5: error: rounds[0].start: unknown key (did you mean 'starts'?); expected one of "
        "slug, "
        "name, starts, ends, cadence, meeting_minutes, format, term"]


def test_a_missing_section_still_is_an_error() -> None:
    text = EXAMPLE.split("\nmentees:\n")[0] + "\npairs:\n" + EXAMPLE.split("\npairs:\n")[1]
    assert errors(text) == ["p.yml:11:1: error: missing the required key 'mentees'"]


def test_independent_problems_show_together(tmp_path: Path) -> None:
    text = (EXAMPLE.replace("  slug: eng-mentoring ", "  # no slug ")
            .replace("coordinators: [rosa, tomasz]", "coordinators: ['@rosa', tomasz]")
            .replace("  # templates: templates/", "  templates: missing/"))
    assert errors(text, tmp_path) == [
        "p.yml:15:3: error: program: missing the required key 'slug'",
        "p.yml:17:18: error: program.coordinators[0]: write the username without '@': 'rosa'",
        f"p.yml:23:14: error: program.templates: no such directory: {tmp_path / 'missing'}",
    ]
