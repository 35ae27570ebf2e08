"""Issue and note text as the API takes it: quick actions out, right-stripped, validated.

Everything here is checked before a request changes anything, so a refused request (400) leaves
no half-applied change behind.
"""

from __future__ import annotations

from mentorship_bot.sandbox import markdown
from mentorship_bot.sandbox import quick_actions as qa
from mentorship_bot.sandbox.http import Request, invalid, unsupported
from mentorship_bot.sandbox.validation import too_long

MAX_DESCRIPTION = 1_048_576  # bytes: app/models/concerns/issuable.rb validates its bytesize
MAX_TITLE = 255


def checked(actions: list[qa.QuickAction]) -> list[qa.QuickAction]:
    try:
        qa.check_supported(actions)
    except qa.Unsupported as exc:
        raise unsupported(str(exc)) from None
    return actions


def text(body: str) -> tuple[str, list[qa.QuickAction]]:
    """Quick actions taken out of ``body`` (right-stripped), refusing what is not implemented."""
    cleaned, actions = qa.extract(body)
    return cleaned, checked(actions)


def description(request: Request, original: str | None) -> tuple[str, list[qa.QuickAction]]:
    """The description to store and the commands to run, checked before anything changes.

    Quick actions are interpreted whenever a description is given, and the extractor returns
    the text right-stripped (issuable_base_service.rb ``merge_quick_actions_into_params!``,
    extractor.rb ``content.rstrip``); on an edit only new commands run."""
    given = str(request.arg("description"))
    cleaned, actions = qa.extract(given) if original is None else qa.extract_new(original, given)
    if len(cleaned.encode()) > MAX_DESCRIPTION:
        raise invalid("description", too_long(MAX_DESCRIPTION))
    if markdown.has_task_table(cleaned):
        raise unsupported("the sandbox does not implement GLFM task tables (a table cell "
                           "holding only a checkbox)")
    return cleaned, checked(actions)


def title(value: object) -> str:
    """app/models/concerns/issuable.rb: ``strip_attributes! :title``, present, at most 255."""
    title = str(value).strip(" \t\n\v\f\r\x00")
    if not title:
        raise invalid("title", "can't be blank")
    if len(title) > MAX_TITLE:
        raise invalid("title", too_long(MAX_TITLE))
    return title
