"""Generate large, valid program files for benchmarks and stress runs.

Mentors take at most two mentees per round (the soft limit), so a program of N pairs has about N/2
mentors per round; every mentee is paired once per round. The output is deterministic for a seed.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta

import yaml


def generate_program(pairs: int, *, rounds: int = 2, seed: int = 0,
                     group: str = "acme/mentoring") -> dict[str, object]:
    rng = random.Random(seed)
    per_round = max(1, pairs // rounds)
    mentors_needed = (per_round + 1) // 2
    departments = ["Platform", "Backend", "Frontend", "Data", "Security", "SRE", "Support", "QA"]
    mentors = [
        {"username": f"mentor{i:05d}", "name": f"Mentor {i}", "department": rng.choice(departments),
         "skills": rng.sample(["Kubernetes", "SQL", "testing", "leading", "writing"], 2)}
        for i in range(mentors_needed)
    ]
    mentees = [
        {"username": f"mentee{i:05d}", "name": f"Mentee {i}", "department": rng.choice(departments),
         "manager": f"manager{i % 50:02d}"}
        for i in range(per_round)
    ]
    round_list = []
    start = date(2026, 1, 5)
    for r in range(rounds):
        starts = start + timedelta(days=190 * r)
        round_list.append({"slug": f"round-{r + 1}", "name": f"Round {r + 1}",
                           "starts": starts.isoformat(),
                           "ends": (starts + timedelta(days=175)).isoformat(),
                           "cadence": "biweekly", "meeting_minutes": 30, "format": "mixed"})
    pair_list = []
    for r in range(rounds):
        order = list(range(per_round))
        rng.shuffle(order)
        for slot, mentee_index in enumerate(order):
            if len(pair_list) >= pairs:
                break
            pair_list.append({"round": f"round-{r + 1}", "mentor": f"mentor{slot // 2:05d}",
                              "mentee": f"mentee{mentee_index:05d}",
                              "goal": f"Goal of pair {len(pair_list)}: ship one thing."})
    return {
        "version": 1,
        "program": {"slug": "bench", "name": "Benchmark Program", "group": group,
                    "coordinators": ["coordinator"]},
        "rounds": round_list,
        "mentors": mentors,
        "mentees": mentees,
        "pairs": pair_list,
    }


def generate_program_yaml(pairs: int, **kwargs: object) -> str:
    return yaml.safe_dump(generate_program(pairs, **kwargs), sort_keys=False,  # type: ignore[arg-type]
                          allow_unicode=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pairs", type=int)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(generate_program_yaml(args.pairs, rounds=args.rounds, seed=args.seed), end="")


if __name__ == "__main__":
    main()
