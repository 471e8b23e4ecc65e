"""A demo programme for an empty database, so that a curator can try every command at once.

Six mentors of different categories and fourteen mentees (students of every age group and two
teachers), with consents (a parent's for the youngest, one on paper), submitted intake
questionnaires, a networking event that has closed with choices still open, and three pairs
already at work. Fake people have Telegram ids far above any real user's (`DEMO_ID_BASE`), and
no usernames, so nothing in the demo can lead to a real person.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Agreement,
    Answer,
    Attendance,
    Campaign,
    CampaignInvite,
    Choice,
    Consent,
    Event,
    Meeting,
    MeetingInvite,
    Pair,
    ParentLink,
    Person,
    PlanTask,
    ProgrammeSetting,
    QuestionnaireRun,
    utcnow,
)
from bot.domain import surveys as survey_rules
from bot.domain.forms import form_of
from bot.domain.onboarding import ConsentStatus
from bot.domain.roles import AgeGroup, Category, Role, questionnaire_for
from bot.questionnaires.engine import SUMMARY
from bot.services import audit, surveys
from bot.services.consent import ConsentKind
from bot.services.people import Sessions

DEMO_ID_BASE = 9_000_000_000_000
"""Telegram ids of the demo's people start here: real ids are far below (under 2**34 today)."""
PARENT_ID_BASE = DEMO_ID_BASE + 500
ORDER_NUMBER = "112-од"
EVENT_TITLE = "Нетворкинг: знакомство наставников и наставляемых"
EVENT_PLACE = "Актовый зал"
CHOICES_FOR = timedelta(days=3)


@dataclass(frozen=True)
class Someone:
    full_name: str
    role: Role
    category: Category
    age_group: AgeGroup | None
    answers: dict[str, Any]
    consent: ConsentKind = ConsentKind.SELF
    parent_name: str | None = None
    declined_first: bool = False  # said no once, agreed later: two rows in the consents
    blocked: bool = False
    came: bool = True  # checked in at the event

    @property
    def first_name(self) -> str:
        """The name in Telegram: the given name from the full one."""
        return self.full_name.split()[1]


def _mentor(full_name: str, category: Category, answers: dict[str, Any], **kw: Any) -> Someone:
    age = AgeGroup.FROM_14_TO_17 if category is Category.SENIOR_STUDENT else None
    return Someone(full_name, Role.MENTOR, category, age, answers, **kw)


def _student(full_name: str, age: AgeGroup, answers: dict[str, Any], **kw: Any) -> Someone:
    if age is AgeGroup.UNDER_14 and "consent" not in kw:
        kw["consent"] = ConsentKind.PARENT
    return Someone(full_name, Role.MENTEE, Category.STUDENT, age, answers, **kw)


def _teacher(full_name: str, answers: dict[str, Any]) -> Someone:
    return Someone(full_name, Role.MENTEE, Category.TEACHER, None, answers)


