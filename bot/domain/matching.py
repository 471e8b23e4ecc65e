"""Matching mentees to mentors: an exact optimum, with a reason for every decision.

`propose(mentees, mentors, rules, mode)` is the curator's automatic proposal of pairs and
groups (формирование наставнических пар / групп). It knows nothing of Telegram or the
database: the caller passes plain records and translates the enums of the answer.

Compatibility. A mentor fits a mentee (`fitting`) when the form of mentoring allows the two
categories (`bot.domain.forms`) and the pair is not in `Rules.never` (the curator's "never
pair" and every pair that already ended, so an ended pair is never proposed again). A mentor
may take a mentee (`compatible`, `compatibility`) when they fit and the mentor has a free place
(`Mentor.capacity` > 0, the places free for this proposal; more than one is a group).

Choices. `Mentee.choices` holds the mentee's choices by rank: position k is rank k + 1, and
None marks a rank whose mentor is no longer a choice (left the bank), so a second choice
stays second when the first is gone. Ids that are not among the mentors of a proposal are
ignored, like None.

"Must pair". The curator's must pairs are fixed first, in the order of (mentor id, mentee id);
one that cannot be kept is reported in `Proposal.rejected_must` with its problem
(`MustProblem`), and the rest of the programme is optimised around the kept ones.

Modes. `Mode.MOST_MATCHED` matches the largest number of mentees, and among those matchings
takes the largest total score: each pair is worth a constant `big` plus its score, where `big`
exceeds any total score a matching can have, so one more pair always outweighs any gain in
fit. `Mode.BEST_FIT` takes the largest total score. Every compatible pair scores at least 1
(`BASE`), so adding a pair never lowers the total: BEST_FIT never leaves a mentee out when a
compatible mentor still has a free place; it may match fewer mentees than MOST_MATCHED by
giving a contested mentor to the mentee who fits them best.

Solver. Exact, never greedy: an assignment problem of mentees × mentor places, each mentor
repeated as many times as the places they may fill (their free capacity, at most the number of
mentees they could take), solved by `scipy.optimize.linear_sum_assignment` (a shortest
augmenting path method with integer-valued costs, so its optimum is exact). A mentee placed on
a place of an incompatible mentor (cost 0) stays unmatched: such a cell is worth the same as no
pair, so the optimum of the assignment is the optimum of the matching. Memory: one dense
float64 matrix of (mentees who have a compatible mentor) × (places), 8 bytes a cell: 5,000
mentees and 3,000 places are 120 MB.

Ties. Mentees and mentors are put in the order of their ids before anything is built, and the
solver is deterministic: the same programme gives the same proposal whatever the order of the
input. Among equally good matchings the one chosen is the solver's first on that canonical
order.

Unmatched mentees get one reason, the first that holds of:
1. `NO_COMPATIBLE_MENTOR`: no mentor fits the mentee (form and rules), whatever their places;
2. `ONLY_INCOMPATIBLE_CHOICES`: the mentee named mentors of this proposal and none of them fits
   (form and rules); other mentors fit, and they are full;
3. `CAPACITY_USED`: mentors who fit exist (chosen or not), and they are full: their places
   went to others, or they had none free. (Both modes guarantee that an unmatched mentee's
   fitting mentors are full: otherwise adding the pair would raise the objective.)
A full mentor whom the mentee chose is never an "incompatible choice": the cause is capacity.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from bot.domain.forms import Form, allowed, form_of
from bot.domain.roles import AgeGroup, Category

FORMATS = ("offline", "online", "any")
MAX_CHOICES = 3


@dataclass(frozen=True)
class Mentee:
    id: int
    category: Category
    topics: frozenset[str]  # the request, from the shared `topics` list
    format: str | None  # offline / online / any, None when not answered
    slots: frozenset[str]  # weekday_day / weekday_evening / weekend
    # Mentor ids by rank (position k is rank k + 1), up to three; None: a rank whose mentor is
    # no longer a choice.
    choices: tuple[int | None, ...] = ()
    age_group: AgeGroup | None = None

    def __post_init__(self) -> None:
        named = [mentor_id for mentor_id in self.choices if mentor_id is not None]
        if len(self.choices) > MAX_CHOICES or len(set(named)) != len(named):
            raise ValueError(f"mentee {self.id}: up to {MAX_CHOICES} different choices")
        if self.format is not None and self.format not in FORMATS:
            raise ValueError(f"mentee {self.id}: unknown format {self.format!r}")


@dataclass(frozen=True)
class Mentor:
    id: int
    category: Category
    capacity: int  # places free for this proposal; more than one is a group
    topics: frozenset[str]  # competencies, from the shared `topics` list
    format: str | None
    slots: frozenset[str]
    choices: frozenset[int] = frozenset()  # mentee ids the mentor would like

    def __post_init__(self) -> None:
        if self.format is not None and self.format not in FORMATS:
            raise ValueError(f"mentor {self.id}: unknown format {self.format!r}")


@dataclass(frozen=True)
class Rules:
    """Pairs as (mentor id, mentee id). Ended pairs go into `never` (the caller adds them)."""

    never: frozenset[tuple[int, int]] = frozenset()
    must: frozenset[tuple[int, int]] = frozenset()

    @classmethod
    def of(
        cls,
        *,
        never: Iterable[tuple[int, int]] = (),
        ended: Iterable[tuple[int, int]] = (),
        must: Iterable[tuple[int, int]] = (),
    ) -> Rules:
        """The curator's "never" and "must" pairs, with the pairs that already ended."""
        return cls(frozenset(never) | frozenset(ended), frozenset(must))


