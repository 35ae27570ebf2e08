"""Reading one object GitLab may not have: 404 means "not there", any other error is raised.

Each place that looked up a project, a branch or a file wrote the same try/except around
python-gitlab's ``GitlabGetError``; these are that one pattern.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any, TypeVar

import gitlab

from mentorship_bot.errors import GitLabError

T = TypeVar("T")


def found_or_none(get: Callable[[], T]) -> T | None:
    """``get()``, or None when GitLab answers 404."""
    try:
        return get()
    except gitlab.exceptions.GitlabGetError as exc:
        if exc.response_code == 404:
            return None
        raise


def required(get: Callable[[], T], missing: str) -> T:
    """``get()``; a 404 becomes a ``GitLabError`` saying ``missing`` (what to create or fix)."""
    found = found_or_none(get)
    if found is None:
        raise GitLabError(missing)
    return found


def file_text(project: Any, path: str, ref: str, *, errors: str = "strict") -> str | None:
    """A repository file's text on ``ref`` (line ends as stored), or None when it is not there."""
    raw = found_or_none(lambda: project.files.get(file_path=path, ref=ref))
    if raw is None:
        return None
    return base64.b64decode(raw.content).decode("utf-8", errors=errors)
