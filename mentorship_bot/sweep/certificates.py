"""Certificates of completion: who earns one, and an id anyone can check it by.

After its last day (its own end, or the day it ended early) each pair at or above the completion
threshold earns two certificates, one for the mentee and one for the mentor, unless
``program.certificates`` is false. Only milestones closed by that day plus
``certificate_grace_days`` count, and a certificate is dated the day the
pair reached the threshold (issue 12: late closes earned certificates dated on the last day). The
verification id is a digest of program, round, pair, person and completion: the coordinators can
recompute it from the report to confirm a certificate someone shows them is one the program issued.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from mentorship_bot.model import Program
from mentorship_bot.sweep.progress import PairProgress, ProgramProgress


@dataclass(frozen=True)
class Certificate:
    program: str  # slug
    program_name: str
    round: str  # slug
    round_name: str
    round_starts: date
    round_ends: date
    pair: str  # slug
    role: str  # "mentee" or "mentor"
    username: str
    name: str
    partner_name: str
    completion_percent: int
    threshold_percent: int
    issued_on: date
    verification_id: str

    @property
    def file_name(self) -> str:
        return f"{self.round}-{self.pair}-{self.role}.html"

    @property
    def repository_path(self) -> str:
        """Where the Markdown certificate lives in the pair's project."""
        return f"certificates/{self.username}.md"


def verification_id(
    program: str, round_: str, pair: str, username: str, completion_percent: int
) -> str:
    text = f"{program}\n{round_}\n{pair}\n{username}\n{completion_percent}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def earns_certificates(pair: PairProgress, round_ends: date, today: date,
                       enabled: bool = True) -> bool:
    """A certificate is issued once the pair's last day is over (``round_ends``: its own end, or
    the day it ended early), to pairs that reached the threshold in time (``completed``, which
    counts only closes up to that day plus the grace days)."""
    return enabled and today > round_ends and pair.status == "completed"


def certificates_for(pair: PairProgress, program: Program, progress: ProgramProgress
                     ) -> tuple[Certificate, Certificate]:
    """The mentee's and the mentor's certificate, dated the day the pair reached the threshold
    (a fixed day, so that a later re-run renders the very same text)."""
    round_ = program.round(pair.round)
    mentee, mentor = program.mentee(pair.mentee), program.mentor(pair.mentor)
    out = []
    for role, person, partner in (("mentee", mentee, mentor), ("mentor", mentor, mentee)):
        out.append(
            Certificate(
                program=program.slug,
                program_name=program.name,
                round=round_.slug,
                round_name=round_.name,
                round_starts=pair.starts or round_.starts,  # the pair's own dates
                round_ends=pair.ends or round_.ends,
                pair=pair.pair,
                role=role,
                username=person.username,
                name=person.name,
                partner_name=partner.name,
                completion_percent=pair.counted_percent,
                threshold_percent=progress.threshold_percent,
                issued_on=pair.qualified_on or pair.ends or round_.ends,
                verification_id=verification_id(
                    program.slug, round_.slug, pair.pair, person.username,
                    pair.counted_percent,
                ),
            )
        )
    return out[0], out[1]


def program_certificates(program: Program, progress: ProgramProgress) -> tuple[Certificate, ...]:
    """Every certificate the program has earned by ``progress.today``."""
    out: list[Certificate] = []
    for round_ in progress.rounds:
        for pair in round_.pairs:
            if earns_certificates(pair, pair.ends or round_.ends, progress.today,
                                  program.certificates):
                out.extend(certificates_for(pair, program, progress))
    return tuple(out)