PEOPLE: tuple[Someone, ...] = (
    _mentor(
        "Соколова Анна Викторовна",
        Category.TEACHER,
        {
            "subject_taught": "Математика",
            "experience_years": 17,
            "competencies": ["subjects", "olympiads", "methodology"],
            "experience": "Десять лет готовлю ребят к олимпиадам по математике, руковожу "
            "методическим объединением учителей математики.",
            "capacity": 3,
            "format": "offline",
            "time_slots": ["weekday_day", "weekday_evening"],
            "phone": "+79161230101",
            "about": "Люблю задачи с изюминкой и учеников, которые спорят.",
        },
    ),
    _mentor(
        "Егоров Максим Андреевич",
        Category.SENIOR_STUDENT,
        {
            "grade": 11,
            "grade_letter": "А",
            "competencies": ["projects", "digital"],
            "experience": "Призёр регионального конкурса проектов; сделал школьный сайт и бота "
            "с расписанием.",
            "capacity": 2,
            "format": "any",
            "time_slots": ["weekday_evening"],
        },
    ),
    _mentor(
        "Кузнецова Дарья Игоревна",
        Category.GRADUATE,
        {
            "graduation_year": 2016,
            "workplace": "IT-компания, аналитик данных",
            "competencies": ["projects", "career", "digital"],
            "experience": "Окончила нашу школу в 2016 году, работаю аналитиком данных, веду "
            "кружок по Python.",
            "capacity": 2,
            "format": "online",
            "time_slots": ["weekend"],
            "phone": "+79031230103",
        },
    ),
    _mentor(
        "Морозов Сергей Петрович",
        Category.PARENT,
        {
            "workplace": "Городская больница, врач-хирург",
            "competencies": ["career"],
            "experience": "Хирург, двадцать лет в профессии. Расскажу о медицинских профессиях "
            "и о том, как к ним готовиться.",
            "capacity": 1,
            "format": "offline",
            "time_slots": ["weekend"],
            "phone": "+79261230104",
        },
        came=False,
    ),
    _mentor(
        "Волкова Елена Сергеевна",
        Category.EMPLOYER,
        {
            "workplace": "Энергосбытовая компания, главный инженер",
            "competencies": ["projects", "career", "leadership"],
            "experience": "Руковожу инженерной службой; устраиваем для школьников экскурсии на "
            "подстанцию и летнюю практику.",
            "capacity": 3,
            "format": "any",
            "time_slots": ["weekday_evening", "weekend"],
            "phone": "+79851230105",
        },
    ),
    _mentor(
        "Лебедев Артём Олегович",
        Category.COLLEGE_STUDENT,
        {
            "study_place": "Технический университет, 2 курс",
            "competencies": ["subjects", "olympiads", "sport"],
            "experience": "Победитель олимпиады по физике, кандидат в мастера спорта по шахматам.",
            "capacity": 2,
            "format": "online",
            "time_slots": ["weekday_evening"],
        },
    ),
    _student(
        "Иванов Михаил Сергеевич",
        AgeGroup.UNDER_14,
        {
            "grade": 6,
            "grade_letter": "Б",
            "request_topics": ["projects", "digital"],
            "request": "Хочу научиться программировать и сделать свою игру.",
            "need_level": 4,
            "format": "any",
            "time_slots": ["weekday_evening"],
        },
        parent_name="Иванова Ольга Николаевна",
        came=False,
    ),
    _student(
        "Петрова Софья Алексеевна",
        AgeGroup.UNDER_14,
        {
            "grade": 5,
            "grade_letter": "В",
            "request_topics": ["subjects", "olympiads"],
            "subjects": "Математика",
            "request": "Хочу пройти на региональный этап олимпиады по математике.",
            "need_level": 5,
            "format": "offline",
            "time_slots": ["weekday_day"],
        },
        parent_name="Петров Алексей Дмитриевич",
    ),
    _student(
        "Смирнов Артём Владимирович",
        AgeGroup.UNDER_14,
        {
            "grade": 7,
            "grade_letter": "А",
            "request_topics": ["projects", "sport"],
            "request": "Хочу играть в шахматы лучше и сделать проект про историю шахмат.",
            "need_level": 3,
            "format": "any",
            "time_slots": ["weekday_evening", "weekend"],
        },
        parent_name="Смирнова Наталья Владимировна",
    ),
    _student(
        "Васильева Полина Игоревна",
        AgeGroup.UNDER_14,
        {
            "grade": 7,
            "grade_letter": "Б",
            "request_topics": ["adaptation_school", "creativity"],
            "request": "Я недавно перешла в эту школу, хочу найти друзей и кружок по рисованию.",
            "need_level": 4,
            "format": "offline",
            "time_slots": ["weekday_day"],
        },
        consent=ConsentKind.PAPER,
    ),
    _student(
        "Новиков Кирилл Андреевич",
        AgeGroup.FROM_14_TO_17,
        {
            "grade": 8,
            "grade_letter": "А",
            "request_topics": ["career", "digital"],
            "request": "Не знаю, кем стать. Интересуюсь компьютерами, хочу понять, что это за "
            "работа.",
            "need_level": 3,
            "format": "online",
            "time_slots": ["weekend"],
            "phone": "+79161230207",
        },
    ),
    _student(
        "Фёдорова Алиса Романовна",
        AgeGroup.FROM_14_TO_17,
        {
            "grade": 9,
            "grade_letter": "В",
            "request_topics": ["subjects", "olympiads"],
            "subjects": "Математика, физика",
            "request": "Готовлюсь к олимпиадам по математике и физике, нужна помощь с трудными "
            "задачами.",
            "need_level": 5,
            "format": "any",
            "time_slots": ["weekday_evening"],
            "about": "Хожу в кружок робототехники.",
        },
    ),
    _student(
        "Михайлов Даниил Олегович",
        AgeGroup.FROM_14_TO_17,
        {
            "grade": 10,
            "grade_letter": "Б",
            "request_topics": ["projects", "career"],
            "request": "Хочу стать инженером-энергетиком и сделать проект про солнечные панели.",
            "need_level": 4,
            "format": "offline",
            "time_slots": ["weekend"],
        },
    ),
    _student(
        "Алексеева Вероника Павловна",
        AgeGroup.FROM_14_TO_17,
        {
            "grade": 9,
            "grade_letter": "А",
            "request_topics": ["career", "digital"],
            "request": "Хочу разобраться в анализе данных и понять, куда поступать.",
            "need_level": 3,
            "format": "online",
            "time_slots": ["weekend"],
        },
    ),
    _student(
        "Павлов Тимофей Денисович",
        AgeGroup.FROM_14_TO_17,
        {
            "grade": 8,
            "grade_letter": "А",
            "request_topics": ["sport", "leadership"],
            "request": "Хочу собрать команду для школьных соревнований и научиться ей руководить.",
            "need_level": 2,
            "format": "any",
            "time_slots": ["weekday_evening"],
        },
        declined_first=True,
    ),
    _student(
        "Семёнова Ксения Максимовна",
        AgeGroup.FROM_14_TO_17,
        {
            "grade": 10,
            "grade_letter": "Б",
            "request_topics": ["projects", "creativity"],
            "request": "Пишу рассказы, хочу сделать школьный литературный журнал.",
            "need_level": 3,
            "format": "offline",
            "time_slots": ["weekday_day", "weekend"],
            "phone": "+79031230212",
        },
    ),
    _student(
        "Голубев Егор Николаевич",
        AgeGroup.FROM_14_TO_17,
        {
            "grade": 11,
            "grade_letter": "Б",
            "request_topics": ["projects", "career"],
            "request": "Выбираю между энергетикой и строительством, хочу попробовать себя в деле.",
            "need_level": 4,
            "format": "any",
            "time_slots": ["weekday_evening", "weekend"],
        },
        came=False,
    ),
    _student(
        "Виноградова Мария Евгеньевна",
        AgeGroup.ADULT,
        {
            "grade": 11,
            "grade_letter": "В",
            "request_topics": ["career"],
            "request": "Мне 18, заканчиваю школу и хочу понять, какую профессию выбрать.",
            "need_level": 4,
            "format": "online",
            "time_slots": ["weekend"],
        },
        blocked=True,
        came=False,
    ),
    _teacher(
        "Орлова Татьяна Александровна",
        {
            "position": "Учитель начальных классов",
            "experience_years": 1,
            "young_specialist": True,
            "request_topics": ["adaptation_job", "methodology", "classroom"],
            "request": "Первый год в школе: хочу научиться держать дисциплину в классе и "
            "готовить уроки быстрее.",
            "format": "offline",
            "time_slots": ["weekday_day"],
            "phone": "+79261230219",
        },
    ),
    _teacher(
        "Зайцев Николай Евгеньевич",
        {
            "position": "Учитель информатики",
            "experience_years": 4,
            "young_specialist": False,
            "request_topics": ["olympiads", "methodology"],
            "request": "Хочу готовить учеников к олимпиадам по информатике.",
            "format": "any",
            "time_slots": ["weekday_day", "weekday_evening"],
        },
    ),
)

