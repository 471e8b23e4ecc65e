"""A curator is invited by a link: single use, seven days, void once its maker is removed."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import unquote

import time_machine
from sqlalchemy import select

from bot.db.models import AuditEntry, utcnow
from bot.services import curators
from tests.conftest import CURATOR_ID
from tests.harness import Harness

COLLEAGUE, SECOND, THIRD = 2101, 2102, 2103


async def _link(harness: Harness) -> tuple[str, str]:
    """The curator asks for an invitation from the list of curators: (link, its payload)."""
    overview = await harness.send(CURATOR_ID, "/curator")
    assert "/curator add" not in overview.text_or_empty()  # no numeric ids to look up
    message = await harness.press(CURATOR_ID, "Пригласить куратора", overview)
    text = message.text_or_empty()
    assert "перешлите её коллеге" in text and "действует 7 дней" in text
    link = next(word for word in text.split() if word.startswith("https://t.me/"))
    share = message.button("Переслать коллеге")["url"]
    assert unquote(share.split("url=")[1]) == link
    return link, link.split("?start=")[1]


async def test_a_colleague_becomes_a_curator_by_the_link_once(harness: Harness) -> None:
    fake = harness.fake
    for user, name in ((CURATOR_ID, "Ольга"), (COLLEAGUE, "Марина"), (SECOND, "Пётр")):
        fake.add_user(user, name)
    _, payload = await _link(harness)

    await harness.send(COLLEAGUE, f"/start {payload}")
    texts = [m.text_or_empty() for m in fake.bot_messages(COLLEAGUE)]
    assert any("Вы — куратор программы" in t for t in texts)
    assert any("Участники" in b["text"] for b in fake.last_bot_message(COLLEAGUE).buttons())
    assert "curator" in [c["command"] for c in fake.commands[(f"chat:{COLLEAGUE}", "")]]
    assert (
        f"присоединился новый куратор (id {COLLEAGUE})"
        in fake.last_bot_message(CURATOR_ID).text_or_empty()
    )
    async with harness.sessions() as session:
        assert await curators.is_curator(session, COLLEAGUE)
        logged = (await session.scalars(select(AuditEntry.action))).all()
    assert "curator_invited" in logged and "curator_added" in logged

    # Opened again by her (or the same update after a restart): welcomed again, nothing else
    # changes; by someone else: used.
    await harness.send(COLLEAGUE, f"/start {payload}")
    assert "Вы — куратор программы" in fake.bot_messages(COLLEAGUE)[-2].text_or_empty()
    async with harness.sessions() as session:
        assert len(await curators.list_curators(session)) == 2
    other = await harness.send(SECOND, f"/start {payload}")
    assert "уже стал куратором другой человек" in other.text_or_empty()
    forged = await harness.send(SECOND, "/start c_forged-token")
    assert "Такой ссылки нет" in forged.text_or_empty()
    async with harness.sessions() as session:
        assert not await curators.is_curator(session, SECOND)


async def test_a_link_expires_and_dies_with_its_curator(harness: Harness) -> None:
    fake = harness.fake
    for user, name in ((CURATOR_ID, "Ольга"), (COLLEAGUE, "Марина"), (SECOND, "Пётр")):
        fake.add_user(user, name)
    fake.add_user(THIRD, "Вера")
    _, first = await _link(harness)
    await harness.send(COLLEAGUE, f"/start {first}")
    # The new curator invites someone, and is removed before the link is used.
    token = await curators.invite(harness.sessions, COLLEAGUE)
    assert token is not None
    await harness.send(CURATOR_ID, f"/curator remove {COLLEAGUE}")
    void = await harness.send(SECOND, f"/start c_{token}")
    assert "больше не куратор" in void.text_or_empty()

    _, late = await _link(harness)
    with time_machine.travel(utcnow() + timedelta(days=7, minutes=1)):
        expired = await harness.send(THIRD, f"/start {late}")
    assert "Срок действия ссылки истёк" in expired.text_or_empty()
    async with harness.sessions() as session:
        assert not await curators.is_curator(session, SECOND)
        assert not await curators.is_curator(session, THIRD)


async def test_only_a_curator_gets_a_link(harness: Harness) -> None:
    fake = harness.fake
    fake.add_user(CURATOR_ID, "Ольга")
    fake.add_user(SECOND, "Пётр")
    overview = await harness.send(CURATOR_ID, "/curator")
    mine = await harness.send(SECOND, "/start")
    mine.reply_markup = overview.reply_markup  # a forged press of the button
    await harness.press_data(SECOND, mine, "curator_invite")
    assert harness.last_answer()["text"] == (
        "Добавлять и убирать кураторов могут только кураторы программы."
    )
    assert await curators.invite(harness.sessions, SECOND) is None
