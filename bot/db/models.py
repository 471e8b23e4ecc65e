"""Tables. The schema itself is created by the Alembic migrations in `bot/migrations/`."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ColumnElement,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    and_,
    event,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Mapper, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in UTC on every backend (SQLite drops the zone, so it is put back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UtcDateTime}  # noqa: RUF012 (SQLAlchemy's API)


class Person(Base):
    """Anyone who has written to the bot. Names are filled only after consent."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    first_name: Mapped[str | None] = mapped_column(String(128))
    last_name: Mapped[str | None] = mapped_column(String(128))
    username: Mapped[str | None] = mapped_column(String(64))
    language_code: Mapped[str | None] = mapped_column(String(16))
    locale: Mapped[str | None] = mapped_column(String(8))
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    is_blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    blocked_at: Mapped[datetime | None]
    # Set once consent is given; erased when it is withdrawn.
    full_name: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(16))
    category: Mapped[str | None] = mapped_column(String(32))
    age_group: Mapped[str | None] = mapped_column(String(16))
    # The names above as a search compares them (see `search_key`): SQLite's lower() and LIKE
    # fold ASCII letters only, and the names are mostly Cyrillic. Kept current on every flush
    # (the events below), so it is never set by hand; names changed by a bulk UPDATE would
    # leave it stale, so names are set on the object.
    search_name: Mapped[str | None] = mapped_column(Text)

    @staticmethod
    def search_key(value: str) -> str:
        """`value` as a search compares it: NFKC, casefolded, ё as е ("Семёнов" ~ "семенов")."""
        return unicodedata.normalize("NFKC", value).casefold().replace("ё", "е")

    @staticmethod
    def search_words(query: str) -> list[str]:
        """The words of a search, each to be found in a name: «Соколова И.» and «Ирина
        Соколова» both find Соколова Ирина (an initial's dot is dropped)."""
        words = (word.strip(".,;:") for word in Person.search_key(query).split())
        return [word for word in words if word][:5]

    @classmethod
    def matches(cls, column: Any, query: str) -> ColumnElement[bool] | None:
        """`column` (a `search_name`) holds every word of `query`; None for an empty query."""
        words = cls.search_words(query)
        if not words:
            return None
        return and_(*(column.contains(word, autoescape=True) for word in words))

    def names_for_search(self) -> str | None:
        names = [n for n in (self.full_name, self.first_name, self.last_name, self.username) if n]
        return Person.search_key(" ".join(names)) if names else None


@event.listens_for(Person, "before_insert")
@event.listens_for(Person, "before_update")
def _keep_search_name(_mapper: Mapper[Person], _connection: object, person: Person) -> None:
    person.search_name = person.names_for_search()


class Curator(Base):
    """A curator: from `CURATOR_IDS` (source "settings") or added by a curator."""

    __tablename__ = "curators"

    telegram_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    source: Mapped[str] = mapped_column(String(16))
    added_by: Mapped[int | None] = mapped_column(BigInteger)
    added_at: Mapped[datetime]


class CuratorInvite(Base):
    """A single-use link that makes whoever opens it a curator; only the token's hash is kept.
    It is void once used, after it expires, or when the curator who made it is removed."""

    __tablename__ = "curator_invites"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_by: Mapped[int | None] = mapped_column(BigInteger)
    used_at: Mapped[datetime | None]


class FsmRecord(Base):
    """FSM and dialog state, one row per whole `StorageKey` (destiny included)."""

    __tablename__ = "fsm_storage"

    bot_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    thread_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    business_connection_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    destiny: Mapped[str] = mapped_column(String(64), primary_key=True)
    state: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    updated_at: Mapped[datetime]


class SeenUpdate(Base):
    """Updates taken (by which boot of the bot) and handled; see `bot/services/updates.py`."""

    __tablename__ = "seen_updates"

    bot_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(index=True)
    boot: Mapped[str | None] = mapped_column(String(32))
    handled_at: Mapped[datetime | None]
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # kept until handled
    # Whose it is (a withdrawal drops it; a later one handled makes an unfinished one moot).
    user_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    # The messages its handling sent so far (ids only), kept until handled: see `bot.telegram.sent`.
    replies: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)


