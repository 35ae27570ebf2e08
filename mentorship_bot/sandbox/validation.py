"""GitLab's model validations for paths, names, descriptions, visibility, label titles and dates.

Each check returns the messages GitLab's model would add (an empty list when valid), so a handler
can gather them per attribute in GitLab's order and answer with GitLab's error body;
``group_errors`` and ``project_errors`` gather a whole model's, for create and update alike.
Messages are GitLab's own text; the file each rule follows is named beside it.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from mentorship_bot.sandbox.http import invalid_value, unsupported
from mentorship_bot.sandbox.store import Group, Project, Store

Errors = dict[str, list[str]]
VISIBILITIES = ("private", "internal", "public")  # lib/gitlab/visibility_level.rb, rising
GROUP_DESCRIPTION_MAX = 500  # app/models/namespace.rb
PROJECT_DESCRIPTION_MAX = 2000  # app/models/project.rb


def _words(text: str) -> list[str]:
    return text.split()


# lib/gitlab/regex.rb (oci_repository_path_regex): group and project paths since GitLab 16.x.
OCI_PATH_RE = re.compile(r"\A[a-zA-Z0-9]+([._-][a-zA-Z0-9]+)*\Z")
OCI_PATH_MESSAGE = ("can only include non-accented letters, digits, '_', '-' and '.'. It must not "
                    "start with '-', '_', or '.', nor end with '-', '_', '.', '.git', or '.atom'.")
# lib/gitlab/path_regex.rb (NAMESPACE_FORMAT_REGEX, namespace_format_message)
_NAMESPACE_FORMAT_RE = re.compile(
    r"\A(?:[a-zA-Z0-9_.][a-zA-Z0-9_\-.]*[a-zA-Z0-9_\-]|[a-zA-Z0-9_])(?<!\.git)(?<!\.atom)\Z")
NAMESPACE_FORMAT_MESSAGE = ("can contain only letters, digits, '_', '-' and '.'. Cannot start with "
                            "'-' or end in '.', '.git' or '.atom'.")
# lib/gitlab/path_regex.rb (PROJECT_PATH_FORMAT_REGEX, project_path_format_message)
_PROJECT_FORMAT_RE = re.compile(r"\A[a-zA-Z0-9_.][a-zA-Z0-9_\-.]*(?<!\.git)(?<!\.atom)\Z")
PROJECT_FORMAT_MESSAGE = ("can contain only letters, digits, '_', '-' and '.'. Cannot start with "
                          "'-', end in '.git' or end in '.atom'")
# lib/gitlab/path_regex.rb: TOP_LEVEL_ROUTES (root groups) and PROJECT_WILDCARD_ROUTES plus
# GROUP_ROUTES (subgroups and projects); app/validators/abstract_path_validator.rb answers
# "... is a reserved name".
TOP_LEVEL_ROUTES = frozenset(_words("""
- .well-known 404.html 422.html 500.html 502.html 503.html abuse_reports admin api
apple-touch-icon-precomposed.png apple-touch-icon.png assets autocomplete ci dashboard deploy.html
explore favicon.ico files groups header_logo_dark.png header_logo_light.png health_check help import
invites jwt koding notification_settings oauth profile projects public robots.txt s search
sent_notifications slash-command-logo.png snippets u unsubscribes uploads users
"""))
PROJECT_WILDCARD_ROUTES = frozenset(_words("""
- badges blame blob builds commits create create_dir edit files find_file new preview raw refs tree
update wikis
"""))

# lib/gitlab/regex.rb: group_name_regex and project_name_regex, with their messages.
_GROUP_NAME_RE = re.compile(r"\A[\w\u00a9-\U0001f9ff][\w\-\u2010-\u2015\u00a9-\U0001f9ff(). ]*\Z")
GROUP_NAME_MESSAGE = ("can contain only letters, digits, emoji, '_', '.', dash, space, "
                      "parenthesis. It must start with letter, digit, emoji or '_'.")
_PROJECT_NAME_RE = re.compile(r"\A[\w\u00a9-\U0001f9ff][\w\-\u2010-\u2015+\u00a9-\U0001f9ff. ]*\Z")
PROJECT_NAME_MESSAGE = ("can contain only letters, digits, emoji, '_', '.', '+', dashes, or "
                        "spaces. It must start with a letter, digit, emoji, or '_'.")

TAKEN = "has already been taken"


def too_long(limit: int) -> str:
    """ActiveModel's length message."""
    return f"is too long (maximum is {limit} characters)"


