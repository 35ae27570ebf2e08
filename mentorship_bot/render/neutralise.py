"""Make text from the program file inert before it lands in a GitLab issue, note or README.

GitLab runs quick actions (``/close``, ``/label``, ``/assign``) found at the start of a line in a
description or note, also when the bot writes it through the API (GITLAB_API.md §7), and it notifies
everyone on ``@all`` or a group mention. A goal, a name or a department comes from a YAML file that
many people can edit, so every value a template interpolates goes through ``neutralise`` (the
template environment's ``finalize``); the template's own literal text is trusted.

The escapes are chosen so the text still reads the same once GitLab renders the Markdown:

- carriage returns become line feeds: GitLab deletes every ``\r`` before it looks for quick
  actions and stores the result, so ``@\rall`` would become ``@all`` and ``\n\r/close`` a command
  (``lib/gitlab/quick_actions/extractor.rb``, ``perform_regex``);

- a line whose first non-blank character is ``/`` gets a backslash before it: CommonMark renders
  ``\\/`` as ``/``, while GitLab's quick action extractor needs ``/`` at the start of the line;
- ``@`` before a name character gets an invisible U+2060 WORD JOINER after it, so ``@all``,
  ``@here``, ``@group`` and ``@user`` no longer match a reference; an e-mail address still reads
  the same;
- ``<`` becomes ``&lt;``: no raw HTML, and no forged ``<!-- mentorship-bot ... -->`` marker that
  could make the bot adopt or overwrite the wrong text.
"""

from __future__ import annotations

import re

WORD_JOINER = "\u2060"

# A "/" that is the first non-blank character of a line. Lines end at \n and \r (CommonMark) and at
# the other Unicode line breaks, so a value cannot smuggle a line start past this check.
_LINE_START_SLASH = re.compile(r"(^|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029])([^\S\n\r]*)/")
# "@" followed by a character that may start a GitLab path (user, group, "all", "here"), or at the
# very end of the value, where the template or the next value could complete it.
_MENTION = re.compile(r"@(?=[\w.\-+]|\Z)")


def neutralise(text: str) -> str:
    """``text`` with quick actions, mentions and HTML disarmed; unchanged when it has none."""
    if "/" not in text and "@" not in text and "<" not in text and "\r" not in text:
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if "@" in text:
        text = _MENTION.sub("@" + WORD_JOINER, text)
    if "/" in text:
        text = _LINE_START_SLASH.sub(r"\1\2\\/", text)
    return text


def disarm_mentions(text: str) -> str:
    """Only the mentions of ``text`` disarmed (the invisible WORD JOINER after ``@``): for text
    that is not Markdown, such as a calendar file, where the other escapes would show."""
    return _MENTION.sub("@" + WORD_JOINER, text) if "@" in text else text


def oneline(text: object) -> str:
    """A value fit for one Markdown table cell: line breaks become spaces, ``|`` is escaped."""
    value = "" if text is None else str(text)
    value = " ".join(value.splitlines())
    return value.replace("|", "\\|")


def quote(text: object) -> str:
    """A value as a Markdown block quote (``> `` before every line), for goals and purposes."""
    value = "" if text is None else str(text)
    return "\n".join(f"> {line}".rstrip() for line in value.splitlines() or [""])