class Mode(StrEnum):
    MOST_MATCHED = "most_matched"
    BEST_FIT = "best_fit"


class ReasonKind(StrEnum):
    MUST_PAIR = "must_pair"  # the curator asked for this pair
    MUTUAL = "mutual"  # each chose the other
    FIRST_CHOICE = "first_choice"  # the mentee's 1st choice
    SECOND_CHOICE = "second_choice"
    THIRD_CHOICE = "third_choice"
    MENTOR_CHOSE = "mentor_chose"  # the mentor chose the mentee (and not the other way)
    SHARED_TOPICS = "shared_topics"  # details: the topics
    SAME_FORMAT = "same_format"  # details: the format they share
    SHARED_SLOTS = "shared_slots"  # details: the time slots


RANKS = (ReasonKind.FIRST_CHOICE, ReasonKind.SECOND_CHOICE, ReasonKind.THIRD_CHOICE)


@dataclass(frozen=True)
class Reason:
    kind: ReasonKind
    details: tuple[str, ...] = ()  # sorted topic or slot ids, or the one shared format


class UnmatchedReason(StrEnum):
    NO_COMPATIBLE_MENTOR = "no_compatible_mentor"
    ONLY_INCOMPATIBLE_CHOICES = "only_incompatible_choices"
    CAPACITY_USED = "capacity_used"


class MustProblem(StrEnum):
    UNKNOWN_PERSON = "unknown_person"  # not among the mentees or mentors of this proposal
    EXCLUDED = "excluded"  # also a "never" or an ended pair: "never" wins
    FORM_NOT_ALLOWED = "form_not_allowed"
    MENTEE_TAKEN = "mentee_taken"  # an earlier must pair already took the mentee
    NO_CAPACITY = "no_capacity"  # the mentor has no place left


@dataclass(frozen=True)
class Proposed:
    mentor_id: int
    mentee_id: int
    score: int
    reasons: tuple[Reason, ...]
    form: Form


@dataclass(frozen=True)
class Unmatched:
    mentee_id: int
    reason: UnmatchedReason


@dataclass(frozen=True)
class RejectedMust:
    mentor_id: int
    mentee_id: int
    problem: MustProblem