class Lease(Base):
    """Something one process holds until a time, renewed while it is alive
    (`bot/services/leases.py`): the scheduler's leadership, a worker's heartbeat. A signal (the
    leader is asked to plan jobs again) is a row whose `until` is when it was raised."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(32))
    until: Mapped[datetime]


def _person_fk() -> ForeignKey:
    return ForeignKey("people.id", ondelete="CASCADE")


class Consent(Base):
    """A consent given, declined or withdrawn (152-ФЗ). The newest row is the one in force."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(Integer, _person_fk(), index=True)
    status: Mapped[str] = mapped_column(String(16))  # given, declined, withdrawn
    kind: Mapped[str | None] = mapped_column(String(16))  # self, parent, paper
    text_version: Mapped[str | None] = mapped_column(String(16))
    at: Mapped[datetime]
    parent_name: Mapped[str | None] = mapped_column(String(200))
    parent_telegram_id: Mapped[int | None] = mapped_column(BigInteger)
    recorded_by: Mapped[int | None] = mapped_column(BigInteger)


class ParentLink(Base):
    """A single-use link for a parent's consent; only the token's hash is kept."""

    __tablename__ = "parent_links"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[int] = mapped_column(Integer, _person_fk(), index=True)
    role: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(32))
    age_group: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]  # the child was reminded the day before it expires


class Answer(Base):
    """One answer to one question, saved as soon as it is given."""

    __tablename__ = "answers"

    person_id: Mapped[int] = mapped_column(Integer, _person_fk(), primary_key=True)
    questionnaire_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    answered_at: Mapped[datetime]


class QuestionnaireRun(Base):
    """Where a person is in a questionnaire: the question on screen and the way back."""

    __tablename__ = "questionnaire_runs"

    person_id: Mapped[int] = mapped_column(Integer, _person_fk(), primary_key=True)
    questionnaire_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    current: Mapped[str] = mapped_column(String(32))
    history: Mapped[list[str]] = mapped_column(JSON)
    editing: Mapped[bool] = mapped_column(Boolean, default=False)
    started_at: Mapped[datetime]
    submitted_at: Mapped[datetime | None]
    # The last time the person moved in it, and how many reminders to finish it were sent.
    touched_at: Mapped[datetime | None]
    nudges_sent: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The newest typed message taken as a step: the same message handled again changes nothing.
    last_message_id: Mapped[int | None] = mapped_column(BigInteger)

    @classmethod
    def intake_submitted(cls) -> ColumnElement[bool]:
        """A submitted intake questionnaire: not a survey answered in a campaign, whose run is
        kept under `<questionnaire>@<campaign id>`."""
        return and_(cls.submitted_at.is_not(None), cls.questionnaire_id.not_like("%@%"))


class AuditEntry(Base):
    """Who did what to whose data. Details never hold the data itself."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    actor_telegram_id: Mapped[int | None] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(32))
    person_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class OutboxMessage(Base):
    """A message nobody is waiting for, stored with the change that causes them, rendered and
    sent later (`bot/services/outbox.py`). Pending while neither `sent_at` nor `dropped_at`
    is set."""

    __tablename__ = "outbox"
    __table_args__ = (
        # The sender's question: pending messages in the order of their ids.
        Index(
            "ix_outbox_pending",
            "chat_id",
            "id",
            sqlite_where=text("sent_at IS NULL AND dropped_at IS NULL"),
            postgresql_where=text("sent_at IS NULL AND dropped_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    person_id: Mapped[int | None] = mapped_column(Integer)  # the recipient (their language)
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str | None] = mapped_column(String(64))  # the translation, rendered when sent
    args: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # people by id (see notify)
    text: Mapped[str | None] = mapped_column(Text)  # HTML sent as it is (no key)
    buttons: Mapped[Any] = mapped_column(JSON, nullable=True)
    file_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("outbox_files.id", ondelete="SET NULL")
    )
    quiet: Mapped[bool] = mapped_column(Boolean, default=False)  # not at night
    batch: Mapped[str | None] = mapped_column(String(64), index=True)
    dedup_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime]
    not_before: Mapped[datetime | None]  # put off until then (None: due at once)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    claimed_by: Mapped[str | None] = mapped_column(String(32))
    claimed_until: Mapped[datetime | None]
    sent_at: Mapped[datetime | None] = mapped_column(index=True)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    dropped_at: Mapped[datetime | None]
    drop_reason: Mapped[str | None] = mapped_column(String(500))


class OutboxMention(Base):
    """A person a queued or sent message names: it goes when they withdraw their consent."""

    __tablename__ = "outbox_mentions"

    message_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("outbox.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)


class OutboxFile(Base):
    """A photo or a document that outbox messages carry; Telegram's file id once uploaded."""

    __tablename__ = "outbox_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # photo, document
    filename: Mapped[str] = mapped_column(String(200))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    telegram_file_id: Mapped[str | None] = mapped_column(String(256))
    created_at: Mapped[datetime]


