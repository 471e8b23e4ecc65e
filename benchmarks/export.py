"""The year's export at the scale of a large programme: 10,000 participants.

Run: `.venv/bin/python benchmarks/export.py [--participants 10000] [--seed 14]`

A fresh SQLite database, migrated as the bot migrates it, is filled in bulk (SQLAlchemy core
inserts, not the use cases) in a process of its own with a school year of mentoring: a third
of the participants mentors (of every category), the rest mentees (mostly students, some
teachers); everyone's consent (a few by a parent, a few on paper, a few declined or withdrawn)
and their intake questionnaire submitted, each question answered as the questionnaire allows
(options, numbers in range, dates, a class with its letter, typed text); a pair for most
mentees (a mentor takes one to three), most working, some completed, ended early or waiting,
both sides' agreements; five meetings a pair over the year (held and rated, not held,
cancelled, planned ahead) and a group meeting now and then; four plan tasks a pair; the interim
monitoring campaign (closed; its invitations to the members of working pairs, three in four
answered) and the final one (open, two in five answered so far), each answer a row of the
questionnaire `<survey>@<campaign>`; and the audit log a year of curators' work leaves (pairs
made, orders, tasks, views).

Then another process exports it as /export does (`export.build` for a curator, the workbook
only) and prints one JSON line: `participants`, `seconds` (the export: the read transaction,
the KPIs and counts, the workbook in its worker thread), `peak_mb` (that process's peak resident
memory, `resource.getrusage`'s ru_maxrss: the interpreter, the bot's imports and the export; the
parent that launched it only waits, so nothing of the filling is carried over), `bytes` (the
workbook's size), and beside them `cpu_seconds` (the export's CPU time, all threads: on a busy
machine `seconds` grows, this does not) and `peak_mb_before` (the same process before the
export: what the imports and translations take). The rows of each sheet go to stderr. Aims:
seconds ≤ 5, peak_mb ≤ 300.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.db import migrate
from bot.db.engine import create_engine, create_session_factory
from bot.db.models import (
    Agreement,
    Answer,
    AuditEntry,
    Campaign,
    CampaignInvite,
    Consent,
    Curator,
    Meeting,
    MeetingInvite,
    Pair,
    Person,
    PlanTask,
    QuestionnaireRun,
)
from bot.domain.forms import FORMS
from bot.domain.roles import AgeGroup, Category, Role, questionnaire_for
from bot.i18n import Translations, consent_version
from bot.questionnaires.loader import Catalog, load_catalog
from bot.questionnaires.model import NumberFormat, QType, Question
from bot.services import export

logger = logging.getLogger("benchmarks.export")

ZONE_NAME = "Europe/Moscow"
CURATOR = 1_000
FIRST_TELEGRAM_ID = 500_000
MENTOR_SHARE = 1 / 3
TEACHER_MENTEES = 0.15
MENTOR_CATEGORIES = {
    Category.SENIOR_STUDENT: 0.3,
    Category.TEACHER: 0.35,
    Category.GRADUATE: 0.1,
    Category.PARENT: 0.1,
    Category.EMPLOYER: 0.1,
    Category.COLLEGE_STUDENT: 0.05,
}
PAIRED_SHARE = 0.92
PAIR_STATUSES = {"active": 0.85, "completed": 0.08, "ended": 0.05, "waiting": 0.02}
MEETINGS_A_PAIR = 5
TASKS_A_PAIR = 4
SURVEYS = {"mentor": "survey_mentor", "mentee": "survey_mentee"}
SENTENCE = (
    "хочу научиться готовиться к олимпиаде по математике и писать проекты, разобраться в "
    "профессиях и выбрать профиль, подтянуть физику, выступать на конференции"
)
WORDS = tuple(SENTENCE.split(" "))


def settings_for(database: Path) -> Settings:
    return Settings(
        bot_token="123456789:benchmark-export-token",
        database_url=f"sqlite+aiosqlite:///{database}",
        timezone=ZONE_NAME,
        curator_ids=frozenset({CURATOR}),
        _env_file=None,
    )


# ---- the programme, built in bulk -----------------------------------------------------------


@dataclass
class Rows:
    people: list[dict[str, Any]] = field(default_factory=list)
    consents: list[dict[str, Any]] = field(default_factory=list)
    runs: list[dict[str, Any]] = field(default_factory=list)
    answers: list[dict[str, Any]] = field(default_factory=list)
    pairs: list[dict[str, Any]] = field(default_factory=list)
    agreements: list[dict[str, Any]] = field(default_factory=list)
    meetings: list[dict[str, Any]] = field(default_factory=list)
    invites: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    campaigns: list[dict[str, Any]] = field(default_factory=list)
    campaign_invites: list[dict[str, Any]] = field(default_factory=list)
    audit: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Someone:
    id: int
    role: Role
    category: Category


class Programme:
    def __init__(self, args: argparse.Namespace, catalog: Catalog, version: str) -> None:
        self.args = args
        self.catalog = catalog
        self.version = version
        self.random = random.Random(args.seed)
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.year_start = self.now - timedelta(days=240)
        self.rows = Rows()
        self.next_meeting = 1

    def moment(self, since: datetime, until: datetime) -> datetime:
        span = max(1, int((until - since).total_seconds()))
        return since + timedelta(seconds=self.random.randrange(span))

    def text(self, low: int, high: int) -> str:
        words = self.random.sample(WORDS, k=min(len(WORDS), self.random.randint(3, 12)))
        text = " ".join(words).capitalize()
        return text[: max(high, low)].ljust(low, ".")

    def value(self, question: Question, someone: Someone, name: str) -> tuple[Any, dict[str, Any]]:
        """An answer the questionnaire would take, and the answers kept beside it."""
        low, high = question.min, question.max
        match question.type:
            case QType.SINGLE:
                return self.random.choice(question.options), {}
            case QType.MULTI:
                k = self.random.randint(low or 1, min(high or 3, len(question.options)))
                return self.random.sample(question.options, k=k), {}
            case QType.SCALE:
                return self.random.randint(low or 1, high or 5), {}
            case QType.YESNO:
                return self.random.random() < 0.5, {}
            case QType.DATE:
                return (
                    self.now.date() + timedelta(days=self.random.randint(1, 60))
                ).isoformat(), {}
            case QType.PHONE:
                return f"+7916{self.random.randrange(10**7):07d}", {}
            case QType.NUMBER:
                number = self.random.randint(low or 1, high or 40)
                if question.format is NumberFormat.GRADE:
                    return number, {question.id + "_letter": self.random.choice("АБВГ")}
                return number, {}
        if question.id == "full_name":
            return name, {}
        return self.text(low or 1, high or 200), {}

    def person(self, person_id: int, role: Role, category: Category) -> Someone:
        someone = Someone(person_id, role, category)
        name = f"Участник{person_id} Тестовый"
        seen = self.moment(self.year_start - timedelta(days=30), self.year_start)
        student = category in (Category.STUDENT, Category.SENIOR_STUDENT)
        age = self.random.choice(list(AgeGroup)) if student else None
        self.rows.people.append(
            {
                "id": person_id,
                "telegram_id": FIRST_TELEGRAM_ID + person_id,
                "first_name": f"Участник{person_id}",
                "first_seen_at": seen,
                "last_seen_at": self.now,
                "is_blocked": self.random.random() < 0.01,
                "full_name": name,
                "role": role.value,
                "category": category.value,
                "age_group": age.value if age else None,
                "search_name": Person.search_key(name),
            }
        )
        kind = "parent" if age is AgeGroup.UNDER_14 else "paper" if person_id % 50 == 0 else "self"
        self.rows.consents.append(
            {
                "person_id": person_id,
                "status": "given",
                "kind": kind,
                "text_version": self.version,
                "at": seen + timedelta(minutes=5),
                "parent_name": "Родитель Тестовый" if kind == "parent" else None,
                "recorded_by": CURATOR if kind == "paper" else None,
            }
        )
        questionnaire = self.catalog.get(questionnaire_for(role, category))
        answered = seen + timedelta(minutes=10)
        for question in questionnaire.questions:
            if question.optional and self.random.random() < 0.3:
                continue
            value, beside = self.value(question, someone, name)
            for question_id, kept in {question.id: value, **beside}.items():
                self.rows.answers.append(
                    {
                        "person_id": person_id,
                        "questionnaire_id": questionnaire.id,
                        "question_id": question_id,
                        "value": kept,
                        "answered_at": answered,
                    }
                )
        self.rows.runs.append(
            {
                "person_id": person_id,
                "questionnaire_id": questionnaire.id,
                "current": questionnaire.questions[-1].id,
                "history": [],
                "editing": False,
                "started_at": seen + timedelta(minutes=6),
                "submitted_at": answered,
                "touched_at": answered,
                "nudges_sent": 0,
            }
        )
        return someone

    def build(self) -> Rows:
        total = self.args.participants
        mentors_count = int(total * MENTOR_SHARE)
        categories = list(MENTOR_CATEGORIES)
        weights = list(MENTOR_CATEGORIES.values())
        mentors = [
            self.person(n, Role.MENTOR, self.random.choices(categories, weights)[0])
            for n in range(1, mentors_count + 1)
        ]
        mentees = [
            self.person(
                n,
                Role.MENTEE,
                Category.TEACHER if self.random.random() < TEACHER_MENTEES else Category.STUDENT,
            )
            for n in range(mentors_count + 1, total + 1)
        ]
        self.pairs(mentors, mentees)
        self.surveys()
        for number in range(total // 20):  # the odd consent declined first, or withdrawn later
            person = self.random.randint(1, total)
            self.rows.consents.append(
                {
                    "person_id": person,
                    "status": "declined",
                    "at": self.year_start - timedelta(days=40, minutes=number),
                }
            )
        return self.rows

    def pairs(self, mentors: list[Someone], mentees: list[Someone]) -> None:
        places = {m.id: self.random.choice((1, 1, 2, 3)) for m in mentors}
        by_category: dict[Category, list[Someone]] = {}
        for mentor in mentors:
            by_category.setdefault(mentor.category, []).append(mentor)
        for candidates in by_category.values():
            self.random.shuffle(candidates)
        pair_id, statuses, weights = 0, list(PAIR_STATUSES), list(PAIR_STATUSES.values())
        group_of: dict[int, list[int]] = {}
        for mentee in mentees:
            if self.random.random() > PAIRED_SHARE:
                continue
            allowed = [c for (c, e) in FORMS if e is mentee.category and by_category.get(c)]
            if not allowed:
                continue
            category = self.random.choice(allowed)
            candidates = by_category[category]
            mentor = candidates[-1]  # those with free places are kept at the end
            places[mentor.id] -= 1
            if places[mentor.id] == 0:
                candidates.pop()
            else:
                index = self.random.randrange(len(candidates))
                candidates[index], candidates[-1] = candidates[-1], candidates[index]
            pair_id += 1
            status = self.random.choices(statuses, weights)[0]
            created = self.moment(self.year_start, self.year_start + timedelta(days=20))
            started = created + timedelta(days=3) if status != "waiting" else None
            ended = self.moment(self.now - timedelta(days=60), self.now)
            self.rows.pairs.append(
                {
                    "id": pair_id,
                    "mentor_id": mentor.id,
                    "mentee_id": mentee.id,
                    "form": FORMS[(category, mentee.category)].value,
                    "status": status,
                    "months": self.random.choice((6, 9, 12)),
                    "created_by": CURATOR,
                    "created_at": created,
                    "order_number": f"{pair_id % 40 + 1}-н" if started else None,
                    "order_date": started.date() if started else None,
                    "started_at": started,
                    "ended_at": ended if status in ("completed", "ended") else None,
                    "end_reason": "по взаимному решению" if status == "ended" else None,
                }
            )
            self.audit("pair_made", mentee.id, created, pair=pair_id)
            for side in ("mentor", "mentee"):
                if status != "waiting" or side == "mentor":
                    self.rows.agreements.append(
                        {
                            "pair_id": pair_id,
                            "side": side,
                            "accepted": True,
                            "kind": "self",
                            "at": created + timedelta(days=1),
                        }
                    )
            if started is not None:
                group_of.setdefault(mentor.id, []).append(mentee.id)
                self.work(pair_id, mentor.id, mentee.id, started, status)
        for mentor_id, group in group_of.items():
            if len(group) > 1:  # a group meeting of a mentor of two or three
                self.meeting(None, mentor_id, group, self.year_start + timedelta(days=90), "held")

    def meeting(
        self, pair_id: int | None, mentor: int, mentees: list[int], at: datetime, status: str
    ) -> None:
        meeting_id = self.next_meeting
        self.next_meeting += 1
        held = status == "held"
        self.rows.meetings.append(
            {
                "id": meeting_id,
                "pair_id": pair_id,
                "mentor_id": mentor,
                "kind": self.random.choice(("intro", "planning", "work", "work", "final")),
                "starts_at": at,
                "place": "Кабинет 12",
                "status": status,
                "created_by": FIRST_TELEGRAM_ID + mentor,
                "created_at": at - timedelta(days=3),
                "changed_at": at - timedelta(days=3),
                "version": 1,
                "outcome_note": "Обсудили план" if held else None,
                "outcome_at": at + timedelta(hours=2) if status in ("held", "not_held") else None,
            }
        )
        for mentee in mentees:
            answer = self.random.choice(("yes", "yes", "yes", "no", None))
            self.rows.invites.append(
                {
                    "meeting_id": meeting_id,
                    "person_id": mentee,
                    "answer": answer,
                    "answered_at": at - timedelta(days=1) if answer else None,
                    "rating": self.random.randint(3, 5) if held and answer == "yes" else None,
                    "rated_at": at + timedelta(hours=3) if held and answer == "yes" else None,
                }
            )

    def work(self, pair_id: int, mentor: int, mentee: int, started: datetime, status: str) -> None:
        for number in range(MEETINGS_A_PAIR):
            at = started + timedelta(days=14 + 40 * number, hours=self.random.randint(8, 17))
            if at > self.now:
                outcome = "planned" if status == "active" else "cancelled"
            else:
                outcome = self.random.choices(("held", "not_held", "cancelled"), (8, 1, 1))[0]
            self.meeting(pair_id, mentor, [mentee], at, outcome)
        for number in range(TASKS_A_PAIR):
            due = (started + timedelta(days=30 * (number + 1))).date()
            done = due < self.now.date() and self.random.random() < 0.8
            created = started + timedelta(days=number)
            self.rows.tasks.append(
                {
                    "pair_id": pair_id,
                    "title": self.text(5, 120),
                    "due_on": due,
                    "status": "done" if done else "open",
                    "proposed_by": None,
                    "created_at": created,
                    "done_at": datetime.combine(due, datetime.min.time(), UTC) if done else None,
                    "done_by": mentee if done else None,
                    "version": 2 if done else 1,
                }
            )
            self.audit("plan_task_added", None, created, pair=pair_id)

    def surveys(self) -> None:
        members = [
            (pair["mentor_id"], "mentor", pair["id"])
            for pair in self.rows.pairs
            if pair["status"] == "active"
        ] + [
            (pair["mentee_id"], "mentee", pair["id"])
            for pair in self.rows.pairs
            if pair["status"] == "active"
        ]
        year = self.year_start.year
        for campaign_id, kind, share, opened in (
            (1, "interim", 0.75, self.year_start + timedelta(days=90)),
            (2, "final", 0.4, self.now - timedelta(days=5)),
        ):
            self.rows.campaigns.append(
                {
                    "id": campaign_id,
                    "kind": kind,
                    "year": year,
                    "opens_on": opened.date(),
                    "due_on": (opened + timedelta(days=19)).date(),
                    "audience": "active_pairs",
                    "questionnaires": SURVEYS,
                    "status": "closed" if kind == "interim" else "open",
                    "opened_at": opened,
                    "closed_at": opened + timedelta(days=20) if kind == "interim" else None,
                    "created_at": opened - timedelta(days=30),
                }
            )
            invited: set[int] = set()
            for person, role, pair_id in members:
                if person in invited:
                    continue  # a group's mentor once
                invited.add(person)
                answered = self.random.random() < share
                at = opened + timedelta(hours=self.random.randint(1, 300))
                self.rows.campaign_invites.append(
                    {
                        "campaign_id": campaign_id,
                        "person_id": person,
                        "role": role,
                        "pair_id": pair_id,
                        "invited_at": opened,
                        "due_on": (opened + timedelta(days=19)).date(),
                        "nudges": 0,
                        "answered_at": at if answered else None,
                    }
                )
                if answered:
                    self.survey_answers(person, f"{SURVEYS[role]}@{campaign_id}", at)

    def survey_answers(self, person: int, answered_as: str, at: datetime) -> None:
        try:
            questions = self.catalog.get(answered_as).questions
        except KeyError:  # no survey questionnaire yet: six answers all the same
            questions = tuple(Question(f"q{n}", QType.SCALE, f"q{n}", max=10) for n in range(6))
        someone = Someone(person, Role.MENTOR, Category.TEACHER)
        for question in questions:
            if question.optional and self.random.random() < 0.5:
                continue
            value, _ = self.value(question, someone, "")
            self.rows.answers.append(
                {
                    "person_id": person,
                    "questionnaire_id": answered_as,
                    "question_id": question.id,
                    "value": value,
                    "answered_at": at,
                }
            )

    def audit(self, action: str, person: int | None, at: datetime, **details: Any) -> None:
        self.rows.audit.append(
            {
                "at": at,
                "actor_telegram_id": CURATOR,
                "action": action,
                "person_id": person,
                "details": details,
            }
        )


async def fill(database: Path, args: argparse.Namespace) -> dict[str, int]:
    settings = settings_for(database)
    translations = Translations.load(default_locale=settings.default_locale)
    engine = create_engine(settings.database_url)
    await migrate.upgrade(engine)
    rows = Programme(args, load_catalog(translations), consent_version(translations)).build()
    tables: list[tuple[Any, list[dict[str, Any]]]] = [
        (Person, rows.people),
        (Consent, rows.consents),
        (QuestionnaireRun, rows.runs),
        (Answer, rows.answers),
        (Pair, rows.pairs),
        (Agreement, rows.agreements),
        (Meeting, rows.meetings),
        (MeetingInvite, rows.invites),
        (PlanTask, rows.tasks),
        (Campaign, rows.campaigns),
        (CampaignInvite, rows.campaign_invites),
        (AuditEntry, rows.audit),
    ]
    async with create_session_factory(engine).begin() as session:
        await session.execute(
            insert(Curator),
            [
                {
                    "telegram_id": CURATOR,
                    "source": "settings",
                    "added_at": rows.people[0]["last_seen_at"],
                }
            ],
        )
        for model, values in tables:
            await bulk(session, model, values)
    await engine.dispose()
    return {name: len(values) for name, values in vars(rows).items()}


async def bulk(session: AsyncSession, model: Any, values: list[dict[str, Any]]) -> None:
    for start in range(0, len(values), 5000):
        await session.execute(insert(model), values[start : start + 5000])


# ---- the export, as /export makes it -------------------------------------------------------


async def export_process(database: Path) -> dict[str, Any]:
    settings = settings_for(database)
    translations = Translations.load(default_locale=settings.default_locale)
    catalog = load_catalog(translations)
    engine = create_engine(settings.database_url)
    sessions = create_session_factory(engine)
    before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started, cpu = time.perf_counter(), time.process_time()
    made = await export.build(
        sessions,
        zone=settings.tz,
        locale_texts=translations.get(settings.default_locale),
        version=consent_version(translations),
        catalog=catalog,
        actor=CURATOR,
    )
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    await engine.dispose()
    assert made is not None
    return {
        "participants": made.participants,
        "seconds": round(seconds, 2),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "bytes": len(made.content),
        "cpu_seconds": round(cpu, 2),
        "peak_mb_before": round(before_mb, 1),
        "rows": made.rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--fill", help=argparse.SUPPRESS)  # the filling process: the database
    parser.add_argument("--export", help=argparse.SUPPRESS)  # the exporting process
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    if args.fill:
        print(json.dumps(asyncio.run(fill(Path(args.fill), args))), flush=True)
        return
    if args.export:
        print(json.dumps(asyncio.run(export_process(Path(args.export)))), flush=True)
        return
    if args.participants < 10:
        parser.error("--participants at least 10")
    with tempfile.TemporaryDirectory() as directory:
        database = str(Path(directory) / "bench.sqlite3")
        common = ["--participants", str(args.participants), "--seed", str(args.seed)]
        started = time.perf_counter()
        built = subprocess.run(
            [sys.executable, __file__, *common, "--fill", database],
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        )
        logger.info("Built in %.1f s: %s", time.perf_counter() - started, built.stdout.strip())
        done = subprocess.run(
            [sys.executable, __file__, *common, "--export", database],
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    rows = seen.pop("rows")
    logger.info("Rows by sheet: %s", rows)
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