def _length(value: str, maximum: int) -> list[str]:
    return [too_long(maximum)] if len(value) > maximum else []


def _reserved(path: str, words: frozenset[str]) -> list[str]:
    # abstract_path_validator.rb: the route regexes compare case-insensitively.
    return [f"{path} is a reserved name"] if path.lower() in words else []


def group_path(path: str, *, root: bool, changed: bool = True) -> list[str]:
    """app/models/namespace.rb: presence, 255, the OCI format and at least 2 (both only
    ``if: :path_changed?``), namespace_path (every time)."""
    if not path:
        return ["can't be blank"]
    found = _length(path, 255)
    if changed and not OCI_PATH_RE.match(path):
        found.append(OCI_PATH_MESSAGE)
    # app/validators/namespace_path_validator.rb: format first, reserved words only if it passes.
    if not _NAMESPACE_FORMAT_RE.match(path):
        found.append(NAMESPACE_FORMAT_MESSAGE)
    else:
        found += _reserved(path, TOP_LEVEL_ROUTES if root else PROJECT_WILDCARD_ROUTES)
    if changed and len(path) < 2:  # enforce_minimum_path_length?
        found.append("is too short (minimum is 2 characters)")
    return found


def project_path(path: str) -> list[str]:
    """app/models/project.rb: presence, project_path (format, reserved), 255, the OCI format."""
    if not path:
        return ["can't be blank"]
    found = []
    if not _PROJECT_FORMAT_RE.match(path):
        found.append(PROJECT_FORMAT_MESSAGE)
    else:
        found += _reserved(path, PROJECT_WILDCARD_ROUTES)
    found += _length(path, 255)
    if not OCI_PATH_RE.match(path):
        found.append(OCI_PATH_MESSAGE)
    return found


def group_name(name: str, *, changed: bool = True, taken: bool = False) -> list[str]:
    """app/models/namespace.rb (presence, 255, unique among siblings: ``taken``), then
    app/models/group.rb (group_name_regex, ``if: :name_changed?``)."""
    if not name.strip():
        return ["can't be blank"]
    found = _length(name, 255) + ([TAKEN] if taken else [])
    return found + ([] if not changed or _GROUP_NAME_RE.match(name) else [GROUP_NAME_MESSAGE])


def project_name(name: str) -> list[str]:
    """app/models/project.rb: presence, 255, project_name_regex."""
    if not name:
        return ["can't be blank"]
    return _length(name, 255) + ([] if _PROJECT_NAME_RE.match(name) else [PROJECT_NAME_MESSAGE])


def label_title(title: str) -> list[str]:
    """app/models/concerns/base_label.rb: presence, no comma, at most 255 (title is stripped)."""
    if not title:
        return ["can't be blank"]
    return ([] if "," not in title else ["is invalid"]) + _length(title, 255)


def visibility(value: object) -> str:
    """A ``visibility`` parameter: Grape's ``values:`` check answers 400 for anything else."""
    if value not in VISIBILITIES:
        raise invalid_value("visibility")
    return str(value)


def more_visible(level: str, than: str) -> bool:
    return VISIBILITIES.index(level) > VISIBILITIES.index(than)


def group_visibility(store: Store, level: str, parent: Group | None,
                     group: Group | None) -> list[str]:
    """app/models/group.rb, in its order: not more closed than its projects or subgroups
    (``visibility_level_allowed_by_projects``, ``_by_sub_groups``), nor more open than its
    parent (``visibility_level_allowed_by_parent``)."""
    found = []
    if group is not None and any(p.namespace_id == group.id and more_visible(p.visibility, level)
                                 for p in store.projects.values()):
        found.append(f"{level} is not allowed since this group contains projects with higher "
                     "visibility.")
    if group is not None and any(g.parent_id == group.id and more_visible(g.visibility, level)
                                 for g in store.groups.values()):
        found.append(f"{level} is not allowed since there are sub-groups with higher "
                     "visibility.")
    if parent is not None and more_visible(level, parent.visibility):
        found.append(f"{level} is not allowed since the parent group has a "
                     f"{parent.visibility} visibility.")
    return found


