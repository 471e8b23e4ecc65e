"""/privacy: a copy of one's data, and a withdrawal that leaves no trace of the name."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from bot.db.models import Answer, AuditEntry, Consent, FsmRecord, Person
from tests.conftest import CURATOR_ID
from tests.flows import mentor_signs_up
from tests.harness import Harness

USER = 5001
NAME = "Кузнецова Евдокия Харитоновна"


def database_files(harness: Harness) -> list[Path]:
    """SQLite's files (none on PostgreSQL, whose rows the queries below read)."""
    if harness.engine.dialect.name != "sqlite":
        return []
    database = Path(str(harness.engine.url.database))
    return [p for p in (database, Path(f"{database}-wal")) if p.exists()]


async def test_download_my_data(harness: Harness) -> None:
    harness.fake.add_user(USER, "Евдокия", "ru")
    await mentor_signs_up(harness, USER, NAME)
    screen = await harness.send(USER, "/privacy")
    assert "С вашим согласием" in screen.text_or_empty()
    await harness.press(USER, "Скачать мои данные")
    document = harness.fake.last_bot_message(USER)
    assert document.document is not None
    assert document.document["file_name"] == "my-data.json"
    data = json.loads(document.document_content)  # type: ignore[attr-defined]
    assert data["person"]["full_name"] == NAME
    assert data["person"]["role"] == "mentor"
    assert data["consents"][0]["kind"] == "self"
    [questionnaire] = data["questionnaires"]
    assert questionnaire["answers"]["phone"] == "+79161234567"
    assert questionnaire["submitted_at"]


async def test_privacy_without_consent_offers_download_but_no_withdrawal(
    harness: Harness,
) -> None:
    harness.fake.add_user(USER, "Евдокия", "ru")
    screen = await harness.send(USER, "/privacy")
    assert "Согласия на обработку персональных данных нет" in screen.text_or_empty()
    labels = [b["text"] for b in screen.buttons()]
    assert any("Скачать" in label for label in labels)
    assert not any("Отозвать" in label for label in labels)


async def test_withdrawal_erases_the_person_and_tells_the_curators(harness: Harness) -> None:
    harness.fake.add_user(CURATOR_ID, "Olga", "en")
    await harness.send(CURATOR_ID, "/help")  # the curator has opened the bot
    harness.fake.add_user(USER, "Евдокия", "ru", last_name="Кузнецова", username="evdokia_k")
    await mentor_signs_up(harness, USER, NAME)
    if files := database_files(harness):
        stored = b"".join(path.read_bytes() for path in files)
        assert NAME.encode() in stored
        assert "Расскажу, как устроена инженерная работа".encode() in stored  # answers as typed

    await harness.send(USER, "/privacy")
    confirm = await harness.press(USER, "Отозвать согласие")
    assert "без возможности восстановления" in confirm.text_or_empty()
    await harness.press(USER, "Да, отозвать")
    assert "данные удалены" in harness.fake.last_bot_message(USER).text_or_empty()
    told = harness.fake.last_bot_message(CURATOR_ID).text_or_empty()
    assert f"Participant {USER} has withdrawn consent" in told  # in the curator's language

    async with harness.sessions() as session:
        person = await session.scalar(select(Person).where(Person.telegram_id == USER))
        assert person is not None
        assert (person.first_name, person.last_name, person.username, person.full_name) == (
            None,
            None,
            None,
            None,
        )
        assert (person.role, person.category) == (None, None)
        assert await session.scalar(select(func.count()).select_from(Answer)) == 0
        [withdrawn] = (await session.scalars(select(Consent))).all()
        assert (withdrawn.status, withdrawn.kind, withdrawn.text_version) == (
            "withdrawn",
            None,
            None,
        )
        rows = await session.scalars(select(FsmRecord.data).where(FsmRecord.user_id == USER))
        assert NAME not in json.dumps(list(rows), ensure_ascii=False)
        actions = (await session.scalars(select(AuditEntry.action))).all()
        assert "consent_withdrawn" in actions

    for needle in (NAME, "Евдокия", "evdokia_k", "Кузнецова", "+79161234567", "инженерная"):
        for path in database_files(harness):
            assert needle.encode() not in path.read_bytes(), f"{needle} left in {path.name}"

    # Coming back starts from the beginning.
    assert "Кем вы хотите быть" in (await harness.send(USER, "/start")).text_or_empty()
