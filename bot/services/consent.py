"""Personal-data consent: given by the person, by a parent (link), or on paper.

Each public coroutine that takes `sessions` is one use case and one transaction; every one of
them is safe to repeat (a double tap, an update Telegram sends again) and checks that the
action is allowed for this person now.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import Subquery, delete, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Consent, Curator, ParentLink, Person, utcnow
from bot.domain.onboarding import ConsentStatus, Profile
from bot.domain.roles import AgeGroup, Category, Role, needs_parent_consent
from bot.services import audit, notify
from bot.services.people import Sessions

LINK_LIFETIME = timedelta(days=7)
LINK_PREFIX = "p_"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,60}$")

__all__ = ["ConsentStatus", "Profile"]


class ConsentKind(StrEnum):
    SELF = "self"
    PARENT = "parent"
    PAPER = "paper"


class LinkProblem(StrEnum):
    MALFORMED = "malformed"
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    OWN = "own"


class OwnConsent(StrEnum):
    RECORDED = "recorded"
    ALREADY = "already"  # given before (a second tap, an update seen again): nothing changed
    NEEDS_PARENT = "needs_parent"  # under 14: only a parent consents


class PaperRefusal(StrEnum):
    UNKNOWN = "unknown"
    ALREADY = "already"
    WITHDRAWN = "withdrawn"
    NOT_WAITING = "not_waiting"
    NOT_CURATOR = "not_curator"


@dataclass(frozen=True)
class LinkView:
    """A parent link that can be used now, and whose child it is."""

    token_hash: str
    child_telegram_id: int


# ---- reading ------------------------------------------------------------------------------


async def latest(session: AsyncSession, person_id: int) -> Consent | None:
    return await session.scalar(
        select(Consent)
        .where(Consent.person_id == person_id)
        .order_by(Consent.at.desc(), Consent.id.desc())
        .limit(1)
    )


def status_of(consent: Consent | None, version: str) -> ConsentStatus:
    if consent is None:
        return ConsentStatus.NONE
    if consent.status != ConsentStatus.GIVEN:
        return ConsentStatus(consent.status)
    if consent.kind != ConsentKind.PAPER and consent.text_version != version:
        return ConsentStatus.OUTDATED
    return ConsentStatus.GIVEN


async def status(session: AsyncSession, person_id: int, version: str) -> ConsentStatus:
    return status_of(await latest(session, person_id), version)


async def pending_link(
    session: AsyncSession, person_id: int, now: datetime | None = None
) -> ParentLink | None:
    """The child's unused link that a parent can still open."""
    return await session.scalar(
        select(ParentLink)
        .where(
            ParentLink.person_id == person_id,
            ParentLink.used_at.is_(None),
            ParentLink.expires_at > (now or utcnow()),
        )
        .order_by(ParentLink.created_at.desc())
        .limit(1)
    )


async def unused_link(session: AsyncSession, person_id: int) -> ParentLink | None:
    """The child's unused link, expired or not: they are still waiting for a parent."""
    return await session.scalar(
        select(ParentLink)
        .where(ParentLink.person_id == person_id, ParentLink.used_at.is_(None))
        .order_by(ParentLink.created_at.desc())
        .limit(1)
    )


def children_waiting() -> Subquery:
    """Children waiting for a parent (one row each: `person_id`, and `since`, when their newest
    unused link was made): an unused link, live or expired, with no consent, refusal or
    withdrawal recorded since — the rule `record_paper` applies to one child."""
    newest = (
        select(ParentLink.person_id, func.max(ParentLink.created_at).label("since"))
        .where(ParentLink.used_at.is_(None))
        .group_by(ParentLink.person_id)
        .subquery()
    )
    recorded_since = (
        select(Consent.id)
        .where(Consent.person_id == newest.c.person_id, Consent.at >= newest.c.since)
        .exists()
    )
    return select(newest.c.person_id, newest.c.since).where(~recorded_since).subquery()


def link_profile(link: ParentLink) -> Profile:
    return Profile(Role(link.role), Category(link.category), AgeGroup(link.age_group))


def apply_profile(person: Person, profile: Profile) -> None:
    """Keep the role, category and age group (only with consent)."""
    person.role = profile.role.value
    person.category = profile.category.value
    person.age_group = profile.age_group.value if profile.age_group else None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# ---- writing, inside a use case's transaction ---------------------------------------------