# After the event: a mentee's preferred mentors in order; the mentees a mentor marked.
MENTEE_CHOICES: dict[str, tuple[str, ...]] = {
    "Петрова Софья Алексеевна": ("Лебедев Артём Олегович", "Соколова Анна Викторовна"),
    "Смирнов Артём Владимирович": (
        "Егоров Максим Андреевич",
        "Лебедев Артём Олегович",
        "Кузнецова Дарья Игоревна",
    ),
    "Новиков Кирилл Андреевич": ("Кузнецова Дарья Игоревна", "Волкова Елена Сергеевна"),
    "Фёдорова Алиса Романовна": (
        "Соколова Анна Викторовна",
        "Лебедев Артём Олегович",
        "Егоров Максим Андреевич",
    ),
    "Михайлов Даниил Олегович": ("Волкова Елена Сергеевна",),
    "Алексеева Вероника Павловна": ("Кузнецова Дарья Игоревна",),
    "Зайцев Николай Евгеньевич": ("Соколова Анна Викторовна",),
}
MENTOR_CHOICES: dict[str, tuple[str, ...]] = {
    "Соколова Анна Викторовна": ("Фёдорова Алиса Романовна", "Зайцев Николай Евгеньевич"),
    "Кузнецова Дарья Игоревна": ("Новиков Кирилл Андреевич", "Алексеева Вероника Павловна"),
    "Лебедев Артём Олегович": ("Смирнов Артём Владимирович", "Павлов Тимофей Денисович"),
    "Волкова Елена Сергеевна": ("Михайлов Даниил Олегович",),
}
# Pairs at work since the director's order: (mentor, mentee, months).
PAIRS: tuple[tuple[str, str, int], ...] = (
    ("Соколова Анна Викторовна", "Орлова Татьяна Александровна", 9),
    ("Волкова Елена Сергеевна", "Голубев Егор Николаевич", 9),
    ("Егоров Максим Андреевич", "Иванов Михаил Сергеевич", 6),
)


