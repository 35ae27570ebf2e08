"""Errors the library raises; only the CLI turns them into messages and exit codes.

MentorshipBotError            anything the bot reports to a user on purpose
├── ProgramError              the program file is invalid (exit 2); carries every Problem found
├── TemplateError             a template is missing, fails to parse or to render (exit 2)
└── GitLabError               GitLab refused or failed a request the bot could not recover (exit 1)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One located finding about a program file: an error, or a warning that does not stop a run."""

    file: str
    line: int
    column: int
    path: str  # where in the document: "pairs[2].mentor"
    message: str
    severity: str = "error"  # "error" or "warning"

    def format(self) -> str:
        """``config/program.yml:23:7: error: pairs[2].mentor: 'alise' is not a mentor``: the
        compilers' shape, which editors and CI logs link to the line."""
        where = f"{self.file}:{self.line}:{self.column}"
        kind = f"{self.severity}: "
        subject = f"{self.path}: " if self.path else ""
        return f"{where}: {kind}{subject}{self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
            "severity": self.severity,
        }


class MentorshipBotError(Exception):
    """Base of every error the bot reports on purpose."""


class ProgramError(MentorshipBotError):
    """The program file cannot be used; ``problems`` holds every error and warning found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        super().__init__("\n".join(p.format() for p in errors) or "invalid program")


class TemplateError(MentorshipBotError):
    """A template is missing, does not parse, or fails to render with the variables it is given."""

    def __init__(self, template: str, message: str, line: int | None = None) -> None:
        self.template = template
        self.line = line
        self.detail = message
        where = f"{template}:{line}" if line else template
        super().__init__(f"{where}: {message}")


class GitLabError(MentorshipBotError):
    """GitLab refused or failed a request and retrying did not help."""