class Event(Base):
    """A networking session: people check in by a link (or its QR code); when it closes, those
    who came name whom they would like to work with."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(String(200))
    token: Mapped[str] = mapped_column(String(32), unique=True)  # the check-in link's payload
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    # The message that created it ("chat:message"): the same message handled again creates none.
    created_from: Mapped[str | None] = mapped_column(String(48), unique=True)
    closed_at: Mapped[datetime | None]
    choices_until: Mapped[datetime | None]  # set on closing: the deadline of the choices
    reminded_at: Mapped[datetime | None]  # those who had not chosen were reminded


class Attendance(Base):
    """Who checked in at an event (a person who had not consented yet: once they have)."""

    __tablename__ = "attendance"

    event_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(Integer, _person_fk(), primary_key=True, index=True)
    checked_in_at: Mapped[datetime]


class PendingCheckIn(Base):
    """An event link opened by someone still onboarding: checked in when they finish."""

    __tablename__ = "pending_check_ins"

    person_id: Mapped[int] = mapped_column(Integer, _person_fk(), primary_key=True)
    event_id: Mapped[int] = mapped_column(Integer, ForeignKey("events.id", ondelete="CASCADE"))
    opened_at: Mapped[datetime]


class Choice(Base):
    """After an event: a mentee's preferred mentor (rank 1–3) or a mentor's wished mentee."""

    __tablename__ = "choices"
    __table_args__ = (UniqueConstraint("event_id", "chooser_id", "rank"),)

    event_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    chooser_id: Mapped[int] = mapped_column(Integer, _person_fk(), primary_key=True)
    chosen_id: Mapped[int] = mapped_column(Integer, _person_fk(), primary_key=True, index=True)
    rank: Mapped[int | None] = mapped_column(Integer)  # a mentee's order; None for a mentor
    chosen_at: Mapped[datetime]


LIVE_PAIR = "status IN ('waiting', 'active')"


class Pair(Base):
    """A mentor and a mentee: waiting for the agreement → active → completed, or ended early.

    A mentee has at most one live pair (a unique index over live pairs); a mentor as many as
    the places they declared (checked when a pair is made, see `bot/services/pairs.py`).
    """

    __tablename__ = "pairs"
    __table_args__ = (
        Index(
            "uq_pairs_live_mentee",
            "mentee_id",
            unique=True,
            sqlite_where=text(LIVE_PAIR),
            postgresql_where=text(LIVE_PAIR),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_id: Mapped[int] = mapped_column(Integer, _person_fk(), index=True)
    mentee_id: Mapped[int] = mapped_column(Integer, _person_fk())
    form: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))  # waiting, active, completed, ended
    months: Mapped[int] = mapped_column(Integer)  # the agreement's length, 3 to 12
    event_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("events.id", ondelete="SET NULL")
    )
    reasons: Mapped[list[str] | None] = mapped_column(JSON)  # why the matching proposed it
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    order_number: Mapped[str | None] = mapped_column(String(32))  # the director's order
    order_date: Mapped[date | None] = mapped_column(Date)
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    ended_by: Mapped[int | None] = mapped_column(BigInteger)
    end_reason: Mapped[str | None] = mapped_column(String(500))
    paused_at: Mapped[datetime | None]  # a side paused the pair (reminders will wait)
    agreement_reminded_at: Mapped[datetime | None]  # those who had not answered were reminded


class Agreement(Base):
    """One side's answer to the mentoring agreement (for a minor: the parent's, or on paper)."""

    __tablename__ = "agreements"

    pair_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("pairs.id", ondelete="CASCADE"), primary_key=True
    )
    side: Mapped[str] = mapped_column(String(8), primary_key=True)  # mentor, mentee
    accepted: Mapped[bool] = mapped_column(Boolean)
    signer_telegram_id: Mapped[int | None] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(8))  # self, parent, paper
    reason: Mapped[str | None] = mapped_column(String(500))
    at: Mapped[datetime]


OPEN_EXTENSION = "answered_at IS NULL"


class Extension(Base):
    """A side asked to extend a working pair; the other side's signer accepts or declines.
    A pair has at most one extension waiting for an answer (a unique index)."""

    __tablename__ = "extensions"
    __table_args__ = (
        Index(
            "uq_extensions_open_pair",
            "pair_id",
            unique=True,
            sqlite_where=text(OPEN_EXTENSION),
            postgresql_where=text(OPEN_EXTENSION),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(Integer, ForeignKey("pairs.id", ondelete="CASCADE"))
    asked_by: Mapped[str] = mapped_column(String(8))  # the side: mentor, mentee
    months: Mapped[int] = mapped_column(Integer)
    asked_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]
    accepted: Mapped[bool | None] = mapped_column(Boolean)


class PairRule(Base):
    """A curator's "must pair" or "never pair" for the matching."""

    __tablename__ = "pair_rules"

    mentor_id: Mapped[int] = mapped_column(Integer, _person_fk(), primary_key=True)
    mentee_id: Mapped[int] = mapped_column(Integer, _person_fk(), primary_key=True)
    rule: Mapped[str] = mapped_column(String(8))  # must, never
    by: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[datetime]


