"""Matching a large programme: the exact solver's time, memory and fit against a greedy baseline.

Run: `.venv/bin/python benchmarks/matching.py [--mentees 5000] [--mentors 1000] [--seed 8]
[--mode most_matched|best_fit]`

A random programme from a fixed seed: mentees are mostly students (some teachers), mentors of
every category with capacity 1–5; each person names 1–4 of the 12 topics, popular topics more
often, and teachers the teachers' topics; each mentee names three mentors, popular mentors more
often; each mentor names three mentees, half of them among those who chose them; some pairs
ended before (never repeated) and the curator fixed a few must pairs.

`seconds` is the time of `propose` alone, on one core: the process is pinned to one CPU and the
BLAS/OpenMP pools are set to one thread before numpy is imported (scipy's assignment solver is
single-threaded anyway). `peak_mb` is the process's peak resident set size (`ru_maxrss`), read
right after `propose` and before the greedy baseline runs: it covers the interpreter, numpy and
scipy, the generated programme and the C++ memory of the solver, which `tracemalloc` cannot
see. The greedy baseline in the same run takes the compatible pairs best score first (ties by
ids), after the same must pairs. `optimal` is true when the solver's objective is at least
greedy's: (matched, score) compared in that order in most_matched, the score in best_fit.
Prints one JSON line.
"""

from __future__ import annotations

import os

# One core: the thread pools of BLAS and OpenMP are sized when numpy is first imported.
os.environ["OMP_NUM_THREADS"] = "1"
os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ["MKL_NUM_THREADS"] = "1"

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from bot.domain.forms import allowed
from bot.domain.matching import (
    FORMATS,
    Mentee,
    Mentor,
    Mode,
    Proposal,
    Rules,
    compatibility,
    propose,
    scores,
)
from bot.domain.roles import AgeGroup, Category

TOPICS = (
    "subjects",
    "olympiads",
    "projects",
    "career",
    "adaptation_school",
    "adaptation_job",
    "methodology",
    "classroom",
    "digital",
    "creativity",
    "sport",
    "leadership",
)
TEACHER_TOPICS = ("methodology", "classroom", "adaptation_job", "digital", "projects")
SLOTS = ("weekday_day", "weekday_evening", "weekend")
MENTOR_CATEGORIES = {
    Category.SENIOR_STUDENT: 30,
    Category.TEACHER: 25,
    Category.COLLEGE_STUDENT: 15,
    Category.GRADUATE: 10,
    Category.PARENT: 10,
    Category.EMPLOYER: 10,
}


def pick(rng: random.Random, items: tuple[str, ...], weights: list[float], k: int) -> set[str]:
    chosen: set[str] = set()
    while len(chosen) < k:
        chosen.add(rng.choices(items, weights)[0])
    return chosen


def topics_of(rng: random.Random, teacher: bool) -> frozenset[str]:
    items = TEACHER_TOPICS if teacher else TOPICS
    weights = [1 / (rank + 1) for rank in range(len(items))]  # popular topics more often
    return frozenset(pick(rng, items, weights, rng.randint(1, 4)))


def schedule(rng: random.Random) -> tuple[str, frozenset[str]]:
    fmt = rng.choices(FORMATS, [40, 20, 40])[0]
    return fmt, frozenset(rng.sample(SLOTS, rng.randint(1, 3)))


FIRST_MENTOR = 1_000_000  # mentor ids apart from mentee ids, so that a mix-up shows


def make_mentees(
    rng: random.Random, count: int, categories: list[Category], popularity: list[float]
) -> list[Mentee]:
    """Mostly students, one in ten a teacher; three choices each, popular mentors more often."""
    open_to: dict[tuple[Category, AgeGroup | None], list[int]] = {}
    mentees: list[Mentee] = []
    for number in range(count):
        teacher = rng.random() < 0.1
        category = Category.TEACHER if teacher else Category.STUDENT
        age = None if teacher else rng.choice(list(AgeGroup))
        if (category, age) not in open_to:
            open_to[category, age] = [
                j for j, other in enumerate(categories) if allowed(other, category, age)
            ]
        candidates = open_to[category, age]
        weights = [popularity[j] for j in candidates]
        choices: list[int] = []
        while len(choices) < min(3, len(candidates)):
            mentor_id = FIRST_MENTOR + rng.choices(candidates, weights)[0]
            if mentor_id not in choices:
                choices.append(mentor_id)
        fmt, slots = schedule(rng)
        mentees.append(
            Mentee(number, category, topics_of(rng, teacher), fmt, slots, tuple(choices), age)
        )
    return mentees