@dataclass
class Seeded:
    """What the demo put into the database."""

    mentors: int = 0
    mentees: int = 0
    consents: int = 0
    answers: int = 0
    event_id: int = 0
    event_title: str = EVENT_TITLE
    attendees: int = 0
    choices: int = 0
    mutual: int = 0
    pairs: int = 0
    meetings: int = 0
    tasks: int = 0
    surveyed: int = 0  # invited to the interim survey
    answered: int = 0  # of them, answered it

    @property
    def people(self) -> int:
        return self.mentors + self.mentees


def _is_minor(someone: Someone) -> bool:
    return someone.age_group in (AgeGroup.UNDER_14, AgeGroup.FROM_14_TO_17)


async def _add_people(
    session: AsyncSession, version: str, now: datetime, curator_id: int | None, seeded: Seeded
) -> dict[str, Person]:
    people: dict[str, Person] = {}
    parents: dict[str, int] = {}
    for index, someone in enumerate(PEOPLE):
        seen = now - timedelta(days=40 - index, hours=index % 7, minutes=7 * index)
        person = Person(
            telegram_id=DEMO_ID_BASE + index + 1,
            first_name=someone.first_name,
            language_code="ru",
            first_seen_at=seen,
            last_seen_at=now - timedelta(hours=index + 1),
            is_blocked=someone.blocked,
            blocked_at=now - timedelta(days=2) if someone.blocked else None,
            full_name=someone.full_name,
            role=someone.role.value,
            category=someone.category.value,
            age_group=someone.age_group.value if someone.age_group else None,
        )
        session.add(person)
        people[someone.full_name] = person
        if someone.consent is ConsentKind.PARENT:
            # The parent opened the link in their own Telegram: known to the bot, no names.
            parent_id = PARENT_ID_BASE + index + 1
            parents[someone.full_name] = parent_id
            session.add(
                Person(
                    telegram_id=parent_id,
                    language_code="ru",
                    first_seen_at=seen + timedelta(hours=20),
                    last_seen_at=seen + timedelta(hours=20),
                )
            )
    await session.flush()
    for someone in PEOPLE:
        person = people[someone.full_name]
        seen = person.first_seen_at
        agreed = seen + timedelta(minutes=3)
        if someone.declined_first:
            session.add(
                Consent(
                    person_id=person.id,
                    status=ConsentStatus.DECLINED.value,
                    text_version=version,
                    at=seen + timedelta(minutes=1),
                )
            )
            seeded.consents += 1
            agreed = seen + timedelta(days=1)
        if someone.consent is not ConsentKind.SELF:
            agreed = seen + timedelta(hours=20, minutes=5)
            session.add(
                ParentLink(
                    token_hash=hashlib.sha256(f"demo:{person.telegram_id}".encode()).hexdigest(),
                    person_id=person.id,
                    role=someone.role.value,
                    category=someone.category.value,
                    age_group=AgeGroup.UNDER_14.value,
                    created_at=seen + timedelta(minutes=2),
                    expires_at=seen + timedelta(days=7, minutes=2),
                    used_at=agreed,
                )
            )
        session.add(
            Consent(
                person_id=person.id,
                status=ConsentStatus.GIVEN.value,
                kind=someone.consent.value,
                text_version=version,
                at=agreed,
                parent_name=someone.parent_name,
                parent_telegram_id=parents.get(someone.full_name),
                recorded_by=curator_id if someone.consent is ConsentKind.PAPER else None,
            )
        )
        seeded.consents += 1
        questionnaire = questionnaire_for(someone.role, someone.category)
        submitted = agreed + timedelta(minutes=12)
        session.add(
            QuestionnaireRun(
                person_id=person.id,
                questionnaire_id=questionnaire,
                current=SUMMARY,
                history=[],
                editing=False,
                started_at=agreed + timedelta(minutes=1),
                submitted_at=submitted,
                touched_at=submitted,
                nudges_sent=0,
            )
        )
        for question_id, value in {"full_name": someone.full_name, **someone.answers}.items():
            session.add(
                Answer(
                    person_id=person.id,
                    questionnaire_id=questionnaire,
                    question_id=question_id,
                    value=value,
                    answered_at=submitted - timedelta(minutes=1),
                )
            )
            seeded.answers += 1
        if someone.role is Role.MENTOR:
            seeded.mentors += 1
        else:
            seeded.mentees += 1
    return people


