"""A "Request a mentor" issue: the template the intake project carries, and its fields read back.

A person asks for themself or, as a manager, nominates someone: the issue's author is the one
who asked, the ``Username:`` line names the mentee (empty: the author). Interests are the
template's fixed choices ticked (the tags of the program's mentors) and the ``Other interests:``
line, each a short tag of letters, digits, spaces and ``+#._-``. The day GitLab created the issue
is the request's date. Nothing else of the text is read, and what is read is validated: a
request reaches the program file only as a username, tags and a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from mentorship_bot.model import Program
from mentorship_bot.program.profiles import normalise_tag

TEMPLATE_PATH = ".gitlab/issue_templates/Request a mentor.md"
FORM_LINE = "<!-- mentorship-bot request-form -->"
_USERNAME_RE = re.compile(r"^\s*Username:[^\S\n]*@?(?P<name>\S*)\s*$")
_OTHER_RE = re.compile(r"^\s*Other interests:(?P<tags>.*)$")
_TICK_RE = re.compile(r"^\s{0,3}[-*+] \[[xX]\] (?P<tag>.+?)\s*$")
# GitLab usernames (app/models/user.rb, Gitlab::PathRegex.namespace_format_regex), no ".git".
_GITLAB_USERNAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}")
_TAG = re.compile(r"[^\W_][\w +#.-]{0,39}")
MAX_TAGS = 10


def interest_choices(program: Program) -> tuple[str, ...]:
    """The template's fixed interests: every mentor's skills and topics, once each, sorted."""
    seen: dict[str, str] = {}
    for mentor in program.mentors:
        for tag in (*mentor.skills, *mentor.topics):
            if _TAG.fullmatch(tag):
                seen.setdefault(normalise_tag(tag), tag)
    return tuple(sorted(seen.values(), key=str.lower))


def request_template(program: Program) -> str:
    """The issue template committed to the intake project (``TEMPLATE_PATH``)."""
    lines = [FORM_LINE, "",
             "Only you and the coordinators see this request: the `/confidential` line at the "
             "end makes it confidential as it is created (keep it).", "",
             "### Who needs a mentor", "",
             "Username: ", "",
             "Leave the username empty to ask for yourself; a manager nominating someone "
             "writes their GitLab username.", "",
             "### Interests", "",
             "Tick what you want to learn:", ""]
    lines += [f"- [ ] {tag}" for tag in interest_choices(program)]
    lines += ["", "Other interests: ", "",
              "(Comma-separated short tags: letters, digits, spaces and + # . _ - only.)", "",
              "### Anything else", "",
              "Coordinators read this issue; the bot reads only the username and the tags "
              "above, and never copies any other text.", "",
              # IssuePolicy: whoever may create an issue may make it confidential as it is
              # created (``~persisted & can?(:create_issue)`` enables set_confidentiality).
              "/confidential", ""]
    return "\n".join(lines)


@dataclass(frozen=True)
class Request:
    """A request's validated fields."""

    iid: int
    mentee: str
    author: str
    requested_on: date
    interests: tuple[str, ...]

    @property
    def nominated(self) -> bool:
        return self.mentee.lower() != self.author.lower()


@dataclass(frozen=True)
class Unreadable:
    iid: int
    why: str  # a fixed sentence of the bot's, never the person's text


def is_request(description: str) -> bool:
    return any(line.strip() == FORM_LINE for line in description.splitlines())


def read_request(iid: int, author: str, created_on: date, description: str,
                 choices: tuple[str, ...]) -> Request | Unreadable:
    """The request's fields, each validated, or why it cannot be read."""
    lines = description.replace("\r\n", "\n").split("\n")
    names = [m.group("name") for line in lines if (m := _USERNAME_RE.match(line))]
    if len(names) > 1:
        return Unreadable(iid, "the request has more than one Username line")
    name = names[0] if names and names[0] else author
    if not _GITLAB_USERNAME.fullmatch(name) or name.lower().endswith((".git", ".atom")):
        return Unreadable(iid, "the username is not a GitLab username")
    fixed = {normalise_tag(tag): tag for tag in choices}
    tags: dict[str, str] = {}
    for line in lines:
        if (tick := _TICK_RE.match(line)) and normalise_tag(tick.group("tag")) in fixed:
            key = normalise_tag(tick.group("tag"))
            tags.setdefault(key, fixed[key])
    others = [m.group("tags") for line in lines if (m := _OTHER_RE.match(line))]
    for text in others[:1]:
        for item in (part.strip() for part in text.split(",")):
            if not item:
                continue
            if not _TAG.fullmatch(item):
                return Unreadable(iid, "an interest is not a short tag (letters, digits, spaces "
                                       "and + # . _ - only, at most 40 characters)")
            tags.setdefault(normalise_tag(item), item)
    if len(tags) > MAX_TAGS:
        return Unreadable(iid, f"more than {MAX_TAGS} interests")
    return Request(iid, name, author, created_on, tuple(tags.values()))
