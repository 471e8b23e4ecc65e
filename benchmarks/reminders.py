"""Meeting reminders at the scale of a school: start-up planning, and 500 falling due at once.

Run: `.venv/bin/python benchmarks/reminders.py [--pairs 1000] [--meetings 10000] [--due 500]`

A fresh SQLite database, migrated as the bot migrates it, is filled in bulk (SQLAlchemy core
inserts, not the use cases) with a school year of mentoring: 1,000 pairs (200 mentors with two
mentees, 600 with one; a few pairs paused, a few people who blocked the bot), and 10,000
meetings over 39 weeks of school days, the year seen `--ahead-weeks` before its end: most
meetings are past (held, a few not held or not answered), the rest ahead; some of each
cancelled, some moved; a group meeting now and then for a mentor of two. Each meeting has its
invites (with answers), each reminder that has fallen due its decided row (sent, or skipped and
why) and, for the last 30 days, its sent outbox message, as a bot that has been running all
year leaves them; reminders due in the last `--down` minutes are left undecided (the bot was
down). Among the meetings ahead are `--due` meetings of as many pairs.

Then the bot is started in a process of its own, as `python -m bot` starts it up to the point
where it plans its jobs (what it imports, translations, catalog, database migrated, Bot, outbox
sender, Dispatcher, curators, then `ApScheduler.start`, whose `tasks.replan` plans every job the
database says should exist; no Telegram calls), and runs on: the `--due` meetings are moved (one
UPDATE, then `tasks.replan` as the hourly rebuild runs it) to start an hour after `--lead`
seconds from then, so that their «in an hour» reminders — one to the mentor, one to the mentee
of each — all fall due at one moment, and run on APScheduler as in the bot (`ApScheduler._run` →
`meeting_reminders.meeting_reminders` → `notify.tell` → the outbox).

Prints one JSON line: `meetings`, `jobs` (planned at start-up), `startup_plan_s` (from the
moment the process is launched to every job planned; of it, `startup_imports_s` until what the
bot imports is imported, and `replan_s` the start-up rebuild itself), `peak_mb` (the bot
process's peak resident memory, from its start to the last reminder queued), `due_late_p99_s`
(of the reminders that fell due at one moment, how late each one's outbox row was created
after its due moment: the 99th percentile; also p50, max, and how many of them reached the
outbox). Aims: startup_plan_s ≤ 2, due_late_p99_s ≤ 5, peak_mb ≤ 300.
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

from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import open_database, prepare_data
from bot.config import Settings
from bot.db import migrate
from bot.db.engine import create_engine, create_session_factory
from bot.db.models import (
    Meeting,
    MeetingFollowUp,
    MeetingInvite,
    MeetingReminder,
    OutboxMessage,
    Pair,
    Person,
    utcnow,
)
from bot.domain.meetings import (
    held_question_at,
    offset_minutes,
    parse_offsets,
    reminder_moments,
)
from bot.factory import create_bot, create_dispatcher, create_sender
from bot.i18n import Translations, consent_version
from bot.questionnaires.loader import load_catalog
from bot.scheduling import tasks
from bot.scheduling.runner import REPLAN_ID, ApScheduler
from bot.services import reminders
from bot.telegram.callbacks import CallbackAnswers

IMPORTED_AT = time.time()  # in the bot's process: when what the bot imports was imported

logger = logging.getLogger("benchmarks.reminders")

TOKEN = "123456789:benchmark-reminders-token"
ZONE_NAME = "Europe/Moscow"
WEEKS = 39  # September to May
DOUBLE_MENTORS = 200  # mentors with two mentees (the rest have one)
GROUP_SHARE = 0.3  # of a mentor of two's meetings, those of the whole group
PAUSED_SHARE = 0.02
BLOCKED_SHARE = 0.01
CANCELLED_SHARE = 0.07
MOVED_SHARE = 0.08
KEEP = timedelta(days=30)  # OUTBOX_KEEP_DAYS: older sent messages are purged
FIRST_TELEGRAM_ID = 300_000


def settings_for(database: Path) -> Settings:
    return Settings(
        bot_token=TOKEN,
        database_url=f"sqlite+aiosqlite:///{database}",
        timezone=ZONE_NAME,
        curator_ids=frozenset(),
        _env_file=None,
    )


# ---- the school year, built in bulk --------------------------------------------------------


@dataclass
class Rows:
    people: list[dict[str, Any]] = field(default_factory=list)
    pairs: list[dict[str, Any]] = field(default_factory=list)
    meetings: list[dict[str, Any]] = field(default_factory=list)
    invites: list[dict[str, Any]] = field(default_factory=list)
    reminders: list[dict[str, Any]] = field(default_factory=list)
    followups: list[dict[str, Any]] = field(default_factory=list)
    outbox: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class PairInfo:
    id: int
    mentor: int
    mentee: int
    paused_at: datetime | None


class School:
    """The rows of a school year of mentoring, every reminder due by `now` decided."""

    def __init__(self, args: argparse.Namespace, now: datetime, due_at: datetime) -> None:
        self.args = args
        self.now = now
        self.due_at = due_at
        self.random = random.Random(args.seed)
        self.offsets = parse_offsets(args.offsets)
        self.rows = Rows()
        self.blocked: set[int] = set()
        self.telegram: dict[int, int] = {}
        self.next_meeting = 1
        self.due_ids: list[int] = []

    def person(self, person_id: int, role: str, category: str, age_group: str) -> None:
        telegram_id = FIRST_TELEGRAM_ID + person_id
        blocked = self.random.random() < BLOCKED_SHARE
        if blocked:
            self.blocked.add(person_id)
        name = f"Участник {person_id}"
        self.telegram[person_id] = telegram_id
        self.rows.people.append(
            {
                "id": person_id,
                "telegram_id": telegram_id,
                "first_name": name,
                "locale": "ru",
                "first_seen_at": self.now - timedelta(weeks=WEEKS),
                "last_seen_at": self.now - timedelta(days=1),
                "is_blocked": blocked,
                "blocked_at": self.now - timedelta(days=20) if blocked else None,
                "full_name": name,
                "role": role,
                "category": category,
                "age_group": age_group,
                "search_name": name.casefold(),
            }
        )

    def build(self) -> Rows:
        pairs = self.build_pairs()
        year_end = self.now + timedelta(weeks=self.args.ahead_weeks)
        year_start = year_end - timedelta(weeks=WEEKS)
        ordinary = self.args.meetings - self.args.due
        by_pair: dict[int, list[datetime]] = {p.id: [] for p in pairs}
        for n in range(ordinary):
            by_pair[pairs[n % len(pairs)].id].append(self.school_time(year_start, year_end))
        mates = self.mates(pairs)
        for pair in pairs:
            times = sorted(by_pair[pair.id])
            for index, starts_at in enumerate(times):
                group = pair.mentor in mates and self.random.random() < GROUP_SHARE
                invited = mates[pair.mentor] if group else [pair.mentee]
                kind = self.kind(index, len(times))
                self.meeting(pair, None if group else pair.id, invited, starts_at, kind)
        self.due_meetings(pairs)
        return self.rows

    def build_pairs(self) -> list[PairInfo]:
        mentors = DOUBLE_MENTORS + (self.args.pairs - 2 * DOUBLE_MENTORS)
        for mentor in range(1, mentors + 1):
            self.person(mentor, "mentor", "teacher", "18plus")
        pairs = []
        started = self.now - timedelta(weeks=WEEKS - self.args.ahead_weeks + 1)
        for n in range(self.args.pairs):
            mentee = mentors + 1 + n
            mentor = 1 + (n // 2 if n < 2 * DOUBLE_MENTORS else n - DOUBLE_MENTORS)
            young = self.random.random() < 0.5
            self.person(mentee, "mentee", "student", "under14" if young else "14to17")
            paused = self.now - timedelta(days=10) if self.random.random() < PAUSED_SHARE else None
            pair = PairInfo(n + 1, mentor, mentee, paused)
            pairs.append(pair)
            self.rows.pairs.append(
                {
                    "id": pair.id,
                    "mentor_id": mentor,
                    "mentee_id": mentee,
                    "form": "teacher_student",
                    "status": "active",
                    "months": 9,
                    "created_by": FIRST_TELEGRAM_ID,
                    "created_at": started - timedelta(days=7),
                    "started_at": started,
                    "paused_at": paused,
                }
            )
        return pairs

    @staticmethod
    def mates(pairs: list[PairInfo]) -> dict[int, list[int]]:
        """A mentor of two (or more) → their mentees."""
        mentees: dict[int, list[int]] = {}
        for pair in pairs:
            mentees.setdefault(pair.mentor, []).append(pair.mentee)
        return {mentor: found for mentor, found in mentees.items() if len(found) > 1}

    def school_time(self, start: datetime, end: datetime) -> datetime:
        """A school day's afternoon (14:00–17:45 in the school's zone, on a quarter)."""
        zone = ZoneInfo(ZONE_NAME)
        days = (end - start).days
        while True:
            day = (start + timedelta(days=self.random.randrange(days))).astimezone(zone).date()
            if day.weekday() < 5:
                break
        minutes = 14 * 60 + 15 * self.random.randrange(16)
        local = datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=zone)
        return local.astimezone(UTC)

    def kind(self, index: int, count: int) -> str:
        if index == 0:
            return "intro"
        if index == count - 1:
            return "final"
        return {1: "trial", 2: "planning"}.get(index, "work")

    def status(self, starts_at: datetime) -> str:
        roll = self.random.random()
        if roll < CANCELLED_SHARE:
            return "cancelled"
        if starts_at > self.now - timedelta(days=1):
            return "planned"  # ahead, or «Встреча состоялась?» not asked yet
        if roll < CANCELLED_SHARE + 0.04:
            return "planned"  # the mentor never answered
        if roll < CANCELLED_SHARE + 0.08:
            return "not_held"
        return "held"

    def meeting(
        self,
        pair: PairInfo,
        pair_id: int | None,
        invited: list[int],
        starts_at: datetime,
        kind: str,
        *,
        status: str | None = None,
        changed_at: datetime | None = None,
        answer: str | None = None,
    ) -> int:
        meeting_id = self.next_meeting
        self.next_meeting += 1
        status = status or self.status(starts_at)
        created_at = min(
            starts_at - timedelta(hours=self.random.uniform(48, 21 * 24)),
            self.now - timedelta(hours=1),
        )
        version = 1
        if changed_at is not None:
            created_at = changed_at
        elif self.random.random() < MOVED_SHARE:
            version = 2
            changed_at = created_at + (min(starts_at, self.now) - created_at) / 2
        else:
            changed_at = created_at
        past = starts_at <= self.now
        self.rows.meetings.append(
            {
                "id": meeting_id,
                "pair_id": pair_id,
                "mentor_id": pair.mentor,
                "kind": kind,
                "starts_at": starts_at,
                "place": "Кабинет 214" if meeting_id % 3 else None,
                "link": None if meeting_id % 3 else "https://telemost.yandex.ru/j/12345678",
                "agenda": "Разбор проекта" if meeting_id % 4 == 0 else None,
                "status": status,
                "created_by": self.telegram[pair.mentor],
                "created_at": created_at,
                "changed_at": changed_at,
                "version": version,
                "outcome_at": starts_at + timedelta(hours=2) if status.endswith("held") else None,
            }
        )
        answers: dict[int, str | None] = {}
        rated: set[int] = set()
        for mentee in invited:
            said = answer or self.answer(past)
            answers[mentee] = said
            rating = (
                self.random.randint(3, 5)
                if status == "held" and said == "yes" and self.random.random() < 0.8
                else None
            )
            if rating is not None:
                rated.add(mentee)
            self.rows.invites.append(
                {
                    "meeting_id": meeting_id,
                    "person_id": mentee,
                    "answer": said,
                    "answered_at": changed_at + timedelta(hours=1) if said else None,
                    "rating": rating,
                    "rated_at": starts_at + timedelta(hours=3) if rating else None,
                }
            )
            if changed_at > self.now - KEEP:
                self.sent(
                    mentee,
                    "meeting-invite",
                    f"mt-invite:{meeting_id}:{version}:{mentee}",
                    changed_at,
                )
        if status != "cancelled":
            self.decide(
                meeting_id,
                version=version,
                pair=pair,
                starts_at=starts_at,
                changed_at=changed_at,
                answers=answers,
            )
            self.follow_up(
                meeting_id,
                pair.mentor,
                status=status,
                starts_at=starts_at,
                answers=answers,
                rated=rated,
            )
        return meeting_id

    def follow_up(
        self,
        meeting_id: int,
        mentor: int,
        *,
        status: str,
        starts_at: datetime,
        answers: dict[int, str | None],
        rated: set[int],
    ) -> None:
        """The questions after the meeting asked by now (but the last `--down` minutes):
        «Встреча состоялась?» to the mentor and a rating to those who came, and the next day's
        reminder of each left unanswered."""
        asked_at = held_question_at(starts_at, ZoneInfo(ZONE_NAME))
        decided_by = self.now - timedelta(minutes=self.args.down)
        again_at = asked_at + timedelta(days=1)
        steps = [(mentor, "held", asked_at)]
        if status == "planned":  # the mentor has not answered
            steps.append((mentor, "held_again", again_at))
        for mentee, said in answers.items():
            if said == "yes" and status != "not_held":
                steps.append((mentee, "rate", asked_at))
                if mentee not in rated:
                    steps.append((mentee, "rate_again", again_at))
        for person, step, at in steps:
            if at <= decided_by:
                self.rows.followups.append(
                    {
                        "meeting_id": meeting_id,
                        "person_id": person,
                        "step": step,
                        "decided_at": at,
                        "outcome": "sent",
                    }
                )

    def answer(self, past: bool) -> str | None:
        roll = self.random.random()
        if roll < 0.05:
            return "no"
        if roll < (0.95 if past else 0.5):
            return "yes"
        return None

    def decide(
        self,
        meeting_id: int,
        *,
        version: int,
        pair: PairInfo,
        starts_at: datetime,
        changed_at: datetime,
        answers: dict[int, str | None],
    ) -> None:
        """Every reminder of the meeting due by now (but the last `--down` minutes) decided."""
        decided_by = self.now - timedelta(minutes=self.args.down)
        for moment in reminder_moments(starts_at, changed_at, self.offsets):
            if moment.at > decided_by:
                continue
            offset = offset_minutes(moment.offset)
            for person in [pair.mentor, *answers]:
                if person in self.blocked:
                    outcome = "unreachable"
                elif answers.get(person) == "no":
                    outcome = "declined"
                elif pair.paused_at is not None and moment.at > pair.paused_at:
                    outcome = "paused"
                else:
                    outcome = "sent"
                self.rows.reminders.append(
                    {
                        "meeting_id": meeting_id,
                        "version": version,
                        "offset_minutes": offset,
                        "person_id": person,
                        "decided_at": moment.at,
                        "outcome": outcome,
                    }
                )
                if outcome == "sent" and moment.at > self.now - KEEP:
                    key = f"mt-rem:{meeting_id}:{version}:{offset}:{person}"
                    self.sent(person, "meeting-reminder", key, moment.at)

    def sent(self, person: int, key: str, dedup_key: str, at: datetime) -> None:
        self.rows.outbox.append(
            {
                "chat_id": self.telegram[person],
                "person_id": person,
                "kind": "reminder" if key == "meeting-reminder" else "meeting",
                "key": key,
                "args": {"meeting": {"t": "meeting-kind-work"}, "when": {"at": at.isoformat()}},
                "quiet": False,
                "dedup_key": dedup_key,
                "created_at": at,
                "attempts": 1,
                "sent_at": at + timedelta(seconds=2),
                "message_id": len(self.rows.outbox) + 1,
            }
        )

    def due_meetings(self, pairs: list[PairInfo]) -> None:
        """`--due` meetings of as many working pairs, each in an hour from `due_at`: their «in
        an hour» reminders fall due at that one moment (their «in a day» ones went yesterday)."""
        fit = [p for p in pairs if p.paused_at is None and not {p.mentor, p.mentee} & self.blocked]
        chosen = self.random.sample(fit, self.args.due)
        for pair in chosen:
            self.due_ids.append(
                self.meeting(
                    pair,
                    pair.id,
                    [pair.mentee],
                    self.due_at + timedelta(hours=1),
                    "work",
                    status="planned",
                    changed_at=self.now - timedelta(days=3),
                    answer="yes",
                )
            )


async def fill(database: Path, args: argparse.Namespace) -> dict[str, Any]:
    engine = create_engine(settings_for(database).database_url)
    await migrate.upgrade(engine)
    now = utcnow()
    school = School(args, now, now + timedelta(minutes=10))  # the bot moves them (see below)
    rows = school.build()
    sessions = create_session_factory(engine)
    tables: list[tuple[Any, list[dict[str, Any]]]] = [
        (Person, rows.people),
        (Pair, rows.pairs),
        (Meeting, rows.meetings),
        (MeetingInvite, rows.invites),
        (MeetingReminder, rows.reminders),
        (MeetingFollowUp, rows.followups),
        (OutboxMessage, rows.outbox),
    ]
    async with sessions.begin() as session:
        for model, values in tables:
            await bulk(session, model, values)
    await engine.dispose()
    return {
        "meetings": len(rows.meetings),
        "invites": len(rows.invites),
        "reminder_rows": len(rows.reminders),
        "followup_rows": len(rows.followups),
        "outbox_rows": len(rows.outbox),
        "due_ids": school.due_ids,
        "due_recipients": 2 * len(school.due_ids),
    }


async def bulk(session: AsyncSession, model: Any, values: list[dict[str, Any]]) -> None:
    for start in range(0, len(values), 5000):
        await session.execute(insert(model), values[start : start + 5000])


# ---- the bot's process ---------------------------------------------------------------------


async def bot_process(database: Path, lead: float, due_ids: list[int], expect: int) -> None:
    """Start as the bot starts, up to its jobs planned; then wait for the due reminders to
    reach the outbox. Prints one JSON line for the parent."""
    settings = settings_for(database)
    translations = Translations.load(default_locale=settings.default_locale)
    catalog = load_catalog(translations)
    db = await open_database(settings)
    callback_answers = CallbackAnswers()
    bot = create_bot(settings, db.sessions, callback_answers)
    sender = create_sender(settings, db.sessions, bot, translations)
    create_dispatcher(
        settings, db.engine, translations, catalog, callback_answers, outbox_wake=sender.wake
    )
    scheduler = ApScheduler(settings.tz, after_job=sender.wake)
    await prepare_data(db, settings)
    context = reminders.Context(
        db.sessions,
        translations,
        scheduler,
        settings.tz,
        consent_version(translations),
        link_base="https://t.me/benchmark_bot?start=",
        outbox_keep=timedelta(days=settings.outbox_keep_days),
        meeting_offsets=settings.meeting_reminders,
    )
    scheduler.bind(context)
    replan_started = time.time()
    await scheduler.start()
    planned_at = time.time()
    jobs = sum(1 for job_id, _ in scheduler.planned() if job_id != REPLAN_ID)
    rss_planned = peak_mb()

    # The due meetings start an hour after `lead` seconds from now: their «in an hour»
    # reminders fall due at that one moment, planned as the hourly rebuild plans them.
    due_at = utcnow() + timedelta(seconds=lead)
    async with db.sessions.begin() as session:
        await session.execute(
            update(Meeting)
            .where(Meeting.id.in_(due_ids))
            .values(starts_at=due_at + timedelta(hours=1))
        )
    await tasks.replan(context)
    wanted = set(due_ids)

    late: list[float] = []
    deadline = due_at + timedelta(seconds=120)
    await asyncio.sleep(max(0.0, (due_at - datetime.now(UTC)).total_seconds()))
    while datetime.now(UTC) < deadline:
        async with db.sessions() as session:
            found = await session.execute(
                select(OutboxMessage.dedup_key, OutboxMessage.created_at).where(
                    OutboxMessage.key == "meeting-reminder",
                    OutboxMessage.created_at >= due_at - timedelta(seconds=1),
                )
            )
        late = [
            (created - due_at).total_seconds()
            for key, created in found
            if key is not None and int(key.split(":")[1]) in wanted
        ]
        if len(late) >= expect:
            break
        await asyncio.sleep(0.5)
    scheduler.shutdown()
    await bot.session.close()
    await db.engine.dispose()
    print(
        json.dumps(
            {
                "imported_at": IMPORTED_AT,
                "replan_started": replan_started,
                "planned_at": planned_at,
                "jobs": jobs,
                "late": late,
                "peak_mb_planned": round(rss_planned, 1),
                "peak_mb": round(peak_mb(), 1),
            }
        ),
        flush=True,
    )


def peak_mb() -> float:
    """This process's peak resident memory, in MiB. Read from /proc (VmHWM) where there is one:
    `getrusage`'s ru_maxrss in a process started by another carries the parent's peak over
    (Linux keeps it across exec), and the parent here has built the whole database."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--due", type=int, default=500, help="meetings due at one moment")
    parser.add_argument("--ahead-weeks", type=int, default=8, help="of the school year left")
    parser.add_argument("--down", type=int, default=30, help="minutes the bot was down")
    parser.add_argument("--lead", type=float, default=5.0, help="seconds from planned to due")
    parser.add_argument("--offsets", default="24h,1h", help="MEETING_REMINDERS")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--child", help=argparse.SUPPRESS)  # the bot's process: its arguments
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    if args.child:
        given = json.loads(args.child)
        asyncio.run(
            bot_process(
                Path(given["database"]),
                args.lead,
                given["due_ids"],
                given["expect"],
            )
        )
        return
    if args.pairs < 2 * DOUBLE_MENTORS or not 0 < args.due <= args.pairs // 2:
        parser.error(f"--pairs at least {2 * DOUBLE_MENTORS}, --due at most half of them")
    with tempfile.TemporaryDirectory() as directory:
        database = Path(directory) / "bench.sqlite3"
        started = time.perf_counter()
        built = asyncio.run(fill(database, args))
        logger.info("Built in %.1f s: %s", time.perf_counter() - started, built | {"due_ids": "…"})
        child = json.dumps(
            {
                "database": str(database),
                "due_ids": built["due_ids"],
                "expect": built["due_recipients"],
            }
        )
        launched = time.time()
        done = subprocess.run(
            [sys.executable, __file__, "--child", child],
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    late = seen["late"]
    p99 = percentile(late, 0.99)
    print(
        json.dumps(
            {
                "meetings": built["meetings"],
                "jobs": seen["jobs"],
                "startup_plan_s": round(seen["planned_at"] - launched, 3),
                "startup_imports_s": round(seen["imported_at"] - launched, 3),
                "replan_s": round(seen["planned_at"] - seen["replan_started"], 3),
                "peak_mb": seen["peak_mb"],
                "due_late_p99_s": None if p99 is None else round(p99, 3),
                "due_late_p50_s": None if not late else round(percentile(late, 0.5) or 0, 3),
                "due_late_max_s": None if not late else round(max(late), 3),
                "due_reminders": built["due_recipients"],
                "due_in_outbox": len(late),
                "pairs": args.pairs,
                "invites": built["invites"],
                "reminder_rows": built["reminder_rows"],
                "peak_mb_at_plan": seen["peak_mb_planned"],
            }
        )
    )


if __name__ == "__main__":
    main()
