"""The one way a Plan is made: desired state for the day, GitLab's state (or none), the diff.

``plan`` prints the result and ``apply`` executes it; both make it here, from the same desired state
and the same diff, so the preview and the run cannot drift apart (``plan`` streams it pair by pair,
``plan_shares``; ``apply`` holds it whole, ``plan_program``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from functools import partial

from mentorship_bot.adapter.connection import Connection
from mentorship_bot.adapter.observe import observe
from mentorship_bot.model import Program
from mentorship_bot.provision.desired_state import DesiredState, desired_state
from mentorship_bot.provision.diff import PlanChunk, diff, diff_chunks
from mentorship_bot.provision.observed_state import ObservedState
from mentorship_bot.provision.plan import Plan
from mentorship_bot.render.templates import TemplateSet


def plan_program(
    program: Program,
    today: date,
    conn: Connection | None = None,
    *,
    update_templates: bool = False,
    prune: bool = False,
    templates: TemplateSet | None = None,
) -> tuple[ObservedState, Plan]:
    """What GitLab holds (an empty GitLab without ``conn``) and the plan that brings it in line."""
    desired, observed = _read(program, today, conn, templates)
    return observed, diff(desired, observed, update_templates=update_templates, prune=prune)


def plan_shares(
    program: Program,
    today: date,
    conn: Connection | None = None,
    *,
    update_templates: bool = False,
    prune: bool = False,
    templates: TemplateSet | None = None,
) -> tuple[ObservedState, Callable[[tuple[int, int]], Iterator[PlanChunk]]]:
    """``plan_program``'s plan, pair by pair, for ``plan``'s outputs: the same actions, never
    held at once (issue 18); ``shares((0, 1))`` makes all of it. ``shares((k, n))`` makes the
    k-th of n runs of pairs (``diff_chunks``), for n processes to make at once
    (``plan_parts``). ``apply`` executes a whole Plan, so it uses ``plan_program``."""
    desired, observed = _read(program, today, conn, templates)
    return observed, partial(_share, desired, observed, update_templates, prune)


def _share(desired: DesiredState, observed: ObservedState, update_templates: bool, prune: bool,
           share: tuple[int, int]) -> Iterator[PlanChunk]:
    return diff_chunks(desired, observed, update_templates=update_templates, prune=prune,
                       share=share)


def _read(program: Program, today: date, conn: Connection | None,
          templates: TemplateSet | None) -> tuple[DesiredState, ObservedState]:
    """What the program wants on ``today``, and what GitLab holds of it (empty without ``conn``)."""
    desired = desired_state(program, today, templates or TemplateSet(program.templates))
    return desired, observe(conn, desired) if conn is not None else ObservedState.empty()