def make_mentors(
    rng: random.Random, categories: list[Category], mentees: list[Mentee]
) -> list[Mentor]:
    """Capacity 1–5; three chosen mentees each, half of them among those who chose them."""
    chosen_by: dict[int, list[int]] = {}
    for mentee in mentees:
        for mentor_id in mentee.choices:
            if mentor_id is not None:
                chosen_by.setdefault(mentor_id, []).append(mentee.id)
    mentors: list[Mentor] = []
    for j, category in enumerate(categories):
        mentor_id = FIRST_MENTOR + j
        admirers = chosen_by.get(mentor_id, [])
        picks: set[int] = set()
        for _ in range(100):  # bounded: a small programme may have few mentees to pick
            if len(picks) == 3:
                break
            if admirers and rng.random() < 0.5:
                picks.add(rng.choice(admirers))
                continue
            candidate = rng.choice(mentees)
            if allowed(category, candidate.category, candidate.age_group):
                picks.add(candidate.id)
        fmt, slots = schedule(rng)
        teacher = category is Category.TEACHER and rng.random() < 0.5
        capacity = rng.randint(1, 5)
        topics = topics_of(rng, teacher)
        mentors.append(Mentor(mentor_id, category, capacity, topics, fmt, slots, frozenset(picks)))
    return mentors


def make_rules(rng: random.Random, mentees: list[Mentee], mentors: list[Mentor]) -> Rules:
    """Ended pairs for one mentee in twenty; a must pair for one in two hundred, each feasible,
    so that greedy can take them as they are."""
    ended = {(rng.choice(mentors).id, rng.choice(mentees).id) for _ in range(len(mentees) // 20)}
    places = {mentor.id: mentor.capacity for mentor in mentors}
    must: set[tuple[int, int]] = set()
    for mentee in rng.sample(mentees, len(mentees) // 200):
        for mentor_id in mentee.choices:
            if mentor_id is None:
                continue
            if (mentor_id, mentee.id) not in ended and places[mentor_id] > 0:
                must.add((mentor_id, mentee.id))
                places[mentor_id] -= 1
                break
    return Rules(never=frozenset(ended), must=frozenset(must))


def programme(
    rng: random.Random, mentee_count: int, mentor_count: int
) -> tuple[list[Mentee], list[Mentor], Rules]:
    shares = MENTOR_CATEGORIES
    categories = rng.choices(list(shares), list(shares.values()), k=mentor_count)
    popularity = [rng.paretovariate(1.2) for _ in range(mentor_count)]
    mentees = make_mentees(rng, mentee_count, categories, popularity)
    mentors = make_mentors(rng, categories, mentees)
    return mentees, mentors, make_rules(rng, mentees, mentors)


def greedy(mentees: list[Mentee], mentors: list[Mentor], rules: Rules) -> tuple[int, int]:
    """The best-scoring compatible pair first, ties by ids; (matched, total score)."""
    mentees = sorted(mentees, key=lambda m: m.id)
    mentors = sorted(mentors, key=lambda m: m.id)
    fit = scores(mentees, mentors)
    ok = compatibility(mentees, mentors, rules)
    free = [mentor.capacity for mentor in mentors]
    taken = [False] * len(mentees)
    mentee_at = {mentee.id: i for i, mentee in enumerate(mentees)}
    mentor_at = {mentor.id: j for j, mentor in enumerate(mentors)}
    matched = total = 0
    for mentor_id, mentee_id in sorted(rules.must):  # the generator makes them all feasible
        i, j = mentee_at[mentee_id], mentor_at[mentor_id]
        assert ok[i, j] and free[j] > 0 and not taken[i]
        taken[i], free[j] = True, free[j] - 1
        matched, total = matched + 1, total + int(fit[i, j])
    cells = np.flatnonzero(ok.ravel())
    order = cells[np.lexsort((cells, -fit.ravel()[cells]))]
    places, columns = sum(free), len(mentors)
    for cell in order.tolist():
        if places == 0:
            break
        i, j = divmod(cell, columns)
        if not taken[i] and free[j] > 0:
            taken[i], free[j] = True, free[j] - 1
            places -= 1
            matched, total = matched + 1, total + int(fit[i, j])
    return matched, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--mentees", type=int, default=5000)
    parser.add_argument("--mentors", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--mode", choices=[mode.value for mode in Mode], default="most_matched")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    mode = Mode(args.mode)
    mentees, mentors, rules = programme(random.Random(args.seed), args.mentees, args.mentors)
    started = time.perf_counter()
    proposal: Proposal = propose(mentees, mentors, rules, mode)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    greedy_matched, greedy_score = greedy(mentees, mentors, rules)
    if mode is Mode.MOST_MATCHED:
        optimal = (proposal.matched, proposal.score) >= (greedy_matched, greedy_score)
    else:
        optimal = proposal.score >= greedy_score
    print(
        json.dumps(
            {
                "mentees": len(mentees),
                "mentors": len(mentors),
                "places": sum(mentor.capacity for mentor in mentors),
                "mode": mode.value,
                "seconds": round(seconds, 3),
                "peak_mb": round(peak_mb, 1),
                "matched": proposal.matched,
                "score": proposal.score,
                "greedy_matched": greedy_matched,
                "greedy_score": greedy_score,
                "optimal": optimal,
                "preferred_share": round(proposal.preferred_share, 3),
                "mutual": proposal.mutual,
                "rejected_must": len(proposal.rejected_must),
            }
        )
    )


if __name__ == "__main__":
    main()