class AgreementLink(Base):
    """A link a 14–17-year-old forwards to a parent who has not used the bot: the parent opens
    it and answers the agreement for the child's side. Only the token's hash is kept."""

    __tablename__ = "agreement_links"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    pair_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("pairs.id", ondelete="CASCADE"), index=True
    )
    side: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    parent_telegram_id: Mapped[int | None] = mapped_column(BigInteger)  # who opened it first


class Meeting(Base):
    """A meeting a mentor set: of one pair (`pair_id`), or of the mentor's group (no `pair_id`:
    every mentee of the mentor's active pairs is invited). `mentor_id` is set for both.
    Each move adds one to `version`: a move names the version it saw, so of two moves at once
    one wins; `changed_at` is when it was set or last moved (reminders due before then are
    not sent)."""

    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_status_starts_at", "status", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("pairs.id", ondelete="CASCADE"), index=True
    )
    mentor_id: Mapped[int] = mapped_column(Integer, _person_fk(), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # intro, trial, planning, work, final
    starts_at: Mapped[datetime]
    place: Mapped[str | None] = mapped_column(String(200))  # in person: where
    link: Mapped[str | None] = mapped_column(String(500))  # online: the link
    agenda: Mapped[str | None] = mapped_column(String(1000))
    status: Mapped[str] = mapped_column(String(16))  # planned, cancelled, held, not_held
    created_by: Mapped[int] = mapped_column(BigInteger)  # the mentor's Telegram id
    created_at: Mapped[datetime]
    # The message (or tap) that created it: the same one handled again creates none.
    created_from: Mapped[str | None] = mapped_column(String(64), unique=True)
    changed_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The mentor's answer to «Встреча состоялась?» (status held or not_held) and its note.
    outcome_note: Mapped[str | None] = mapped_column(String(300))
    outcome_at: Mapped[datetime | None]


class MeetingInvite(Base):
    """A person invited to a meeting (a mentee) and their answer: yes, no (with a reason), or
    None while they have not answered (again, after a move)."""

    __tablename__ = "meeting_invites"

    meeting_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(Integer, _person_fk(), primary_key=True, index=True)
    answer: Mapped[str | None] = mapped_column(String(8))  # yes, no
    reason: Mapped[str | None] = mapped_column(String(300))
    answered_at: Mapped[datetime | None]
    rating: Mapped[int | None] = mapped_column(Integer)  # 1-5, after the meeting
    rated_at: Mapped[datetime | None]


class MeetingReminder(Base):
    """One reminder of one version of a meeting to one person, decided once: sent, or skipped
    (with why). Its key is what makes a reminder go at most once, also from two processes: the
    row is inserted (conflicts do nothing) in the transaction that queues the message."""

    __tablename__ = "meeting_reminders"

    meeting_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    offset_minutes: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(Integer, _person_fk(), primary_key=True, index=True)
    decided_at: Mapped[datetime]
    outcome: Mapped[str] = mapped_column(String(16))  # sent, or why it was skipped


class MeetingFollowUp(Base):
    """One question after a meeting to one person, decided once: «Встреча состоялась?» to the
    mentor, a rating to an invitee, and one reminder of each the next day (`step`: held,
    held_again, rate, rate_again). The row is inserted in the transaction that queues it."""

    __tablename__ = "meeting_followups"

    meeting_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(Integer, _person_fk(), primary_key=True, index=True)
    step: Mapped[str] = mapped_column(String(16), primary_key=True)
    decided_at: Mapped[datetime]
    outcome: Mapped[str] = mapped_column(String(16))  # sent, or why it was skipped


class MeetingProposal(Base):
    """A time a mentee proposed for a meeting of their pair: open until the mentor accepts it
    (it becomes a meeting, `meeting_id`) or declines it, or it passes."""

    __tablename__ = "meeting_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("pairs.id", ondelete="CASCADE"), index=True
    )
    proposed_by: Mapped[int] = mapped_column(Integer, _person_fk(), index=True)
    starts_at: Mapped[datetime]
    note: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16))  # open, accepted, declined
    created_at: Mapped[datetime]
    created_from: Mapped[str | None] = mapped_column(String(64), unique=True)
    decided_at: Mapped[datetime | None]
    meeting_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("meetings.id", ondelete="SET NULL")
    )


