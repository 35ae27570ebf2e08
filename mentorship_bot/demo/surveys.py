"""Simulated people answering their feedback surveys (issue 14), with their own tokens.

Each person lists the feedback project's issues they can see (a Guest sees only the confidential
survey issues assigned to them), ticks one box per question, as a click in GitLab saves it, and
may leave a free answer as a comment. Who answers, and when, follows the pair's behaviour: the
diligent answer in the week the survey opens, the late only once it is a week old (after the
bot's reminder), the pair that stalls never. Ticks come from a seeded RNG: the demo stays the
same for a seed.
"""

from __future__ import annotations

import random
import re
from datetime import date
from urllib.parse import quote

import requests

from mentorship_bot.demo.personas import LATE, PRIVATE_MARKER, STALLS
from mentorship_bot.sandbox.people import Person

_QUESTION = re.compile(r"^<!-- survey-question (?P<key>[a-z0-9_-]+) -->\s*$")
_TASK = re.compile(r"^(\s{0,3}[-*+] )\[ \]")
# How likely each box is ticked (first box first): people are mostly positive, not all.
_WEIGHTS = {2: (3, 1), 3: (5, 3, 1), 5: (1, 1, 3, 5, 3)}
FREE_ANSWER = f"Shorter meetings would help. {PRIVATE_MARKER}"


def ticked(description: str, rng: random.Random) -> str:
    """``description`` with one box ticked under each question (none ticked yet)."""
    lines = description.split("\n")
    groups: list[list[int]] = []
    for at, line in enumerate(lines):
        if _QUESTION.match(line):
            groups.append([])
        elif groups and _TASK.match(line):
            groups[-1].append(at)
    for boxes in groups:
        if boxes:
            weights = _WEIGHTS.get(len(boxes), (1,) * len(boxes))
            at = rng.choices(boxes, weights=weights)[0]
            lines[at] = _TASK.sub(r"\1[x]", lines[at], count=1)
    return "\n".join(lines)


def answer_surveys(person: Person, username: str, project: str, behaviour: dict[str, str],
                   today: date, rng: random.Random) -> tuple[int, int]:
    """Answer the open, unanswered surveys ``username`` sees in ``project``; ``behaviour`` maps
    a pair's slug to how that pair behaves. Returns how many surveys were answered and how many
    free answers (comments) were written."""
    answered = comments = 0
    try:
        issues = person.issues(project)
    except requests.HTTPError as error:  # not a Guest there yet: GitLab hides the project (404)
        if error.response is None or error.response.status_code != 404:
            raise
        return 0, 0
    for issue in sorted(issues, key=lambda i: i["iid"]):
        text = issue.get("description") or ""
        found = re.search(r"/(?P<pair>[^/\s]+)/(?P<survey>[^/\s]+)/" + re.escape(username.lower())
                          + r"\b", text)
        if issue["state"] != "opened" or found is None or "- [x]" in text:
            continue
        persona = behaviour.get(found["pair"])
        opened = date.fromisoformat(issue["created_at"][:10])
        if persona in (None, STALLS) or (persona == LATE and (today - opened).days < 7):
            continue
        url = f"{person.api}/projects/{quote(project, safe='')}/issues/{issue['iid']}"
        response = person.session.put(url, data={"description": ticked(text, rng)},
                                      headers=person.headers, timeout=30)
        response.raise_for_status()
        answered += 1
        if rng.random() < 0.3:  # a free answer: it stays in GitLab, never in a report
            person.comment(project, issue["iid"], FREE_ANSWER)
            comments += 1
    return answered, comments