@dataclass(frozen=True)
class Proposal:
    mode: Mode
    pairs: list[Proposed]  # by mentor id, then mentee id
    unmatched: list[Unmatched]  # by mentee id
    rejected_must: list[RejectedMust]
    load: dict[int, int]  # every mentor id: the mentees proposed to them

    @property
    def matched(self) -> int:
        return len(self.pairs)

    @property
    def score(self) -> int:
        return sum(pair.score for pair in self.pairs)

    @property
    def matched_share(self) -> float:
        total = len(self.pairs) + len(self.unmatched)
        return len(self.pairs) / total if total else 0.0

    @property
    def preferred_share(self) -> float:
        """Of the matched mentees, the share who got one of the mentors they chose."""
        preferred = sum(any(reason.kind in RANKS for reason in pair.reasons) for pair in self.pairs)
        return preferred / len(self.pairs) if self.pairs else 0.0

    @property
    def mutual(self) -> int:
        return sum(
            any(reason.kind is ReasonKind.MUTUAL for reason in pair.reasons) for pair in self.pairs
        )

    @property
    def groups(self) -> dict[int, tuple[int, ...]]:
        """Mentors proposed two or more mentees (наставничество в группе): their mentee ids."""
        by_mentor: dict[int, list[int]] = {}
        for pair in self.pairs:
            by_mentor.setdefault(pair.mentor_id, []).append(pair.mentee_id)
        return {mentor: tuple(ids) for mentor, ids in by_mentor.items() if len(ids) > 1}


# The score of a pair. Integer weights, so the optimum is exact. The stated preferences after
# the networking session weigh most: they are what the people themselves want, having met.
# The mentee's choice weighs more than the mentor's, since the programme exists for the
# mentee's request, and a first choice more than a second or third. A mutual choice gets a
# bonus on top of both. Then the fit of the request to the mentor's competencies: each shared
# topic. Last the practicalities: a format both can do ("any" fits both others), and each
# time slot both have free. So: a first choice (30) outweighs a whole topic match of up to
# three topics (18) with a shared format (4); a first choice beats a third (10) unless the
# third fits in four more topics; a mutual first choice scores 1 + 10 + 30 + 10 = 51 before
# any fit. Every compatible pair scores at least BASE = 1, so in BEST_FIT adding a pair never
# lowers the total.
BASE = 1
MENTEE_CHOICE = (30, 20, 10)  # the mentee's 1st, 2nd, 3rd choice
MENTOR_CHOICE = 10  # the mentor chose the mentee
MUTUAL = 10  # both chose each other: on top of the two above
TOPIC = 6  # each topic of the request within the mentor's competencies
FORMAT = 4  # the same format, or one side says "any"
SLOT = 2  # each time slot both have


def common_format(mentee: str | None, mentor: str | None) -> str | None:
    """The format a pair can meet in, or None (not answered, or offline against online)."""
    if mentee is None or mentor is None:
        return None
    if mentor in (mentee, "any"):
        return mentee
    return mentor if mentee == "any" else None


def explain(mentee: Mentee, mentor: Mentor) -> tuple[int, tuple[Reason, ...]]:
    """The score of a pair and its reasons: the one place where the weights are applied."""
    score = BASE
    reasons: list[Reason] = []
    rank = mentee.choices.index(mentor.id) if mentor.id in mentee.choices else None  # rank - 1
    chosen = mentee.id in mentor.choices
    if rank is not None and chosen:
        score += MUTUAL
        reasons.append(Reason(ReasonKind.MUTUAL))
    if rank is not None:
        score += MENTEE_CHOICE[rank]
        reasons.append(Reason(RANKS[rank]))
    if chosen:
        score += MENTOR_CHOICE
        if rank is None:
            reasons.append(Reason(ReasonKind.MENTOR_CHOSE))
    topics = tuple(sorted(mentee.topics & mentor.topics))
    if topics:
        score += TOPIC * len(topics)
        reasons.append(Reason(ReasonKind.SHARED_TOPICS, topics))
    fmt = common_format(mentee.format, mentor.format)
    if fmt is not None:
        score += FORMAT
        reasons.append(Reason(ReasonKind.SAME_FORMAT, (fmt,)))
    slots = tuple(sorted(mentee.slots & mentor.slots))
    if slots:
        score += SLOT * len(slots)
        reasons.append(Reason(ReasonKind.SHARED_SLOTS, slots))
    return score, tuple(reasons)