def _record_given(
    session: AsyncSession,
    person: Person,
    profile: Profile | None,
    version: str,
    *,
    kind: ConsentKind,
    now: datetime,
    names: tuple[str | None, str | None, str | None] = (None, None, None),
    parent_name: str | None = None,
    parent_telegram_id: int | None = None,
    recorded_by: int | None = None,
) -> None:
    """From now on the person's profile and Telegram names are kept."""
    session.add(
        Consent(
            person_id=person.id,
            status=ConsentStatus.GIVEN,
            kind=kind,
            text_version=version,
            at=now,
            parent_name=parent_name,
            parent_telegram_id=parent_telegram_id,
            recorded_by=recorded_by,
        )
    )
    if profile is not None:
        apply_profile(person, profile)
    first, last, username = names
    if first is not None:
        person.first_name, person.last_name, person.username = first, last, username
    audit.log(
        session,
        "consent_given",
        actor=recorded_by or parent_telegram_id or person.telegram_id,
        person_id=person.id,
        kind=kind.value,
        version=version,
    )


def _record_declined(session: AsyncSession, person: Person, version: str, now: datetime) -> None:
    """Only the refusal is stored."""
    session.add(
        Consent(person_id=person.id, status=ConsentStatus.DECLINED, text_version=version, at=now)
    )


