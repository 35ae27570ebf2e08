"""A "Request a mentor" issue: the template the intake project carries (from the
``request_form`` template, which a program may replace), and its fields read back.

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

from mentorship_bot.model import Program, normalise_tag
from mentorship_bot.render.context import program_index
from mentorship_bot.render.lazy import Templates

FORM_LINE = "<!-- mentorship-bot request-form -->"
_USERNAME_RE = re.compile(r"^\s*Username:[^\S\n]*@?(?P<name>\S*)\s*$")
_OTHER_RE = re.compile(r"^\s*Other interests:(?P<tags>.*)$")
_TICK_RE = re.compile(r"^\s{0,3}[-*+] \[[xX]\] (?P<tag>.+?)\s*$")
_BOX_RE = re.compile(r"^\s{0,3}[-*+] \[ \] (?P<tag>.+?)\s*$")  # a box not ticked yet
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


def request_template(program: Program, templates: Templates) -> str:
    """The issue template committed to the intake project (``intake.requests.TEMPLATE_PATH``):
    the ``request_form`` template between the form line the bot finds requests by and the
    ``/confidential`` line, which no template writes."""
    body = templates.render("request_form", {"program": program_index(program).program,
                                             "interests": list(interest_choices(program))})
    # IssuePolicy: whoever may create an issue may make it confidential as it is created
    # (``~persisted & can?(:create_issue)`` enables set_confidentiality).
    return f"{FORM_LINE}\n\n{body.rstrip()}\n\n/confidential\n"


def request_form_problem(program: Program, templates: Templates) -> str | None:
    """Why the ``request_form`` template would lose a request, or None: filled in as a person
    would (a username, the first interest ticked, another written), it must read back."""
    lines = request_template(program, templates).split("\n")
    choices = interest_choices(program)
    filled: dict[str, int | None] = {"Username": None, "Other interests": None, "tick": None}
    for i, line in enumerate(lines):
        if _USERNAME_RE.match(line) and filled["Username"] is None:
            lines[i], filled["Username"] = "Username: sample-user", i
        elif _OTHER_RE.match(line) and filled["Other interests"] is None:
            lines[i], filled["Other interests"] = "Other interests: Go", i
        elif (choices and filled["tick"] is None and (box := _BOX_RE.match(line))
              and normalise_tag(box.group("tag")) == normalise_tag(choices[0])):
            lines[i], filled["tick"] = line.replace("[ ]", "[x]", 1), i
    missing = [name for name, at in filled.items() if at is None and (name != "tick" or choices)]
    if missing:
        what = {"Username": "a line 'Username:'", "Other interests": "a line 'Other interests:'",
                "tick": "a task item '- [ ] TAG' per interest"}
        return "print " + " and ".join(what[name] for name in missing)
    found = read_request(1, "author", date(2026, 1, 1), "\n".join(lines), choices)
    wanted = (*choices[:1], "Go")
    if isinstance(found, Unreadable) or found.mentee != "sample-user" or (
            found.interests != wanted):
        why = found.why if isinstance(found, Unreadable) else "it reads back otherwise"
        return f"a request made from it cannot be read ({why}): print 'Username:' and " \
               "'Other interests:' once each"
    return None


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
