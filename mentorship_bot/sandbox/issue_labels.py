"""Labels on an issue: which names exist, which the API creates, and scoped-label exclusivity."""

from __future__ import annotations

from mentorship_bot.sandbox.store import Label, Project, Store

NEW_LABEL_COLOR = "#6699cc"


def find_or_create(store: Store, project: Project, names: list[str]) -> list[str]:
    """The API's ``labels``/``add_labels``: an unknown title creates a project label
    (app/services/labels/available_labels_service.rb ``find_or_create_by_titles``)."""
    known = {lb.name for lb in store.labels_available(project)}
    for name in names:
        if name not in known:
            label = Label(store.new_id(), name, NEW_LABEL_COLOR, "", None, project.id)
            store.labels[label.id] = label
            known.add(name)
    return names


def existing(store: Store, project: Project, refs: list[str]) -> list[str]:
    """``/label``'s labels: only those that exist in the project or its ancestor groups; an
    all-digit reference is a label id (lib/gitlab/quick_actions/... ``find_labels`` uses
    LabelsFinder with ``include_ancestor_groups``; it never creates a label)."""
    available = store.labels_available(project)
    by_name = {lb.name: lb.name for lb in available}
    by_id = {str(lb.id): lb.name for lb in available}
    names = [(by_id if ref.isdigit() else by_name).get(ref) for ref in refs]
    return [name for name in names if name is not None]


def scope(name: str) -> str | None:
    """The key of a scoped label: everything before the last ``::`` (``/^.*::/`` is greedy,
    ee/app/models/ee/label.rb ``scoped_label_key``); None for a plain label."""
    return name[:name.rindex("::")] if "::" in name else None


def exclusive(store: Store, labels: list[str], before: list[str], selection: list[str]
              ) -> list[str]:
    """Drop labels that share a scope with a newly added one, keeping the one chosen last.

    ee/app/services/ee/issuable/callbacks/labels.rb ``filter_mutually_exclusive_labels`` and
    ee/app/models/scoped_label_set.rb: only when labels were added and the tier has scoped
    labels; a scope holding two labels of which none is new is left alone; otherwise the label
    latest in ``selection`` (``add_label_ids`` then ``label_ids``) wins, the others go."""
    added = [name for name in labels if name not in before]
    if not added or not store.scoped_labels():
        return labels
    order = {name: index for index, name in enumerate(selection)}
    sets: dict[str, list[str]] = {}
    for name in labels:
        key = scope(name)
        if key is not None:
            sets.setdefault(key, []).append(name)
    drop: set[str] = set()
    for members in sets.values():
        if len(members) > 1 and any(name in added for name in members):
            keep = max(members, key=lambda name: order.get(name, -1))
            drop.update(name for name in members if name != keep)
    return [name for name in labels if name not in drop]
