"""The mentoring agreement: who signs for each side (a parent for a minor), the parent's link
for a teenager whose parent has not used the bot, and the answers."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Agreement,
    AgreementLink,
    Pair,
    Person,
    utcnow,
)
from bot.domain.roles import AgeGroup, Role
from bot.i18n import Translations, Translator
from bot.services import consent, notify
from bot.services.pairs import Status, name_of, tell_about
from bot.services.people import Sessions

AGREEMENT_LINK_PREFIX = "a_"
AGREEMENT_LINK_LIFETIME = timedelta(days=7)
AGREEMENT_CALLBACK = "ag:"
"""`ag:<pair id>:y` or `ag:<pair id>:n`: the buttons under an agreement."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _is_minor(person: Person) -> bool:
    return person.age_group in (AgeGroup.UNDER_14.value, AgeGroup.FROM_14_TO_17.value)


async def _signer(session: AsyncSession, person: Person, pair_id: int, side: Role) -> Person | None:
    """Who accepts the agreement for this side: the person; for a minor the parent who gave
    consent in the bot, or the one who opened the child's agreement link. None: nobody yet."""
    if not _is_minor(person):
        return person
    given = await consent.latest(session, person.id)
    parent_id = given.parent_telegram_id if given is not None else None
    if parent_id is None:
        parent_id = await session.scalar(
            select(AgreementLink.parent_telegram_id).where(
                AgreementLink.pair_id == pair_id,
                AgreementLink.side == side.value,
                AgreementLink.parent_telegram_id.is_not(None),
            )
        )
    if parent_id is None:
        return None
    return await session.scalar(select(Person).where(Person.telegram_id == parent_id))


def agreement_markup(i18n: Translator, pair_id: int) -> dict[str, Any]:
    prefix = f"{AGREEMENT_CALLBACK}{pair_id}:"
    row = [
        {"text": i18n.plain(f"agreement-{answer}"), "callback_data": f"{prefix}{code}"}
        for answer, code in (("accept", "y"), ("decline", "n"))
    ]
    return {"inline_keyboard": [row]}


async def send_agreement(
    session: AsyncSession, translations: Translations, pair_id: int, link_base: str
) -> None:
    """Each side gets the agreement; for a minor the parent does, or, when no parent has used
    the bot, the child gets a link to forward to one (`link_base` + the payload)."""
    pair = await session.get(Pair, pair_id)
    mentor = await session.get(Person, pair.mentor_id) if pair else None
    mentee = await session.get(Person, pair.mentee_id) if pair else None
    if pair is None or mentor is None or mentee is None:
        return
    for side, person, partner in ((Role.MENTOR, mentor, mentee), (Role.MENTEE, mentee, mentor)):
        signer = await _signer(session, person, pair.id, side)
        details: dict[str, Any] = {
            "partner": name_of(partner),
            "child": name_of(person),
            "months": pair.months,
        }
        if signer is None:
            token = secrets.token_urlsafe(24)
            now = utcnow()
            session.add(
                AgreementLink(
                    token_hash=_hash(token),
                    pair_id=pair.id,
                    side=side.value,
                    created_at=now,
                    expires_at=now + AGREEMENT_LINK_LIFETIME,
                )
            )
            await notify.tell(
                session,
                translations,
                person,
                "agreement-child-link",
                kind="agreement",
                dedup_key=f"agreement:{pair.id}:{side.value}",
                link=f"{link_base}{AGREEMENT_LINK_PREFIX}{token}",
                **details,
            )
            continue
        i18n = notify.translator_for(translations, signer)
        await notify.tell(
            session,
            translations,
            signer,
            "agreement-for-parent" if signer is not person else f"agreement-{side.value}",
            kind="agreement",
            dedup_key=f"agreement:{pair.id}:{side.value}",
            markup=agreement_markup(i18n, pair.id),
            form=i18n.plain(f"form-{pair.form}"),
            tasks=i18n.plain(f"agreement-tasks-{pair.form}"),
            **details,
        )


@dataclass(frozen=True)
class ParentOffer:
    """What a parent who opened a child's agreement link is asked to accept."""

    pair_id: int
    child: str
    partner: str
    form: str
    months: int


