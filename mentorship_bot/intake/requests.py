"""A "Request a mentor" issue in GitLab: where its template lives in the intake project. The
template's text, and a request's fields read back, are ``render.request_text``'s: ``validate``
checks a program's own template with them.
"""

from __future__ import annotations

TEMPLATE_PATH = ".gitlab/issue_templates/Request a mentor.md"