def score(mentee: Mentee, mentor: Mentor) -> int:
    return explain(mentee, mentor)[0]


def fits(mentee: Mentee, mentor: Mentor, rules: Rules) -> bool:
    """The form of mentoring allows the pair and no rule excludes it, whatever the places."""
    return (mentor.id, mentee.id) not in rules.never and allowed(
        mentor.category, mentee.category, mentee.age_group
    )


def compatible(mentee: Mentee, mentor: Mentor, rules: Rules) -> bool:
    """The mentor fits the mentee and has a free place."""
    return mentor.capacity > 0 and fits(mentee, mentor, rules)


def scores(mentees: Sequence[Mentee], mentors: Sequence[Mentor]) -> npt.NDArray[np.int32]:
    """`score` of every mentee (rows) with every mentor (columns), computed all at once."""
    return _fit(mentees, mentors).astype(np.int32)


def _fit(mentees: Sequence[Mentee], mentors: Sequence[Mentor]) -> npt.NDArray[np.float64]:
    """`scores` as float64 (small integers, exact), the form the solver needs.

    All but the choices is one product of two feature matrices: a mentee's row marks their
    topics, slots and format (and a 1 for the base); a mentor's row holds, in the same
    columns, the weight each of those earns with this mentor. The choices are added one by one.
    """
    people: list[Mentee | Mentor] = [*mentees, *mentors]
    topics = {t: k for k, t in enumerate(sorted({t for p in people for t in p.topics}))}
    slots = {s: k for k, s in enumerate(sorted({s for p in people for s in p.slots}))}
    codes: tuple[str | None, ...] = (None, *FORMATS)
    topic_at, slot_at, format_at = 1, 1 + len(topics), 1 + len(topics) + len(slots)
    width = format_at + len(codes)
    left = np.zeros((len(mentees), width))
    right = np.zeros((len(mentors), width))
    rows: list[int] = []
    columns: list[int] = []
    for i, mentee in enumerate(mentees):
        marks = [0, format_at + codes.index(mentee.format)]
        marks += [topic_at + topics[t] for t in mentee.topics]
        marks += [slot_at + slots[s] for s in mentee.slots]
        rows += [i] * len(marks)
        columns += marks
    left[rows, columns] = 1.0
    right[:, 0] = BASE
    for fmt, code in zip(codes, range(format_at, width), strict=True):
        right[:, code] = [FORMAT * (common_format(fmt, m.format) is not None) for m in mentors]
    for j, mentor in enumerate(mentors):
        right[j, [topic_at + topics[t] for t in mentor.topics]] = TOPIC
        right[j, [slot_at + slots[s] for s in mentor.slots]] = SLOT
    fit: npt.NDArray[np.float64] = left @ right.T
    mentor_at = {mentor.id: j for j, mentor in enumerate(mentors)}
    for i, mentee in enumerate(mentees):
        for rank, mentor_id in enumerate(mentee.choices):  # rank - 1, gaps kept
            if mentor_id is not None and mentor_id in mentor_at:
                fit[i, mentor_at[mentor_id]] += MENTEE_CHOICE[rank]
    mentee_at = {mentee.id: i for i, mentee in enumerate(mentees)}
    for j, mentor in enumerate(mentors):
        for mentee_id in mentor.choices:
            if mentee_id in mentee_at:
                i = mentee_at[mentee_id]
                fit[i, j] += MENTOR_CHOICE
                if mentor.id in mentees[i].choices:
                    fit[i, j] += MUTUAL
    return fit