async def open_agreement_link(
    sessions: Sessions, token: str, opener_telegram_id: int
) -> ParentOffer | consent.LinkProblem:
    """A parent opened the child's link: the first to open it signs for that side."""
    now = utcnow()
    async with sessions.begin() as session:
        link = await session.get(AgreementLink, _hash(token))
        pair = await session.get(Pair, link.pair_id) if link else None
        if link is None or pair is None:
            return consent.LinkProblem.UNKNOWN
        if link.expires_at <= now or pair.status != Status.WAITING:
            return (
                consent.LinkProblem.EXPIRED if link.expires_at <= now else consent.LinkProblem.USED
            )
        child_id, partner_id = (
            (pair.mentor_id, pair.mentee_id)
            if link.side == Role.MENTOR
            else (pair.mentee_id, pair.mentor_id)
        )
        child, partner = await session.get(Person, child_id), await session.get(Person, partner_id)
        if child is None or partner is None or child.telegram_id == opener_telegram_id:
            return consent.LinkProblem.OWN if child else consent.LinkProblem.UNKNOWN
        claimed = await session.execute(
            update(AgreementLink)
            .where(
                AgreementLink.token_hash == link.token_hash,
                AgreementLink.parent_telegram_id.is_(None),
            )
            .values(parent_telegram_id=opener_telegram_id)
        )
        if not getattr(claimed, "rowcount", 0) and link.parent_telegram_id != opener_telegram_id:
            return consent.LinkProblem.USED
        return ParentOffer(pair.id, name_of(child), name_of(partner), pair.form, pair.months)