async def _add_event(
    session: AsyncSession,
    people: dict[str, Person],
    *,
    now: datetime,
    zone: ZoneInfo,
    curator_id: int | None,
    seeded: Seeded,
) -> None:
    """Yesterday's event, closed; the choices are open for two more days."""
    yesterday = now.astimezone(zone).date() - timedelta(days=1)
    starts = datetime.combine(yesterday, time(15, 0), zone)
    closed = starts + timedelta(hours=2)
    event = Event(
        title=EVENT_TITLE,
        starts_at=starts,
        place=EVENT_PLACE,
        token=secrets.token_urlsafe(9),
        created_by=curator_id or 0,
        created_at=starts - timedelta(days=5),
        closed_at=closed,
        choices_until=closed + CHOICES_FOR,
        # The fake people are not reminded (they could not read it anyway).
        reminded_at=closed,
    )
    session.add(event)
    await session.flush()
    seeded.event_id = event.id
    for index, someone in enumerate(PEOPLE):
        if someone.came:
            session.add(
                Attendance(
                    event_id=event.id,
                    person_id=people[someone.full_name].id,
                    checked_in_at=starts + timedelta(minutes=index % 15),
                )
            )
            seeded.attendees += 1
    chosen = [
        (mentee, mentor, rank)
        for mentee, mentors in MENTEE_CHOICES.items()
        for rank, mentor in enumerate(mentors, 1)
    ] + [(mentor, mentee, None) for mentor, mentees in MENTOR_CHOICES.items() for mentee in mentees]
    for chooser, choice, rank in chosen:
        session.add(
            Choice(
                event_id=event.id,
                chooser_id=people[chooser].id,
                chosen_id=people[choice].id,
                rank=rank,
                chosen_at=closed + timedelta(hours=1, minutes=len(chooser)),
            )
        )
        seeded.choices += 1
        seeded.mutual += rank is None and chooser in MENTEE_CHOICES.get(choice, ())


def _signature(
    someone: Someone, person: Person, parent_id: int | None, curator_id: int | None
) -> tuple[str, int | None]:
    """Who accepted the agreement for this side: the person; for a minor the parent who gave
    consent in the bot, else the curator who has the signed paper."""
    if not _is_minor(someone):
        return ConsentKind.SELF.value, person.telegram_id
    if parent_id is not None:
        return ConsentKind.PARENT.value, parent_id
    return ConsentKind.PAPER.value, curator_id


