"""What one typed answer costs the database: counted, so that a regression fails."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from tests.harness import Harness

USER = 9401
# Measured when this test was written: 1 transaction for the update (claimed, contact noted),
# 1 for the answer (read and written together), 1 for the dialog state with the update marked
# handled (so that an update killed in the middle is handled again after a restart); and one
# statement on its own (autocommit) noting the question sent, so that the update handled again
# after a kill does not send it twice.
MAX_STATEMENTS = 10
MAX_COMMITS = 3


async def test_one_answer_takes_few_statements_and_commits(harness: Harness) -> None:
    harness.fake.add_user(USER, "Ира")
    await harness.send(USER, "/start")
    await harness.press(USER, "Хочу быть наставником")
    await harness.press(USER, "Педагог")
    await harness.press(USER, "Даю согласие")
    await harness.send(USER, "Соколова Ирина")  # warm: the dialog state is cached now

    statements: list[str] = []
    commits: list[bool] = []

    def on_statement(*args: Any) -> None:
        statements.append(str(args[2]).split()[0].upper())

    def on_commit(*args: Any) -> None:
        commits.append(True)

    engine = harness.engine.sync_engine
    event.listen(engine, "before_cursor_execute", on_statement)
    event.listen(engine, "commit", on_commit)
    update = harness.fake.user_message(USER, "Учитель математики")
    harness.fake._pending.clear()
    try:
        await harness.dispatcher.feed_raw_update(harness.bot, update)  # the update alone
    finally:
        event.remove(engine, "before_cursor_execute", on_statement)
        event.remove(engine, "commit", on_commit)
    assert "3 / 11" in harness.fake.last_bot_message(USER).text_or_empty()
    assert len(commits) <= MAX_COMMITS, commits
    assert len(statements) <= MAX_STATEMENTS, statements
