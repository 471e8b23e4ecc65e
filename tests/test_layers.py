"""The Telegram layer translates; use cases in bot/services own every transaction and query."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "bot"
TELEGRAM_LAYER = ("handlers", "dialogs", "middlewares", "telegram")
DATABASE_WORK = re.compile(
    r"\.(commit|rollback|flush|execute|scalars?)\("
    r"|^from sqlalchemy import"
    r"|^\s*async with .*\.begin\(",
    re.MULTILINE,
)


def test_no_transaction_or_query_in_the_telegram_layer() -> None:
    found = [
        f"{path.relative_to(ROOT.parent)}:{source.count(chr(10), 0, match.start()) + 1}"
        for folder in TELEGRAM_LAYER
        for path in sorted((ROOT / folder).rglob("*.py"))
        for source in [path.read_text(encoding="utf-8")]
        for match in DATABASE_WORK.finditer(source)
    ]
    assert found == [], "database work belongs in bot/services: " + ", ".join(found)


def test_every_commit_is_in_a_service_or_the_storage() -> None:
    allowed = ("services", "storage", "db", "migrations")
    commits = [
        str(path.relative_to(ROOT.parent))
        for path in ROOT.rglob("*.py")
        if ".commit(" in path.read_text(encoding="utf-8")
        and path.relative_to(ROOT).parts[0] not in allowed
    ]
    assert commits == []