def group_errors(store: Store, parent: Group | None, group: Group | None = None, *,
                 name: str | None = None, path: str | None = None,
                 description: str | None = None, visibility: str | None = None) -> Errors:
    """A group created (``group`` None) or updated: the attributes given, checked as
    app/models/namespace.rb and group.rb do; the format rules only on what changes."""
    errors: Errors = {}
    if name is not None:
        # uniqueness: { scope: [:type, :parent_id] }, if: -> { parent_id.present? }
        taken = parent is not None and any(
            g is not group and g.parent_id == parent.id and g.name == name
            for g in store.groups.values())
        add(errors, "name", group_name(name, changed=group is None or name != group.name,
                                       taken=taken))
    if description is not None:
        add(errors, "description", _length(description, GROUP_DESCRIPTION_MAX))
    if path is not None:
        add(errors, "path", group_path(path, root=parent is None,
                                       changed=group is None or path != group.path))
        held = store.by_path(f"{parent.full_path}/{path}" if parent else path)
        if held is not None and held is not group:  # app/models/route.rb: path uniqueness
            add(errors, "path", [TAKEN])
    if visibility is not None:
        add(errors, "visibility_level", group_visibility(store, visibility, parent, group))
    return errors


def project_errors(store: Store, group: Group, name: str, path: str, description: str,
                   visibility: str, project: Project | None = None) -> Errors:
    """app/models/project.rb's validations, in its order; ``project`` is the one updated.

    Format and visibility rules run only on what changes (``if: :name_changed?`` and
    friends); lengths and uniqueness run every time, as in GitLab.
    """
    others = [p for p in store.projects.values()
              if p.namespace_id == group.id and p is not project]
    errors: Errors = {}
    add(errors, "description", _length(description, PROJECT_DESCRIPTION_MAX))
    if project is None or name != project.name:
        add(errors, "name", project_name(name))
    if project is None:
        add(errors, "path", project_path(path))
    # Names are unique within the namespace (uniqueness: { scope: :namespace_id }); paths
    # share the route table with subgroups, so a subgroup's path is taken too.
    if any(p.name == name for p in others):
        add(errors, "name", [TAKEN])
    taken = store.by_path(f"{group.full_path}/{path}")
    if taken is not None and taken is not project:
        add(errors, "path", [TAKEN])
    changed = project is None or visibility != project.visibility
    if changed and more_visible(visibility, group.visibility):
        # visibility_level_allowed_by_group
        add(errors, "visibility_level",
            [f"{visibility} is not allowed in a {group.visibility} group."])
    return errors


def add(errors: Errors, field: str, messages: list[str]) -> None:
    """Collect ``messages`` under ``field`` as ActiveModel::Errors does (fields in order)."""
    if messages:
        errors.setdefault(field, []).extend(messages)


def ruby_inspect(errors: Errors) -> str:
    """``errors.messages.to_s`` as Ruby < 3.4 prints it: ``{:path=>["has already been taken"]}``.

    The groups and milestones APIs put this text in their messages (render_api_error!).
    """
    def string(text: str) -> str:
        escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return '"' + re.sub(r"#(?=[{$@])", r"\\#", escaped) + '"'

    parts = [f":{key}=>[{', '.join(string(m) for m in messages)}]"
             for key, messages in errors.items()]
    return "{" + ", ".join(parts) + "}"


def date_param(name: str, value: object) -> str | None:
    """A date parameter stored as GitLab's date columns return it: ``YYYY-MM-DD`` (or None).

    Rails casts "2026-3-1" and "2026-03-01T10:00:00Z" to a date; what it would silently turn into
    nil the sandbox refuses instead of guessing.
    """
    if value is None or value == "":
        return None
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", text)
    try:
        if match:
            return date(*(int(g) for g in match.groups())).isoformat()
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        raise unsupported(f"the sandbox does not read {name} {text!r}; send YYYY-MM-DD") from None