async def _add_pairs(
    session: AsyncSession,
    people: dict[str, Person],
    *,
    now: datetime,
    zone: ZoneInfo,
    curator_id: int | None,
    seeded: Seeded,
) -> None:
    by_name = {someone.full_name: someone for someone in PEOPLE}
    parents = {
        consent.person_id: consent.parent_telegram_id
        for consent in (
            await session.scalars(select(Consent).where(Consent.parent_telegram_id.is_not(None)))
        )
    }
    created = now - timedelta(days=16)
    order_date: date = (now - timedelta(days=14)).astimezone(zone).date()
    accepted = now - timedelta(days=13)
    for mentor_name, mentee_name, months in PAIRS:
        mentor, mentee = people[mentor_name], people[mentee_name]
        form = form_of(
            Category(str(mentor.category)),
            Category(str(mentee.category)),
            AgeGroup(mentee.age_group) if mentee.age_group else None,
        )
        if form is None:
            raise ValueError(f"the demo pairs {mentor_name} and {mentee_name}: no such form")
        pair = Pair(
            mentor_id=mentor.id,
            mentee_id=mentee.id,
            form=form.value,
            status="active",
            months=months,
            created_by=curator_id or 0,
            created_at=created,
            order_number=ORDER_NUMBER,
            order_date=order_date,
            started_at=accepted + timedelta(hours=2),
        )
        session.add(pair)
        await session.flush()
        for offset, (side, name, person) in enumerate(
            ((Role.MENTOR, mentor_name, mentor), (Role.MENTEE, mentee_name, mentee))
        ):
            kind, signer = _signature(by_name[name], person, parents.get(person.id), curator_id)
            session.add(
                Agreement(
                    pair_id=pair.id,
                    side=side.value,
                    accepted=True,
                    signer_telegram_id=signer,
                    kind=kind,
                    at=accepted + timedelta(hours=offset * 2),
                )
            )
        seeded.pairs += 1
        await _add_work(session, pair, now=now, zone=zone, seeded=seeded)


DEMO_TASKS = (
    ("Составить план на четверть", -6, "done"),
    ("Выбрать тему проекта", 10, "open"),
    ("Подготовить вопросы ко встрече", 3, "open"),
)
"""The plan of each demo pair: a title, its deadline in days from today, its status."""