def compatibility(
    mentees: Sequence[Mentee], mentors: Sequence[Mentor], rules: Rules
) -> npt.NDArray[np.bool_]:
    """`compatible` for every mentee (rows) and mentor (columns), computed all at once."""
    ok = fitting(mentees, mentors, rules)
    ok[:, [j for j, mentor in enumerate(mentors) if mentor.capacity <= 0]] = False
    return ok


def fitting(
    mentees: Sequence[Mentee], mentors: Sequence[Mentor], rules: Rules
) -> npt.NDArray[np.bool_]:
    """`fits` for every mentee (rows) and mentor (columns), computed all at once."""
    kinds = sorted({(m.category, m.age_group) for m in mentees}, key=str)
    categories = sorted({m.category for m in mentors})
    table = np.array(
        [[allowed(mentor, mentee, age) for mentor in categories] for mentee, age in kinds],
        dtype=np.bool_,
    ).reshape(len(kinds), len(categories))
    kind_at = {kind: k for k, kind in enumerate(kinds)}
    category_at = {category: k for k, category in enumerate(categories)}
    rows = np.array([kind_at[(m.category, m.age_group)] for m in mentees], dtype=np.intp)
    columns = np.array([category_at[m.category] for m in mentors], dtype=np.intp)
    ok = table[np.ix_(rows, columns)]
    mentee_at = {mentee.id: i for i, mentee in enumerate(mentees)}
    mentor_at = {mentor.id: j for j, mentor in enumerate(mentors)}
    for mentor_id, mentee_id in rules.never:
        i, j = mentee_at.get(mentee_id), mentor_at.get(mentor_id)
        if i is not None and j is not None:
            ok[i, j] = False
    return ok


def propose(
    mentees: Iterable[Mentee],
    mentors: Iterable[Mentor],
    rules: Rules | None = None,
    mode: Mode = Mode.MOST_MATCHED,
) -> Proposal:
    """The optimal proposal for these mentees and mentors (see the module's docstring)."""
    if rules is None:
        rules = Rules()
    people = sorted(mentees, key=lambda m: m.id)
    leaders = sorted(mentors, key=lambda m: m.id)
    for kind, records in (("mentee", people), ("mentor", leaders)):
        ids = [record.id for record in records]
        if len(set(ids)) != len(ids):
            raise ValueError(f"a {kind} id appears twice")
    mentor_at = {mentor.id: j for j, mentor in enumerate(leaders)}
    fit_ok = fitting(people, leaders, rules)
    free = np.array([max(mentor.capacity, 0) for mentor in leaders], dtype=np.int64)
    fixed, rejected = _keep_must(people, leaders, rules, free)
    rest = np.array([i for i in range(len(people)) if i not in fixed], dtype=np.intp)
    solved = _solve(people, leaders, fit_ok, rest, free, mode=mode)

    pairs: list[Proposed] = []
    for i, j in [*fixed.items(), *solved.items()]:
        mentee, mentor = people[i], leaders[j]
        points, reasons = explain(mentee, mentor)
        if i in fixed:
            reasons = (Reason(ReasonKind.MUST_PAIR), *reasons)
        form = form_of(mentor.category, mentee.category, mentee.age_group)
        assert form is not None
        pairs.append(Proposed(mentor.id, mentee.id, points, reasons, form))
    pairs.sort(key=lambda pair: (pair.mentor_id, pair.mentee_id))

    unmatched = [
        Unmatched(mentee.id, _why_unmatched(mentee, fit_ok[i], mentor_at))
        for i, mentee in enumerate(people)
        if i not in fixed and i not in solved
    ]
    load = {mentor.id: 0 for mentor in leaders}
    for pair in pairs:
        load[pair.mentor_id] += 1
    return Proposal(mode, pairs, unmatched, rejected, load)


