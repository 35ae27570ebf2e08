"""A sandbox's whole state saved to a file and loaded again (``sandbox --state``).

Benchmarks set up a large program once (a 10,000-pair round takes 130,000 writes) and measure
many nights from the saved state. The file is a pickle: load only a file a sandbox saved, never
one from elsewhere, since loading a pickle runs what it says.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from mentorship_bot.sandbox.store import Store
from mentorship_bot.sandbox.views import known_task_counts, remember_task_counts

# Bumped when the store's classes change in a way an older file cannot be read into.
FORMAT = "mentorship-bot-sandbox-state/1"


def save_store(store: Store, path: str | Path) -> int:
    """Write ``store`` to ``path`` (atomically: a reader never sees half a file); its size."""
    target = Path(path)
    partial = target.with_name(target.name + ".partial")
    with store.lock:
        texts = {issue.description for project in store.projects.values()
                 for issue in project.issues.values()}
        counts = {text: n for text, n in known_task_counts().items() if text in texts}
        data = pickle.dumps((FORMAT, store, counts), protocol=pickle.HIGHEST_PROTOCOL)
    partial.write_bytes(data)
    partial.replace(target)
    return len(data)


def load_store(path: str | Path) -> Store:
    """The store a sandbox saved at ``path``; ValueError for a file of another kind or format."""
    with Path(path).open("rb") as file:
        try:
            saved = pickle.load(file)  # noqa: S301 - our own file, as the module says
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError) as exc:
            raise ValueError(f"{path}: not a saved sandbox state ({exc})") from None
    if not (isinstance(saved, tuple) and len(saved) == 3 and saved[0] == FORMAT
            and isinstance(saved[1], Store)):
        raise ValueError(f"{path}: not a saved sandbox state of format {FORMAT}")
    remember_task_counts(saved[2])  # the issues' task counts, as views.py keeps them
    return saved[1]