async def _add_work(
    session: AsyncSession, pair: Pair, *, now: datetime, zone: ZoneInfo, seeded: Seeded
) -> None:
    """A demo pair's work so far: the introduction a week ago (held, rated), a planning meeting
    in three days, and a plan of three tasks, one done."""
    today = now.astimezone(zone).date()

    def at(days: int, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(today + timedelta(days=days), time(hour, minute), tzinfo=zone)

    for kind, starts_at, status, rating in (
        ("intro", at(-7, 15), "held", 5),
        ("planning", at(3, 15, 30), "planned", None),
    ):
        meeting = Meeting(
            pair_id=pair.id,
            mentor_id=pair.mentor_id,
            kind=kind,
            starts_at=starts_at,
            place="Кабинет 214",
            status=status,
            created_by=0,
            created_at=now - timedelta(days=10),
            changed_at=now - timedelta(days=10),
            version=1,
            outcome_at=starts_at + timedelta(hours=2) if status == "held" else None,
        )
        session.add(meeting)
        await session.flush()
        session.add(
            MeetingInvite(
                meeting_id=meeting.id,
                person_id=pair.mentee_id,
                answer="yes",
                answered_at=now - timedelta(days=9),
                rating=rating,
                rated_at=starts_at + timedelta(hours=3) if rating else None,
            )
        )
        seeded.meetings += 1
    for title, due_in, status in DEMO_TASKS:
        session.add(
            PlanTask(
                pair_id=pair.id,
                title=title,
                due_on=today + timedelta(days=due_in),
                status=status,
                proposed_by=pair.mentor_id,
                created_at=now - timedelta(days=8),
                done_at=now - timedelta(days=7) if status == "done" else None,
                done_by=pair.mentee_id if status == "done" else None,
                version=1,
            )
        )
        seeded.tasks += 1


SCHOOL = {"students_total": 850, "teachers_total": 60}
"""The school's numbers the roadmap's coverage KPIs are counted against (set in /stats)."""

# The interim survey's answers: (comfort, usefulness, support, progress, what worked best) of
# each pair's mentee, then of its mentor; the third mentor has not answered yet, so /survey
# shows the mentors' figures hidden (fewer than three answers) beside the mentees'.
DEMO_SURVEY: tuple[tuple[tuple[int, int, int, int, str] | None, ...], ...] = (
    ((9, 8, 9, 7, "Разобрали, как готовиться к олимпиаде"), (8, 9, 8, 7, "Чёткий план встреч")),
    ((8, 9, 10, 8, "Помогли выбрать тему проекта"), (9, 8, 9, 8, "Интерес наставляемого")),
    ((7, 7, 8, 6, "Стало спокойнее в новом классе"), None),
)
SURVEY_QUESTIONS = ("comfort", "usefulness", "support", "progress", "best")


async def _add_survey(
    session: AsyncSession, *, now: datetime, zone: ZoneInfo, seeded: Seeded
) -> None:
    """The interim monitoring survey, open since ten days ago and due in a week: every demo
    pair's mentee and mentor invited, five of the six have answered."""
    today = now.astimezone(zone).date()
    campaign = Campaign(
        kind=survey_rules.Kind.INTERIM.value,
        year=survey_rules.school_year(today),
        opens_on=today - timedelta(days=10),
        due_on=today + timedelta(days=7),
        audience=survey_rules.Audience.ACTIVE_PAIRS.value,
        questionnaires=dict(survey_rules.QUESTIONNAIRES),
        status=survey_rules.Status.OPEN.value,
        opened_at=now - timedelta(days=10),
        created_at=now - timedelta(days=10),
    )
    session.add(campaign)
    await session.flush()
    pairs = (await session.scalars(select(Pair).order_by(Pair.id))).all()
    for pair, answers in zip(pairs, DEMO_SURVEY, strict=True):
        for role, person_id, given in zip(
            survey_rules.ROLES, (pair.mentor_id, pair.mentee_id), reversed(answers), strict=True
        ):
            answered_at = now - timedelta(days=8) if given is not None else None
            session.add(
                CampaignInvite(
                    campaign_id=campaign.id,
                    person_id=person_id,
                    role=role,
                    pair_id=pair.id,
                    invited_at=now - timedelta(days=10),
                    due_on=campaign.due_on,
                    nudges=1 if given is None else 0,
                    nudged_at=now - timedelta(days=7) if given is None else None,
                    answered_at=answered_at,
                )
            )
            seeded.surveyed += 1
            if given is None or answered_at is None:
                continue
            answering_as = surveys.questionnaire_id(survey_rules.QUESTIONNAIRES[role], campaign.id)
            for question, value in zip(SURVEY_QUESTIONS, given, strict=True):
                session.add(
                    Answer(
                        person_id=person_id,
                        questionnaire_id=answering_as,
                        question_id=question,
                        value=value,
                        answered_at=answered_at,
                    )
                )
            session.add(
                QuestionnaireRun(
                    person_id=person_id,
                    questionnaire_id=answering_as,
                    current=SUMMARY,
                    history=[],
                    editing=False,
                    started_at=answered_at - timedelta(minutes=4),
                    touched_at=answered_at,
                    submitted_at=answered_at,
                    nudges_sent=0,
                )
            )
            seeded.answered += 1


def _add_school(session: AsyncSession, now: datetime, curator_id: int | None) -> None:
    for key, value in SCHOOL.items():
        session.add(ProgrammeSetting(key=key, value=value, updated_by=curator_id, updated_at=now))


async def seed(
    sessions: Sessions,
    *,
    version: str,
    zone: ZoneInfo,
    curator_id: int | None = None,
    now: datetime | None = None,
) -> Seeded | None:
    """Fill an empty database with the demo programme, in one transaction.

    None, and nothing written, if anyone is in `people` already: the demo never mixes with
    real people. `version` is the consent text in force; `curator_id` is named as the one who
    created the event and the pairs and holds the paper consent (0 when there is none).
    """
    now = now or utcnow()
    seeded = Seeded()
    async with sessions.begin() as session:
        if await session.scalar(select(Person.id).limit(1)) is not None:
            return None
        people = await _add_people(session, version, now, curator_id, seeded)
        await _add_event(session, people, now=now, zone=zone, curator_id=curator_id, seeded=seeded)
        await _add_pairs(session, people, now=now, zone=zone, curator_id=curator_id, seeded=seeded)
        await _add_survey(session, now=now, zone=zone, seeded=seeded)
        _add_school(session, now, curator_id)
        audit.log(session, "demo_seeded", actor=curator_id, people=seeded.people)
    return seeded