def _keep_must(
    mentees: Sequence[Mentee], mentors: Sequence[Mentor], rules: Rules, free: npt.NDArray[np.int64]
) -> tuple[dict[int, int], list[RejectedMust]]:
    """The must pairs kept (mentee index -> mentor index; their places are taken from `free`)
    and those that cannot be, in the order of (mentor id, mentee id)."""
    mentee_at = {mentee.id: i for i, mentee in enumerate(mentees)}
    mentor_at = {mentor.id: j for j, mentor in enumerate(mentors)}
    fixed: dict[int, int] = {}
    rejected: list[RejectedMust] = []
    for mentor_id, mentee_id in sorted(rules.must):
        i, j = mentee_at.get(mentee_id), mentor_at.get(mentor_id)
        if i is None or j is None:
            problem = MustProblem.UNKNOWN_PERSON
        elif (mentor_id, mentee_id) in rules.never:
            problem = MustProblem.EXCLUDED
        elif not allowed(mentors[j].category, mentees[i].category, mentees[i].age_group):
            problem = MustProblem.FORM_NOT_ALLOWED
        elif i in fixed:
            problem = MustProblem.MENTEE_TAKEN
        elif free[j] <= 0:
            problem = MustProblem.NO_CAPACITY
        else:
            fixed[i] = j
            free[j] -= 1
            continue
        rejected.append(RejectedMust(mentor_id, mentee_id, problem))
    return fixed, rejected


def _solve(
    mentees: Sequence[Mentee],
    mentors: Sequence[Mentor],
    ok: npt.NDArray[np.bool_],
    rest: npt.NDArray[np.intp],
    free: npt.NDArray[np.int64],
    *,
    mode: Mode,
) -> dict[int, int]:
    """The optimal pairs of the mentees `rest` (indices) with the mentors' `free` places.

    `ok`: the pairs that fit (`fitting`); only mentors with a free place are used."""
    open_ok = ok[rest] & (free > 0)
    rows = rest[open_ok.any(axis=1)]
    columns = np.flatnonzero(open_ok.any(axis=0))
    if not len(rows) or not len(columns):
        return {}
    ok_sub = ok[np.ix_(rows, columns)]
    places = np.minimum(free[columns], ok_sub.sum(axis=0))
    weight = _fit([mentees[i] for i in rows.tolist()], [mentors[j] for j in columns.tolist()])
    weight[~ok_sub] = 0.0
    if mode is Mode.MOST_MATCHED:
        # More than any total score: a matching with one more pair is always better.
        big = float(weight.max()) * min(len(rows), int(places.sum())) + 1.0
        np.add(weight, big, out=weight, where=ok_sub)
    np.negative(weight, out=weight)  # the solver minimises a cost
    owner = np.repeat(np.arange(len(columns)), places)  # place -> position in `columns`
    # Imported here: scipy takes a second and 50 MB at start-up, and only matching needs it.
    from scipy.optimize import linear_sum_assignment  # noqa: PLC0415

    # The solver copies a matrix with more rows than columns to transpose it: the shorter
    # side goes in as rows.
    if len(rows) <= len(owner):
        cost = np.take(weight, owner, axis=1)
        del weight
        mentee_pos, place = linear_sum_assignment(cost)
    else:
        weight = np.ascontiguousarray(weight.T)
        cost = np.take(weight, owner, axis=0)
        del weight
        place, mentee_pos = linear_sum_assignment(cost)
    del cost
    solved: dict[int, int] = {}
    for a, b in zip(mentee_pos.tolist(), place.tolist(), strict=True):
        c = int(owner[b])
        if ok_sub[a, c]:
            solved[int(rows[a])] = int(columns[c])
    return solved


def _why_unmatched(
    mentee: Mentee, fit_row: npt.NDArray[np.bool_], mentor_at: dict[int, int]
) -> UnmatchedReason:
    """The reason of an unmatched mentee, from the mentors who fit them (form and rules, not
    places: a full mentor still fits, and a mentee left out by capacity is told so)."""
    if not fit_row.any():
        return UnmatchedReason.NO_COMPATIBLE_MENTOR
    named = [mentor_at[m] for m in mentee.choices if m is not None and m in mentor_at]
    if named and not fit_row[named].any():
        return UnmatchedReason.ONLY_INCOMPATIBLE_CHOICES
    return UnmatchedReason.CAPACITY_USED