async def _claim_link(
    session: AsyncSession, token_hash: str, now: datetime, *, live_only: bool = True
) -> bool:
    """Use the link up, if nobody has, and with it every other link of the child: one
    conditional UPDATE, so only one claim can win (on PostgreSQL a concurrent claim waits on
    the same rows, then finds them used)."""
    usable = [ParentLink.token_hash == token_hash, ParentLink.used_at.is_(None)]
    if live_only:
        usable.append(ParentLink.expires_at > now)
    child = select(ParentLink.person_id).where(ParentLink.token_hash == token_hash)
    result = await session.execute(
        update(ParentLink)
        .where(
            ParentLink.person_id == child.scalar_subquery(),
            ParentLink.used_at.is_(None),
            exists().where(*usable),
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


async def _agreed_before_by(
    session: AsyncSession, token_hash: str, parent_telegram_id: int
) -> bool:
    """The link was used by this very parent to give the consent now in force."""
    link = await session.get(ParentLink, token_hash)
    given = await latest(session, link.person_id) if link is not None else None
    return (
        given is not None
        and given.status == ConsentStatus.GIVEN
        and given.parent_telegram_id == parent_telegram_id
    )


async def _why_unusable(session: AsyncSession, token_hash: str, now: datetime) -> LinkProblem:
    link = await session.get(ParentLink, token_hash)
    if link is None:
        return LinkProblem.UNKNOWN
    if link.used_at is not None:
        return LinkProblem.USED
    return LinkProblem.EXPIRED if link.expires_at <= now else LinkProblem.UNKNOWN


# ---- use cases ----------------------------------------------------------------------------


async def give_own(
    sessions: Sessions,
    person_id: int,
    profile: Profile,
    version: str,
    names: tuple[str | None, str | None, str | None],
) -> OwnConsent:
    """The person agrees for themselves (14 and older)."""
    if needs_parent_consent(profile.age_group):
        return OwnConsent.NEEDS_PARENT
    async with sessions.begin() as session:
        person = await session.get(Person, person_id)
        if person is None:
            return OwnConsent.ALREADY
        if await status(session, person_id, version) is ConsentStatus.GIVEN:
            return OwnConsent.ALREADY
        _record_given(
            session, person, profile, version, kind=ConsentKind.SELF, now=utcnow(), names=names
        )
        # A link asked for earlier (the age was changed) is of no use any more.
        await session.execute(
            delete(ParentLink).where(
                ParentLink.person_id == person_id, ParentLink.used_at.is_(None)
            )
        )
        return OwnConsent.RECORDED


async def decline_own(sessions: Sessions, person_id: int, version: str) -> None:
    """Only the refusal is kept; declining twice records it once."""
    async with sessions.begin() as session:
        person = await session.get(Person, person_id)
        current = await latest(session, person_id)
        if person is None or (
            current is not None
            and current.status == ConsentStatus.DECLINED
            and current.text_version == version
        ):
            return
        _record_declined(session, person, version, utcnow())


async def keep_profile_if_consented(
    sessions: Sessions, person_id: int, profile: Profile, version: str
) -> bool:
    """A curator may have recorded a paper consent before the person said who they are.

    True (and the profile kept) if consent is in force; then no consent screen is needed.
    """
    async with sessions.begin() as session:
        if await status(session, person_id, version) is not ConsentStatus.GIVEN:
            return False
        person = await session.get(Person, person_id)
        if person is None:
            return False
        apply_profile(person, profile)
        return True


async def new_parent_link(
    sessions: Sessions, person_id: int, profile: Profile, version: str, now: datetime | None = None
) -> str | None:
    """A new single-use token for a child under 14. Older ones keep working until they
    expire (the same press handled again after a crash must not take away the link a parent
    already has); the first one used uses them all up.

    Only its hash is kept. None when no parent is needed (not under 14, or consent in force).
    """
    if not needs_parent_consent(profile.age_group):
        return None
    now = now or utcnow()
    async with sessions.begin() as session:
        if await status(session, person_id, version) is ConsentStatus.GIVEN:
            return None
        token = secrets.token_urlsafe(24)
        session.add(
            ParentLink(
                token_hash=_hash(token),
                person_id=person_id,
                role=profile.role.value,
                category=profile.category.value,
                age_group=AgeGroup.UNDER_14.value,
                created_at=now,
                expires_at=now + LINK_LIFETIME,
            )
        )
        return token


async def open_parent_link(
    sessions: Sessions, token: str, opener_telegram_id: int, now: datetime | None = None
) -> LinkView | LinkProblem:
    """Check a link a parent opened; it is not used up here."""
    if not _TOKEN.match(token):
        return LinkProblem.MALFORMED
    found = await link_state(sessions, _hash(token), now)
    if isinstance(found, LinkView) and found.child_telegram_id == opener_telegram_id:
        return LinkProblem.OWN
    return found


async def link_state(
    sessions: Sessions, token_hash: str, now: datetime | None = None
) -> LinkView | LinkProblem:
    """Whether a link can be used now. The one rule, asked on opening and again on answering."""
    now = now or utcnow()
    async with sessions() as session:
        row = (
            await session.execute(
                select(ParentLink, Person.telegram_id)
                .join(Person, Person.id == ParentLink.person_id)
                .where(ParentLink.token_hash == token_hash)
            )
        ).first()
    if row is None:
        return LinkProblem.UNKNOWN
    link, child_telegram_id = row
    if link.used_at is not None:
        return LinkProblem.USED
    if link.expires_at <= now:
        return LinkProblem.EXPIRED
    return LinkView(link.token_hash, child_telegram_id)


async def parent_answers(
    sessions: Sessions,
    token_hash: str,
    parent_telegram_id: int,
    version: str,
    *,
    agreed: bool,
    parent_name: str | None = None,
    now: datetime | None = None,
) -> LinkProblem | None:
    """A parent agrees (with their full name) or declines for the child; the child is told.

    The link is claimed first, by one conditional UPDATE: of two parents (or two devices)
    only one gets it; an expired or used link changes nothing and says why.
    """
    now = now or utcnow()
    async with sessions.begin() as session:
        if not await _claim_link(session, token_hash, now):
            if agreed and await _agreed_before_by(session, token_hash, parent_telegram_id):
                return None  # this parent's own consent, handled again: the same thanks
            return await _why_unusable(session, token_hash, now)
        link = await session.get(ParentLink, token_hash)
        child = await session.get(Person, link.person_id) if link else None
        if link is None or child is None:
            return LinkProblem.UNKNOWN
        if agreed:
            _record_given(
                session,
                child,
                link_profile(link),
                version,
                kind=ConsentKind.PARENT,
                now=now,
                parent_name=parent_name,
                parent_telegram_id=parent_telegram_id,
            )
        else:
            _record_declined(session, child, version, now)
        await notify.tell(
            session,
            child,
            "parent-agreed-child" if agreed else "parent-declined-child",
            kind="parent_consent",
            dedup_key=f"parent-answer:{token_hash}",
            buttons=notify.CONTINUE_BUTTON,
        )
    return None


async def record_paper(
    sessions: Sessions,
    person_id: int,
    *,
    curator_telegram_id: int,
    version: str,
    now: datetime | None = None,
) -> PaperRefusal | None:
    """A curator has the signed paper form of a child who is waiting for a parent right now.

    Waiting means: a live parent link, or an expired unused one with no consent, refusal or
    withdrawal recorded since. Anything else is refused with the reason.
    """
    now = now or utcnow()
    async with sessions.begin() as session:
        if await session.get(Curator, curator_telegram_id) is None:
            return PaperRefusal.NOT_CURATOR
        person = await session.get(Person, person_id)
        if person is None:
            return PaperRefusal.UNKNOWN
        current = await status(session, person_id, version)
        if current is ConsentStatus.GIVEN:
            return PaperRefusal.ALREADY
        if current is ConsentStatus.WITHDRAWN:
            return PaperRefusal.WITHDRAWN
        link = await pending_link(session, person_id, now)
        if link is None and current is ConsentStatus.NONE:
            link = await unused_link(session, person_id)
        if link is None or not await _claim_link(
            session, link.token_hash, now, live_only=current is not ConsentStatus.NONE
        ):
            return PaperRefusal.NOT_WAITING
        _record_given(
            session,
            person,
            link_profile(link),
            version,
            kind=ConsentKind.PAPER,
            now=now,
            recorded_by=curator_telegram_id,
        )
        audit.log(session, "paper_consent", actor=curator_telegram_id, person_id=person_id)
        await notify.tell(
            session,
            person,
            "paper-consent-child",
            kind="paper_consent",
            dedup_key=f"paper-consent:{link.token_hash}",
            buttons=notify.CONTINUE_BUTTON,
        )
    return None