class PlanTask(Base):
    """A task of a pair's individual plan (a group has one plan per mentee, as it has one pair
    per mentee). A mentee's proposal waits for the mentor (`proposed`); then `open` or `done`.
    `version` grows with each change, so a stale tap changes nothing."""

    __tablename__ = "plan_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("pairs.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))  # proposed, open, done, declined
    proposed_by: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("people.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime]
    created_from: Mapped[str | None] = mapped_column(String(64), unique=True)
    done_at: Mapped[datetime | None]
    done_by: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("people.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(Integer, default=1)


class PairNotice(Base):
    """A notice about a pair sent at most once (`key`): a week's plan digest (`digest:2026-W49`),
    the question about the final meeting before the term ends (`final`), a curator's nudge."""

    __tablename__ = "pair_notices"

    pair_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("pairs.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    sent_at: Mapped[datetime]


ROADMAP_CAMPAIGN = "kind <> 'adhoc'"


class Campaign(Base):
    """A monitoring survey: the roadmap's interim (1–20 December) and final (1–20 May) ones,
    the final survey of pairs that complete (`pair_final`, one a school year; each invite has
    its own due date), or one a curator starts now (`adhoc`). planned → open → closed.
    `year` is the school year's first calendar year (2026 for 2026/27); the roadmap's campaigns
    exist once per kind and year (a unique index). `questionnaires` maps a role (mentor, mentee)
    to its questionnaire in `questionnaires/`; answers are kept as `answers` rows whose
    questionnaire id is `<questionnaire>@<campaign id>` (see `bot/services/surveys.py`)."""

    __tablename__ = "campaigns"
    __table_args__ = (
        Index(
            "uq_campaigns_roadmap",
            "kind",
            "year",
            unique=True,
            sqlite_where=text(ROADMAP_CAMPAIGN),
            postgresql_where=text(ROADMAP_CAMPAIGN),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # interim, final, pair_final, adhoc
    year: Mapped[int] = mapped_column(Integer)
    opens_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)  # answers are taken until the end of this day
    audience: Mapped[str] = mapped_column(String(16))  # active_pairs, everyone, mentors, mentees
    questionnaires: Mapped[dict[str, str]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))  # planned, open, closed, cancelled
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    created_by: Mapped[int | None] = mapped_column(BigInteger)  # None: from the roadmap
    created_at: Mapped[datetime]
    created_from: Mapped[str | None] = mapped_column(String(64), unique=True)


class CampaignInvite(Base):
    """A person invited to answer a campaign, in a role; answered once (`answered_at`), nudged
    every few days until `due_on` (the campaign's, or for a pair's final survey its own)."""

    __tablename__ = "campaign_invites"

    campaign_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(Integer, _person_fk(), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(8))  # mentor, mentee
    pair_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("pairs.id", ondelete="SET NULL")
    )
    invited_at: Mapped[datetime]
    due_on: Mapped[date] = mapped_column(Date)
    nudged_at: Mapped[datetime | None]
    nudges: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    answered_at: Mapped[datetime | None]


class ProgrammeSetting(Base):
    """A figure of the school that curators set in the bot (the numbers of students and of
    teachers, against which the roadmap's coverage KPIs are counted)."""

    __tablename__ = "programme_settings"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    updated_by: Mapped[int | None] = mapped_column(BigInteger)
    updated_at: Mapped[datetime]


class Broadcast(Base):
    """A curator's message to an audience: one outbox row per recipient (batch `bc:<id>`),
    sent at Telegram's pace; the curator's progress message (`chat_id`, `progress_message_id`)
    is edited as it goes (`shown` is its text now, so no edit repeats it). sending → done, or
    cancelled (rows not yet sent are dropped)."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    created_from: Mapped[str | None] = mapped_column(String(64), unique=True)
    text: Mapped[str | None] = mapped_column(Text)  # HTML, as the curator formatted it
    file_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("outbox_files.id", ondelete="SET NULL")
    )
    audience: Mapped[str] = mapped_column(String(16))
    audience_ref: Mapped[int | None] = mapped_column(Integer)  # an event's or a campaign's id
    total: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))  # sending, done, cancelled
    chat_id: Mapped[int] = mapped_column(BigInteger)
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger)
    shown: Mapped[str | None] = mapped_column(String(500))
    shown_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