class Answered(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"
    ACTIVE = "active"  # both sides have accepted: the pair works now
    ALREADY = "already"  # this side answered before: nothing changed
    NOT_YOURS = "not_yours"
    CLOSED = "closed"  # the pair is no longer waiting for its agreement


async def _sides_of(
    session: AsyncSession, pair: Pair, telegram_id: int
) -> list[tuple[Role, Person, Person]]:
    """The sides of the pair this person signs for: (side, participant, signer)."""
    sides = []
    for side, person_id in ((Role.MENTOR, pair.mentor_id), (Role.MENTEE, pair.mentee_id)):
        person = await session.get(Person, person_id)
        signer = await _signer(session, person, pair.id, side) if person else None
        if person is not None and signer is not None and signer.telegram_id == telegram_id:
            sides.append((side, person, signer))
    return sides


async def answer_agreement(
    sessions: Sessions,
    translations: Translations,
    pair_id: int,
    signer_telegram_id: int,
    *,
    accepted: bool,
    reason: str | None = None,
) -> Answered:
    """A side (or its parent) accepts or declines; checked against who may sign, and when."""
    now = utcnow()
    async with sessions.begin() as session:
        pair = await session.get(Pair, pair_id)
        sides = await _sides_of(session, pair, signer_telegram_id) if pair else []
        if pair is None or not sides:
            return Answered.NOT_YOURS
        if pair.status != Status.WAITING:
            return Answered.CLOSED
        unanswered = [
            (side, person, signer)
            for side, person, signer in sides
            if await session.get(Agreement, (pair_id, side.value)) is None
        ]
        if not unanswered:
            return Answered.ALREADY
        for side, person, signer in unanswered:
            session.add(
                Agreement(
                    pair_id=pair_id,
                    side=side.value,
                    accepted=accepted,
                    signer_telegram_id=signer_telegram_id,
                    kind="self" if signer is person else "parent",
                    reason=reason,
                    at=now,
                )
            )
        await session.flush()
        return await _after_answer(
            session, translations, pair, accepted=accepted, by=signer_telegram_id, now=now
        )


async def _after_answer(
    session: AsyncSession,
    translations: Translations,
    pair: Pair,
    *,
    accepted: bool,
    by: int,
    now: datetime,
) -> Answered:
    if not accepted:  # a decline frees both; the curator hears why
        pair.status = Status.ENDED
        pair.ended_at, pair.ended_by, pair.end_reason = now, by, "declined"
        await tell_about(session, translations, pair, "pair-declined")
        return Answered.DECLINED
    answers = (await session.scalars(select(Agreement).where(Agreement.pair_id == pair.id))).all()
    if len(answers) == 2 and all(a.accepted for a in answers):
        pair.status = Status.ACTIVE
        pair.started_at = now
        await tell_about(session, translations, pair, "pair-active")
        return Answered.ACTIVE
    return Answered.ACCEPTED


async def record_paper(
    sessions: Sessions, translations: Translations, pair_id: int, *, by: int
) -> Answered:
    """A curator has the signed paper agreement: every side not answered yet is accepted."""
    now = utcnow()
    async with sessions.begin() as session:
        pair = await session.get(Pair, pair_id)
        if pair is None:
            return Answered.NOT_YOURS
        if pair.status != Status.WAITING:
            return Answered.CLOSED
        answered = {
            a.side
            for a in await session.scalars(select(Agreement).where(Agreement.pair_id == pair_id))
        }
        missing = [side for side in (Role.MENTOR, Role.MENTEE) if side.value not in answered]
        if not missing:
            return Answered.ALREADY
        for side in missing:
            session.add(
                Agreement(
                    pair_id=pair_id,
                    side=side.value,
                    accepted=True,
                    signer_telegram_id=by,
                    kind="paper",
                    at=now,
                )
            )
        await session.flush()
        return await _after_answer(session, translations, pair, accepted=True, by=by, now=now)


EXTENSION_CALLBACK = "ex:"
"""`ex:<pair id>:y|n`: the buttons under an offer to extend a pair."""
EXTENSION_MONTHS = 3


class Extension(StrEnum):
    ASKED = "asked"
    ALREADY = "already"  # an extension is waiting for an answer already
    NOT_YOURS = "not_yours"  # not a side of this working pair, or a minor (a parent decides)
    NOT_ACTIVE = "not_active"


async def ask_extension(
    sessions: Sessions,
    translations: Translations,
    pair_id: int,
    person_id: int,
    months: int = EXTENSION_MONTHS,
) -> Extension:
    """A side asks to extend the pair; the other side's signer (a parent for a minor) decides.

    Both sides agree: the one who asks and the one who accepts. A minor does not ask: their
    partner does, and their parent answers."""
    async with sessions.begin() as session:
        pair = await session.get(Pair, pair_id)
        if pair is None or pair.status != Status.ACTIVE:
            return Extension.NOT_ACTIVE
        if person_id not in (pair.mentor_id, pair.mentee_id):
            return Extension.NOT_YOURS
        asker = await session.get(Person, person_id)
        if asker is None or _is_minor(asker):
            return Extension.NOT_YOURS
        if pair.extension_months is not None:
            return Extension.ALREADY
        side = Role.MENTOR if person_id == pair.mentor_id else Role.MENTEE
        other_side = Role.MENTEE if side is Role.MENTOR else Role.MENTOR
        other = await session.get(Person, pair.mentee_id if side is Role.MENTOR else pair.mentor_id)
        signer = await _signer(session, other, pair.id, other_side) if other else None
        if other is None or signer is None:
            return Extension.NOT_YOURS
        pair.extension_months, pair.extension_asked_by = months, side.value
        i18n = notify.translator_for(translations, signer)
        row = [
            {
                "text": i18n.plain(f"extension-{answer}"),
                "callback_data": f"{EXTENSION_CALLBACK}{pair.id}:{code}",
            }
            for answer, code in (("accept", "y"), ("decline", "n"))
        ]
        await notify.tell(
            session,
            translations,
            signer,
            "extension-offer",
            kind="pair",
            dedup_key=f"extension:{pair.id}:{pair.months}",
            markup={"inline_keyboard": [row]},
            partner=name_of(asker),
            months=months,
        )
        return Extension.ASKED


async def answer_extension(
    sessions: Sessions,
    translations: Translations,
    pair_id: int,
    telegram_id: int,
    *,
    accepted: bool,
) -> Answered:
    """The other side's signer accepts (the months are added) or declines the extension."""
    async with sessions.begin() as session:
        pair = await session.get(Pair, pair_id)
        if pair is None or pair.extension_asked_by is None or pair.extension_months is None:
            return Answered.CLOSED
        other_side = Role.MENTEE if pair.extension_asked_by == Role.MENTOR else Role.MENTOR
        sides = await _sides_of(session, pair, telegram_id)
        if other_side not in [side for side, _, _ in sides]:
            return Answered.NOT_YOURS
        if pair.status != Status.ACTIVE:
            return Answered.CLOSED
        if accepted:
            pair.months += pair.extension_months
        pair.extension_months = pair.extension_asked_by = None
        key = "pair-extended" if accepted else "pair-not-extended"
        await tell_about(
            session, translations, pair, key, occasion=str(pair.months), months=pair.months
        )
        return Answered.ACCEPTED if accepted else Answered.DECLINED
