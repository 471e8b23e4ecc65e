"""Matching: forms of mentoring, scores and reasons, modes, rules, and exactness against brute
force on small random programmes (and against a linear programme on larger ones)."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from bot.domain.forms import FORMS, Form, allowed, form_of
from bot.domain.matching import (
    FORMATS,
    Mentee,
    Mentor,
    Mode,
    MustProblem,
    Proposal,
    Reason,
    ReasonKind,
    RejectedMust,
    Rules,
    Unmatched,
    UnmatchedReason,
    common_format,
    compatibility,
    explain,
    propose,
    score,
    scores,
)
from bot.domain.roles import CATEGORIES, AgeGroup, Category, Role

MENTOR_CATEGORIES = CATEGORIES[Role.MENTOR]
TOPICS = ("subjects", "olympiads", "career", "digital")
SLOTS = ("weekday_day", "weekday_evening", "weekend")


def student(
    id: int,
    choices: tuple[int | None, ...] = (),
    topics: Sequence[str] = (),
    *,
    age: AgeGroup | None = None,
    fmt: str | None = None,
    slots: Sequence[str] = (),
) -> Mentee:
    return Mentee(id, Category.STUDENT, frozenset(topics), fmt, frozenset(slots), choices, age)


def teacher(id: int, choices: tuple[int | None, ...] = ()) -> Mentee:
    return Mentee(id, Category.TEACHER, frozenset(), None, frozenset(), choices)


def mentor(
    id: int,
    category: Category = Category.TEACHER,
    capacity: int = 1,
    *,
    choices: Sequence[int] = (),
    topics: Sequence[str] = (),
    fmt: str | None = None,
    slots: Sequence[str] = (),
) -> Mentor:
    return Mentor(
        id, category, capacity, frozenset(topics), fmt, frozenset(slots), frozenset(choices)
    )


def pairs_of(proposal: Proposal) -> set[tuple[int, int]]:
    return {(pair.mentor_id, pair.mentee_id) for pair in proposal.pairs}


# Forms of mentoring.


def test_a_teacher_mentee_gets_only_a_teacher_mentor() -> None:
    for category in MENTOR_CATEGORIES:
        assert allowed(category, Category.TEACHER) is (category is Category.TEACHER)
    assert form_of(Category.TEACHER, Category.TEACHER) is Form.TEACHER_TEACHER


def test_a_student_may_get_any_mentor_with_its_form() -> None:
    expected = {
        Category.SENIOR_STUDENT: Form.STUDENT_STUDENT,
        Category.TEACHER: Form.TEACHER_STUDENT,
        Category.COLLEGE_STUDENT: Form.COLLEGE_STUDENT,
        Category.EMPLOYER: Form.EMPLOYER_STUDENT,
        Category.GRADUATE: Form.EMPLOYER_STUDENT,
        Category.PARENT: Form.EMPLOYER_STUDENT,
    }
    assert {category: form_of(category, Category.STUDENT) for category in MENTOR_CATEGORIES} == (
        expected
    )


def test_the_forms_pair_only_mentor_categories_with_mentee_categories() -> None:
    for mentor_category, mentee_category in FORMS:
        assert mentor_category in CATEGORIES[Role.MENTOR]
        assert mentee_category in CATEGORIES[Role.MENTEE]
    assert set(FORMS.values()) == set(Form)


def test_a_senior_student_mentors_schoolchildren_only() -> None:
    senior = Category.SENIOR_STUDENT
    assert allowed(senior, Category.STUDENT, AgeGroup.UNDER_14)
    assert allowed(senior, Category.STUDENT, AgeGroup.FROM_14_TO_17)
    assert allowed(senior, Category.STUDENT, None)
    assert not allowed(senior, Category.STUDENT, AgeGroup.ADULT)
    assert allowed(Category.COLLEGE_STUDENT, Category.STUDENT, AgeGroup.ADULT)


# Scores and reasons.


def test_a_mutual_first_choice_with_a_good_fit() -> None:
    mentee = student(1, (10, 11), ["career", "digital", "sport"], fmt="any", slots=["weekend"])
    leader = mentor(
        10,
        choices=[1],
        topics=["digital", "career"],
        fmt="online",
        slots=["weekend", "weekday_day"],
    )
    points, reasons = explain(mentee, leader)
    assert reasons == (
        Reason(ReasonKind.MUTUAL),
        Reason(ReasonKind.FIRST_CHOICE),
        Reason(ReasonKind.SHARED_TOPICS, ("career", "digital")),
        Reason(ReasonKind.SAME_FORMAT, ("online",)),
        Reason(ReasonKind.SHARED_SLOTS, ("weekend",)),
    )
    assert points == 1 + 10 + 30 + 10 + 2 * 6 + 4 + 2 == score(mentee, leader)


def test_second_and_third_choices_and_the_mentors_choice() -> None:
    mentee = student(1, (12, 10, 11))
    assert explain(mentee, mentor(10)) == (1 + 20, (Reason(ReasonKind.SECOND_CHOICE),))
    assert explain(mentee, mentor(11)) == (1 + 10, (Reason(ReasonKind.THIRD_CHOICE),))
    assert explain(student(2), mentor(10, choices=[2])) == (
        1 + 10,
        (Reason(ReasonKind.MENTOR_CHOSE),),
    )
    assert explain(student(3), mentor(10)) == (1, ())


def test_a_choice_keeps_its_rank_when_the_mentors_before_it_are_gone() -> None:
    # None: a rank whose mentor is no longer a choice. The choices after it keep their rank.
    second = student(1, (None, 10))
    third = student(2, (None, None, 11))
    leaders = [mentor(10), mentor(11)]
    assert explain(second, leaders[0]) == (1 + 20, (Reason(ReasonKind.SECOND_CHOICE),))
    assert explain(third, leaders[1]) == (1 + 10, (Reason(ReasonKind.THIRD_CHOICE),))
    assert scores([second, third], leaders).tolist() == [[21, 1], [1, 11]]
    proposal = propose([second, third], leaders)
    assert [(p.mentor_id, p.mentee_id, p.score, p.reasons) for p in proposal.pairs] == [
        (10, 1, 21, (Reason(ReasonKind.SECOND_CHOICE),)),
        (11, 2, 11, (Reason(ReasonKind.THIRD_CHOICE),)),
    ]
    assert proposal.preferred_share == 1.0


def test_any_format_fits_both_others_and_offline_does_not_fit_online() -> None:
    assert common_format("any", "offline") == "offline"
    assert common_format("online", "any") == "online"
    assert common_format("any", "any") == "any"
    assert common_format("offline", "offline") == "offline"
    assert common_format("offline", "online") is None
    assert common_format(None, "any") is None


def test_bad_records_are_refused() -> None:
    with pytest.raises(ValueError):
        student(1, (10, 11, 12, 13))
    with pytest.raises(ValueError):
        student(1, (10, 10))
    with pytest.raises(ValueError):
        student(1, (10, None, 10))
    with pytest.raises(ValueError):
        student(1, (None, None, None, 10))
    with pytest.raises(ValueError):
        student(1, fmt="by_pigeon")
    with pytest.raises(ValueError):
        propose([student(1), student(1)], [mentor(10)])


# Modes.


def test_most_matched_and_best_fit_differ_on_a_contested_mentor() -> None:
    # x wants the teacher and the teacher wants x; y is an adult student whom the senior
    # student may not mentor, so the teacher is y's only possible mentor.
    x = student(1, (10,), age=AgeGroup.UNDER_14)
    y = student(2, age=AgeGroup.ADULT)
    leaders = [mentor(10, choices=[1]), mentor(20, Category.SENIOR_STUDENT)]
    most = propose([x, y], leaders, Rules(), Mode.MOST_MATCHED)
    best = propose([x, y], leaders, Rules(), Mode.BEST_FIT)
    assert pairs_of(most) == {(10, 2), (20, 1)}
    assert most.score == 2
    assert pairs_of(best) == {(10, 1)}
    assert best.score == 51
    assert best.unmatched == [Unmatched(2, UnmatchedReason.CAPACITY_USED)]
    assert best.load == {10: 1, 20: 0}


def test_best_fit_matches_everyone_it_can_when_nothing_is_contested() -> None:
    proposal = propose([student(1), student(2)], [mentor(10, capacity=2)], mode=Mode.BEST_FIT)
    assert pairs_of(proposal) == {(10, 1), (10, 2)}


# Rules: never, ended pairs, must.


def test_a_never_pair_or_an_ended_pair_is_not_proposed_even_if_mutual() -> None:
    mentee = student(1, (10,))
    leaders = [mentor(10, choices=[1]), mentor(11)]
    proposal = propose([mentee], leaders, Rules(never=frozenset({(10, 1)})))
    assert pairs_of(proposal) == {(11, 1)}
    alone = propose([mentee], leaders[:1], Rules.of(ended=[(10, 1)]))
    assert alone.pairs == []
    assert alone.unmatched == [Unmatched(1, UnmatchedReason.NO_COMPATIBLE_MENTOR)]


def test_rules_join_the_ended_pairs_to_the_never_pairs() -> None:
    rules = Rules.of(never=[(10, 1)], ended=[(11, 2), (10, 1)], must=[(12, 3)])
    assert rules == Rules(frozenset({(10, 1), (11, 2)}), frozenset({(12, 3)}))


def test_a_must_pair_is_kept_against_the_optimum() -> None:
    mentees = [student(1, (10,)), student(2, (11,))]
    leaders = [mentor(10, choices=[1]), mentor(11, choices=[2])]
    proposal = propose(mentees, leaders, Rules(must=frozenset({(10, 2)})))
    assert pairs_of(proposal) == {(10, 2), (11, 1)}
    kept = next(pair for pair in proposal.pairs if pair.mentee_id == 2)
    assert kept.reasons[0] == Reason(ReasonKind.MUST_PAIR)
    assert kept.form is Form.TEACHER_STUDENT
    assert proposal.rejected_must == []


def test_impossible_must_pairs_are_reported_and_the_rest_is_optimised() -> None:
    mentees = [student(1), student(2), teacher(3), student(4), student(5)]
    leaders = [mentor(10), mentor(20, Category.SENIOR_STUDENT, capacity=2), mentor(30)]
    must = {
        (99, 1),  # no such mentor
        (10, 5),  # also never
        (20, 3),  # a senior student may not mentor a teacher
        (10, 1),  # kept
        (30, 1),  # mentee 1 is already taken by mentor 10
        (10, 2),  # mentor 10 has no place left
        (20, 4),  # kept
    }
    rules = Rules(never=frozenset({(10, 5)}), must=frozenset(must))
    proposal = propose(mentees, leaders, rules)
    assert proposal.rejected_must == [
        RejectedMust(10, 2, MustProblem.NO_CAPACITY),
        RejectedMust(10, 5, MustProblem.EXCLUDED),
        RejectedMust(20, 3, MustProblem.FORM_NOT_ALLOWED),
        RejectedMust(30, 1, MustProblem.MENTEE_TAKEN),
        RejectedMust(99, 1, MustProblem.UNKNOWN_PERSON),
    ]
    assert {(10, 1), (20, 4)} <= pairs_of(proposal)
    assert proposal.matched == 4  # the teacher 3 can only have mentors 10 or 30
    assert proposal.load == {10: 1, 20: 2, 30: 1}


# Capacity and groups.


def test_a_mentor_with_capacity_three_leads_a_group_of_three() -> None:
    mentees = [student(n) for n in range(1, 5)]
    proposal = propose(mentees, [mentor(10, capacity=3), mentor(11, capacity=0)])
    assert proposal.load == {10: 3, 11: 0}
    assert proposal.groups == {10: (1, 2, 3)}
    assert proposal.unmatched == [Unmatched(4, UnmatchedReason.CAPACITY_USED)]
    assert proposal.matched_share == 0.75


# Why a mentee is left out.


def test_unmatched_reasons_in_their_order() -> None:
    mentees = [
        teacher(1),  # no teacher mentor with a place: only mentor 11 and it is full
        teacher(2, (20,)),  # chose only a senior student: not allowed for a teacher
        teacher(3, (11,)),  # chose the teacher mentor, who went to 4
        teacher(4, (11,)),
    ]
    leaders = [mentor(11, choices=[4]), mentor(20, Category.SENIOR_STUDENT)]
    proposal = propose(mentees, leaders)
    assert pairs_of(proposal) == {(11, 4)}
    assert proposal.unmatched == [
        Unmatched(1, UnmatchedReason.CAPACITY_USED),
        Unmatched(2, UnmatchedReason.ONLY_INCOMPATIBLE_CHOICES),
        Unmatched(3, UnmatchedReason.CAPACITY_USED),
    ]
    nobody = propose([teacher(5)], [mentor(20, Category.SENIOR_STUDENT)])
    assert nobody.unmatched == [Unmatched(5, UnmatchedReason.NO_COMPATIBLE_MENTOR)]


def test_a_mentee_whose_chosen_mentor_fits_but_is_full_is_left_out_for_capacity() -> None:
    mentees = [
        teacher(1, (11,)),  # chose the full teacher mentor 11; mentor 12 went to 2
        teacher(2, (12,)),
        teacher(3, (11,)),  # chose only the full mentor 11, and there is no other mentor
        teacher(4, (99,)),  # chose someone who is not a mentor here: not a choice at all
    ]
    leaders = [mentor(11, capacity=0), mentor(12)]
    proposal = propose(mentees, leaders)
    assert pairs_of(proposal) == {(12, 2)}
    assert proposal.unmatched == [
        Unmatched(1, UnmatchedReason.CAPACITY_USED),
        Unmatched(3, UnmatchedReason.CAPACITY_USED),
        Unmatched(4, UnmatchedReason.CAPACITY_USED),
    ]
    alone = propose([teacher(3, (11,))], [mentor(11, capacity=0)])
    assert alone.unmatched == [Unmatched(3, UnmatchedReason.CAPACITY_USED)]
    # A mentor full and excluded as well does not fit: only then "only incompatible choices".
    excluded = propose(mentees[:2], leaders, Rules.of(never=[(11, 1)]))
    assert excluded.unmatched == [Unmatched(1, UnmatchedReason.ONLY_INCOMPATIBLE_CHOICES)]


def test_the_figures() -> None:
    mentees = [student(1, (10,)), student(2, (11,)), student(3), student(4, (10,))]
    leaders = [mentor(10, choices=[1]), mentor(11), mentor(12)]
    proposal = propose(mentees, leaders)
    assert proposal.matched == 3
    assert proposal.matched_share == 0.75
    assert proposal.mutual == 1
    assert proposal.preferred_share == pytest.approx(2 / 3)
    empty = propose([], [])
    assert (empty.matched_share, empty.preferred_share, empty.mutual) == (0.0, 0.0, 0)


# Determinism.


def random_programme(
    rng: random.Random, mentee_count: int, mentor_count: int, topics: Sequence[str]
) -> tuple[list[Mentee], list[Mentor], Rules]:
    mentor_ids = [1000 + j for j in range(mentor_count)]
    mentees = [
        Mentee(
            i,
            rng.choice([Category.STUDENT, Category.STUDENT, Category.TEACHER]),
            frozenset(rng.sample(topics, rng.randint(0, len(topics)))),
            rng.choice([None, *FORMATS]),
            frozenset(rng.sample(SLOTS, rng.randint(0, 3))),
            tuple(rng.sample(mentor_ids, rng.randint(0, 3))),
            rng.choice([None, *AgeGroup]),
        )
        for i in range(mentee_count)
    ]
    mentors = [
        Mentor(
            mentor_id,
            rng.choice(MENTOR_CATEGORIES),
            rng.randint(0, 4),
            frozenset(rng.sample(topics, rng.randint(0, len(topics)))),
            rng.choice([None, *FORMATS]),
            frozenset(rng.sample(SLOTS, rng.randint(0, 3))),
            frozenset(rng.sample(range(mentee_count), rng.randint(0, 3))),
        )
        for mentor_id in mentor_ids
    ]
    pairs = [(j, i) for j in mentor_ids for i in range(mentee_count)]
    never = frozenset(rng.sample(pairs, len(pairs) // 10))
    must = frozenset(rng.sample(pairs, 4))
    return mentees, mentors, Rules(never, must)


def test_shuffling_the_input_gives_the_same_proposal() -> None:
    rng = random.Random(8)
    # Two topics and plain people: many equally good matchings to choose between.
    mentees, mentors, rules = random_programme(rng, 80, 20, TOPICS[:2])
    clones = [mentor(2000 + n, capacity=2) for n in range(10)]
    twins = [student(500 + n) for n in range(30)]
    for mode in Mode:
        first = propose([*mentees, *twins], [*mentors, *clones], rules, mode)
        for _ in range(5):
            people, leaders = [*mentees, *twins], [*mentors, *clones]
            rng.shuffle(people)
            rng.shuffle(leaders)
            assert propose(people, leaders, rules, mode) == first


# Exactness.


def fits_by_form_and_rules(mentee: Mentee, leader: Mentor, rules: Rules) -> bool:
    return (leader.id, mentee.id) not in rules.never and allowed(
        leader.category, mentee.category, mentee.age_group
    )


def is_compatible(mentee: Mentee, leader: Mentor, rules: Rules) -> bool:
    return leader.capacity > 0 and fits_by_form_and_rules(mentee, leader, rules)


def expected_reason(
    mentee: Mentee, mentors: Sequence[Mentor], rules: Rules, load: Counter[int]
) -> UnmatchedReason:
    """The documented reason, person by person; and the mentors who fit are indeed full."""
    fitting = [m for m in mentors if fits_by_form_and_rules(mentee, m, rules)]
    assert all(load[m.id] >= m.capacity for m in fitting)  # else the reason would be untrue
    named = [m for m in mentors if m.id in mentee.choices]
    if not fitting:
        return UnmatchedReason.NO_COMPATIBLE_MENTOR
    if named and not any(m in fitting for m in named):
        return UnmatchedReason.ONLY_INCOMPATIBLE_CHOICES
    return UnmatchedReason.CAPACITY_USED


def kept_must(
    mentees: Sequence[Mentee], mentors: Sequence[Mentor], rules: Rules
) -> tuple[dict[int, int], dict[int, int]]:
    """The must pairs the documented rule keeps: mentee id -> mentor id, and places left."""
    by_id = {m.id: m for m in mentees}
    places = {m.id: m.capacity for m in mentors}
    leaders = {m.id: m for m in mentors}
    kept: dict[int, int] = {}
    for mentor_id, mentee_id in sorted(rules.must):
        mentee, leader = by_id.get(mentee_id), leaders.get(mentor_id)
        if (
            mentee is not None
            and leader is not None
            and (mentor_id, mentee_id) not in rules.never
            and allowed(leader.category, mentee.category, mentee.age_group)
            and mentee_id not in kept
            and places[mentor_id] > 0
        ):
            kept[mentee_id] = mentor_id
            places[mentor_id] -= 1
    return kept, places


def brute_force(
    mentees: Sequence[Mentee], mentors: Sequence[Mentor], rules: Rules
) -> tuple[tuple[int, int], int]:
    """Every assignment of the mentees not in a kept must pair: the best (matched, score) and
    the best score, kept must pairs included."""
    kept, places = kept_must(mentees, mentors, rules)
    by_id = {m.id: m for m in mentees}
    base = (len(kept), sum(score(by_id[i], m) for m in mentors for i in kept if kept[i] == m.id))
    rest = [m for m in mentees if m.id not in kept]
    options = [
        [
            (j, score(mentee, leader))
            for j, leader in enumerate(mentors)
            if is_compatible(mentee, leader, rules)
        ]
        for mentee in rest
    ]
    free = [places[m.id] for m in mentors]
    best_pair = (-1, -1)
    best_score = -1

    def walk(k: int, matched: int, total: int) -> None:
        nonlocal best_pair, best_score
        if k == len(rest):
            best_pair = max(best_pair, (matched, total))
            best_score = max(best_score, total)
            return
        walk(k + 1, matched, total)
        for j, points in options[k]:
            if free[j] > 0:
                free[j] -= 1
                walk(k + 1, matched + 1, total + points)
                free[j] += 1

    walk(0, 0, 0)
    return (base[0] + best_pair[0], base[1] + best_pair[1]), base[1] + best_score


def check_feasible(
    proposal: Proposal, mentees: Sequence[Mentee], mentors: Sequence[Mentor], rules: Rules
) -> None:
    by_id = {m.id: m for m in mentees}
    leaders = {m.id: m for m in mentors}
    kept, _ = kept_must(mentees, mentors, rules)
    assert {(j, i) for i, j in kept.items()} <= pairs_of(proposal)
    matched = [pair.mentee_id for pair in proposal.pairs]
    assert len(matched) == len(set(matched))
    assert sorted(matched + [u.mentee_id for u in proposal.unmatched]) == sorted(by_id)
    for mentor_id, count in Counter(pair.mentor_id for pair in proposal.pairs).items():
        assert count <= leaders[mentor_id].capacity
    for pair in proposal.pairs:
        mentee, leader = by_id[pair.mentee_id], leaders[pair.mentor_id]
        assert is_compatible(mentee, leader, rules)
        points, reasons = explain(mentee, leader)
        if kept.get(pair.mentee_id) == pair.mentor_id:
            reasons = (Reason(ReasonKind.MUST_PAIR), *reasons)
        assert (pair.score, pair.reasons) == (points, reasons)
        assert pair.form is form_of(leader.category, mentee.category, mentee.age_group)
    load = Counter(pair.mentor_id for pair in proposal.pairs)
    for left in proposal.unmatched:
        assert left.reason is expected_reason(by_id[left.mentee_id], mentors, rules, load)


@st.composite
def ranked_choices(draw: st.DrawFn, mentor_ids: Sequence[int]) -> tuple[int | None, ...]:
    """Choices by rank: ids of these mentors or of someone else (999), or a gap (None)."""
    ids = draw(st.lists(st.sampled_from([*mentor_ids, 999]), unique=True, max_size=3))
    gaps = draw(st.lists(st.booleans(), min_size=len(ids), max_size=len(ids)))
    return tuple(None if gap else mentor_id for mentor_id, gap in zip(ids, gaps, strict=True))


@st.composite
def programmes(draw: st.DrawFn) -> tuple[list[Mentee], list[Mentor], Rules]:
    mentee_ids = list(range(1, draw(st.integers(1, 6)) + 1))
    mentor_ids = list(range(101, 101 + draw(st.integers(1, 4))))
    topics = st.frozensets(st.sampled_from(TOPICS))
    formats = st.sampled_from([None, *FORMATS])
    slots = st.frozensets(st.sampled_from(SLOTS))
    mentees = [
        Mentee(
            i,
            draw(st.sampled_from([Category.STUDENT, Category.STUDENT, Category.TEACHER])),
            draw(topics),
            draw(formats),
            draw(slots),
            draw(ranked_choices(mentor_ids)),
            draw(st.sampled_from([None, *AgeGroup])),
        )
        for i in mentee_ids
    ]
    mentors = [
        Mentor(
            j,
            draw(st.sampled_from(MENTOR_CATEGORIES)),
            draw(st.integers(0, 3)),
            draw(topics),
            draw(formats),
            draw(slots),
            draw(st.frozensets(st.sampled_from(mentee_ids))),
        )
        for j in mentor_ids
    ]
    pairs = st.tuples(st.sampled_from(mentor_ids), st.sampled_from(mentee_ids))
    never = draw(st.frozensets(pairs, max_size=4))
    must = draw(st.frozensets(pairs, max_size=2))
    return mentees, mentors, Rules(never, must)


@settings(max_examples=300, deadline=None)
@given(programmes())
def test_the_optimum_equals_brute_force(
    programme: tuple[list[Mentee], list[Mentor], Rules],
) -> None:
    mentees, mentors, rules = programme
    best_pair, best_score = brute_force(mentees, mentors, rules)
    most = propose(mentees, mentors, rules, Mode.MOST_MATCHED)
    check_feasible(most, mentees, mentors, rules)
    assert (most.matched, most.score) == best_pair
    best = propose(mentees, mentors, rules, Mode.BEST_FIT)
    check_feasible(best, mentees, mentors, rules)
    assert best.score == best_score


@settings(max_examples=100, deadline=None)
@given(programmes())
def test_the_score_matrix_is_the_score_function(
    programme: tuple[list[Mentee], list[Mentor], Rules],
) -> None:
    mentees, mentors, rules = programme
    expected = [[score(mentee, leader) for leader in mentors] for mentee in mentees]
    assert scores(mentees, mentors).tolist() == expected
    ok = [[is_compatible(mentee, leader, rules) for leader in mentors] for mentee in mentees]
    assert compatibility(mentees, mentors, rules).tolist() == ok


def linear_programme_optimum(
    mentees: Sequence[Mentee], mentors: Sequence[Mentor], rules: Rules, mode: Mode
) -> float:
    """The bipartite b-matching polytope is integral: its LP optimum is the exact optimum."""
    fit = scores(mentees, mentors).astype(float)
    ok = compatibility(mentees, mentors, rules)
    cells = np.argwhere(ok)
    gain = fit[ok]
    if mode is Mode.MOST_MATCHED:
        gain = gain + float(fit.max()) * len(mentees) + 1.0
    rows = np.zeros((len(mentees) + len(mentors), len(cells)))
    rows[cells[:, 0], np.arange(len(cells))] = 1.0
    rows[len(mentees) + cells[:, 1], np.arange(len(cells))] = 1.0
    limits = [1.0] * len(mentees) + [float(m.capacity) for m in mentors]
    result = linprog(-gain, A_ub=rows, b_ub=limits, bounds=(0, 1), method="highs")
    assert result.status == 0
    return float(-result.fun)


@pytest.mark.parametrize("seed", range(4))
def test_the_optimum_equals_the_linear_programme_on_larger_programmes(seed: int) -> None:
    rng = random.Random(seed)
    mentees, mentors, rules = random_programme(rng, 60, 15, TOPICS)
    rules = Rules(never=rules.never)
    for mode in Mode:
        proposal = propose(mentees, mentors, rules, mode)
        check_feasible(proposal, mentees, mentors, rules)
        expected = linear_programme_optimum(mentees, mentors, rules, mode)
        got = float(proposal.score)
        if mode is Mode.MOST_MATCHED:
            fit = scores(mentees, mentors)
            got += (float(fit.max()) * len(mentees) + 1.0) * proposal.matched
        assert got == pytest.approx(expected, abs=1e-6)
