"""A strict imitation of the Bot API: people, chats, updates, and what Telegram refuses.

The same `FakeTelegram` serves the HTTP fake (for the whole process) and an in-process
session (for Dispatcher tests), so both layers meet the same rules (shared/TELEGRAM.md).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from tests.fake_telegram.html import Entity, EntityParseError, parse_html, utf16_len

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_ANSWER_LIMIT = 200
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")


class TelegramError(Exception):
    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(reason: str) -> TelegramError:
    return TelegramError(
        400, reason if reason.startswith("Bad Request") else f"Bad Request: {reason}"
    )


@dataclass
class FakeUser:
    id: int
    first_name: str
    language_code: str | None = "ru"
    last_name: str | None = None
    username: str | None = None
    blocked_bot: bool = False
    has_chat: bool = False

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for name in ("last_name", "username", "language_code"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        return data

    def chat(self) -> dict[str, Any]:
        return {"id": self.id, "type": "private", "first_name": self.first_name}


@dataclass
class Message:
    message_id: int
    chat_id: int
    from_bot: bool
    text: str | None = None
    entities: list[Entity] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    document: dict[str, Any] | None = None
    photo: bool = False
    caption: str | None = None
    date: int = field(default_factory=lambda: int(time.time()))
    edits: int = 0
    at: float = 0.0  # the fake's clock when a bot message was accepted

    def text_or_empty(self) -> str:
        return self.text or self.caption or ""

    def buttons(self) -> list[dict[str, Any]]:
        """The buttons of the message's keyboard, inline or reply."""
        if not self.reply_markup:
            return []
        rows = self.reply_markup.get("inline_keyboard") or self.reply_markup.get("keyboard", [])
        return [b for row in rows for b in row]

    def button(self, text_part: str) -> dict[str, Any]:
        for button in self.buttons():
            if text_part in button["text"]:
                return button
        labels = [b["text"] for b in self.buttons()]
        raise LookupError(f"no button with {text_part!r} in {labels}")


@dataclass
class Fault:
    method: str
    status: int
    description: str
    retry_after: int | None = None
    times: int = 1


@dataclass
class RandomFault:
    """A share of the calls of a method refused, e.g. 2 % of sendMessage with 502."""

    method: str
    share: float
    status: int
    description: str
    retry_after: int | None = None


@dataclass
class CallbackQueryState:
    user_id: int
    answered: bool = False
    answer: dict[str, Any] | None = None


def _to_int(value: Any, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise bad_request(f"invalid {name} specified") from None


def _json(value: Any) -> Any:
    if value is None or isinstance(value, dict | list):
        return value
    try:
        return json.loads(value)
    except (TypeError, ValueError):
        raise bad_request("can't parse JSON") from None


@dataclass
class FakeWebhook:
    """What `setWebhook` was given; `tests/fake_telegram/webhook.py` delivers to it."""

    url: str
    secret_token: str | None
    allowed_updates: list[str] | None
    max_connections: int


class FakeTelegram:
    def __init__(self, token: str = "42:TEST-token_for-the-fake", username: str = "mentor_bot"):
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.username = username
        self.users: dict[int, FakeUser] = {}
        self.messages: dict[int, dict[int, Message]] = {}
        self.requests: list[tuple[str, dict[str, Any]]] = []
        # Every call Telegram refused, as (method, description): a bot may swallow an error
        # (aiogram-dialog ignores "message is not modified"), the tests still see it.
        self.refusals: list[tuple[str, str]] = []
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.callback_queries: dict[str, CallbackQueryState] = {}
        self.faults: list[Fault] = []
        self.per_chat_per_second: int | None = None
        # Messages per second across all chats (Telegram: about 30), like the per-chat limit.
        self.global_per_second: int | None = None
        self.random_faults: list[RandomFault] = []
        self.random = random.Random(20261130)  # seeded: the same calls fail on every run
        self._sent_at: dict[int, deque[float]] = {}
        self._sent_globally: deque[float] = deque()
        self._pending: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1000)
        self._message_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._new_updates = asyncio.Event()
        self._poller: asyncio.Future[None] | None = None
        self.clock: Callable[[], float] = time.monotonic
        # Calls that hang until `release()` (method, chat or None for any chat), and those held.
        self.files: dict[str, bytes] = {}  # file ids the fake gave, and their content
        self.holds: list[tuple[str, int | None]] = []
        self.held: list[tuple[str, dict[str, Any]]] = []
        self._released = asyncio.Event()
        self._abandon = False
        self.webhook: FakeWebhook | None = None
        # Every webhook request the fake made: (update_id, HTTP status, or 0 for no answer).
        self.webhook_requests: list[tuple[int, int]] = []

    # ---- people ---------------------------------------------------------------------------

    def add_user(
        self, user_id: int, first_name: str = "Аня", language_code: str | None = "ru", **extra: Any
    ) -> FakeUser:
        user = FakeUser(user_id, first_name, language_code, **extra)
        self.users[user_id] = user
        return user

    def _push(self, update: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), **update}
        self._pending.append(update)
        self._new_updates.set()
        return update

    def user_message(self, user_id: int, text: str | None = None, **content: Any) -> dict[str, Any]:
        """An update as if the person sent a message; `content` for stickers, photos, ..."""
        user = self.users[user_id]
        user.has_chat = True
        message = Message(next(self._message_ids), user_id, from_bot=False, text=text)
        self.messages.setdefault(user_id, {})[message.message_id] = message
        body: dict[str, Any] = {
            "message_id": message.message_id,
            "date": message.date,
            "chat": user.chat(),
            "from": user.as_dict(),
            **content,
        }
        if text is not None:
            body["text"] = text
            if text.startswith("/"):
                command = text.split(maxsplit=1)[0]
                body["entities"] = [
                    {"type": "bot_command", "offset": 0, "length": utf16_len(command)}
                ]
        return self._push({"message": body})

    def press(self, user_id: int, message: Message, callback_data: str) -> dict[str, Any]:
        """An update as if the person pressed a button with that data (forged data allowed)."""
        user = self.users[user_id]
        query_id = f"q{next(self._query_ids)}"
        self.callback_queries[query_id] = CallbackQueryState(user_id)
        return self._push(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user.as_dict(),
                    "chat_instance": f"ci{user_id}",
                    "data": callback_data,
                    "message": self.message_payload(message),
                }
            }
        )

    def block(self, user_id: int) -> dict[str, Any]:
        user = self.users[user_id]
        user.blocked_bot = True
        return self._push({"my_chat_member": self._member_update(user, "member", "kicked")})

    def unblock(self, user_id: int) -> dict[str, Any]:
        user = self.users[user_id]
        user.blocked_bot = False
        return self._push({"my_chat_member": self._member_update(user, "kicked", "member")})

    def _member_update(self, user: FakeUser, old: str, new: str) -> dict[str, Any]:
        bot = {"id": self.bot_id, "is_bot": True, "first_name": "Bot", "username": self.username}

        def member(status: str) -> dict[str, Any]:
            body: dict[str, Any] = {"status": status, "user": bot}
            if status == "kicked":
                body["until_date"] = 0
            return body

        return {
            "chat": user.chat(),
            "from": user.as_dict(),
            "date": int(time.time()),
            "old_chat_member": member(old),
            "new_chat_member": member(new),
        }

    # ---- what tests read ------------------------------------------------------------------

    def bot_messages(self, chat_id: int) -> list[Message]:
        return [m for m in self.messages.get(chat_id, {}).values() if m.from_bot]

    def last_bot_message(self, chat_id: int) -> Message:
        messages = self.bot_messages(chat_id)
        if not messages:
            raise LookupError(f"the bot has sent nothing to {chat_id}")
        return messages[-1]

    def calls(self, method: str) -> list[dict[str, Any]]:
        return [params for name, params in self.requests if name == method]

    def unanswered_queries(self) -> list[str]:
        return [qid for qid, state in self.callback_queries.items() if not state.answered]

    def fail(
        self,
        method: str,
        status: int,
        description: str,
        *,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        self.faults.append(Fault(method, status, description, retry_after, times))

    def hold(self, method: str, chat_id: int | None = None) -> None:
        """Calls of `method` (to `chat_id`, or to any chat) get no answer until `release()`:
        a bot killed meanwhile is killed in the middle of that call."""
        self._released.clear()
        self.holds.append((method, chat_id))

    def release(self, *, abandon: bool = False) -> None:
        """Let held calls go on; `abandon`: their client is gone (killed), so they do nothing."""
        self.holds.clear()
        self._abandon = abandon
        self._released.set()

    def end_long_polls(self) -> None:
        """Answer every getUpdates still waiting, so a server can close without their timeout.

        A bot that was stopped or killed leaves its last long poll waiting here until it times
        out (a client going away does not end an aiohttp handler).
        """
        self._new_updates.set()

    def fail_randomly(
        self,
        method: str,
        share: float,
        status: int,
        description: str,
        *,
        retry_after: int | None = None,
    ) -> None:
        """Refuse that `share` of the calls of `method` (chosen by the seeded `random`)."""
        self.random_faults.append(RandomFault(method, share, status, description, retry_after))

    def message_payload(self, message: Message) -> dict[str, Any]:
        user = self.users.get(message.chat_id)
        chat = user.chat() if user else {"id": message.chat_id, "type": "private"}
        body: dict[str, Any] = {
            "message_id": message.message_id,
            "date": message.date,
            "chat": chat,
        }
        if message.from_bot:
            body["from"] = {
                "id": self.bot_id,
                "is_bot": True,
                "first_name": "Bot",
                "username": self.username,
            }
        if message.text is not None:
            body["text"] = message.text
        if message.entities:
            body["entities"] = [_entity_dict(e) for e in message.entities]
        if message.reply_markup and "inline_keyboard" in message.reply_markup:
            body["reply_markup"] = message.reply_markup  # Telegram echoes only inline keyboards
        if message.document:
            body["document"] = message.document
        if message.caption:
            body["caption"] = message.caption
        if message.edits:
            body["edit_date"] = message.date + message.edits
        return body

    # ---- the API --------------------------------------------------------------------------

    async def call(self, method: str, params: dict[str, Any]) -> Any:
        self.requests.append((method, params))
        chat = params.get("chat_id")
        if any(m == method and (c is None or str(c) == str(chat)) for m, c in self.holds):
            self.held.append((method, params))
            await self._released.wait()
            if self._abandon:
                raise TelegramError(500, "Internal Server Error: the client went away")
        for fault in self.faults:
            if fault.method == method and fault.times > 0:
                fault.times -= 1
                raise TelegramError(fault.status, fault.description, fault.retry_after)
        for chance in self.random_faults:
            if chance.method == method and self.random.random() < chance.share:
                self.refusals.append((method, chance.description))
                raise TelegramError(chance.status, chance.description, chance.retry_after)
        handler = getattr(self, f"_api_{method.lower()}", None)
        if handler is None:
            raise TelegramError(404, "Not Found: method not found")
        try:
            return await handler(params)
        except TelegramError as error:
            self.refusals.append((method, error.description))
            raise

    def pointless_edits(self) -> list[tuple[str, str]]:
        """Edits refused because they changed nothing: real Telegram refuses them too."""
        return [(m, d) for m, d in self.refusals if "message is not modified" in d]

    async def _api_getme(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Mentor bot",
            "username": self.username,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _api_deletewebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = None
        if str(params.get("drop_pending_updates", "")).lower() == "true":
            self._pending.clear()
        return True

    async def _api_setwebhook(self, params: dict[str, Any]) -> bool:
        url = str(params.get("url") or "")
        if not url:
            return await self._api_deletewebhook(params)
        parts = urlsplit(url)
        # Telegram wants https on 443, 80, 88 or 8443; a local Bot API server (which this fake
        # stands for in tests) also takes http to this machine.
        local = parts.hostname in ("127.0.0.1", "localhost")
        if parts.scheme != "https" and not (local and parts.scheme == "http"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None:
            secret = str(secret)
            if len(secret) > 256:
                raise bad_request("secret token is too long")
            if not re.fullmatch(r"[A-Za-z0-9_-]+", secret):
                raise bad_request("secret token contains unallowed characters")
        allowed = _json(params.get("allowed_updates")) if params.get("allowed_updates") else None
        connections = _to_int(params.get("max_connections", 40), "max_connections")
        if not 1 <= connections <= 100:
            raise bad_request("bad webhook: max_connections must be between 1 and 100")
        if str(params.get("drop_pending_updates", "")).lower() == "true":
            self._pending.clear()
        self.webhook = FakeWebhook(url, secret, allowed, connections)
        self._new_updates.set()
        return True

    async def _api_getwebhookinfo(self, params: dict[str, Any]) -> dict[str, Any]:
        hook = self.webhook
        return {
            "url": hook.url if hook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
            **({"max_connections": hook.max_connections} if hook else {}),
            **({"allowed_updates": hook.allowed_updates} if hook and hook.allowed_updates else {}),
        }

    async def _api_getupdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise TelegramError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = _to_int(params.get("offset", 0), "offset")
        limit = _to_int(params.get("limit", 100), "limit")
        timeout = float(params.get("timeout", 0) or 0)
        if offset:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        if self._poller is not None and not self._poller.done():
            # As Telegram does: a newer getUpdates ends the one still waiting.
            self._poller.set_exception(
                TelegramError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
            )
        if not self._pending and timeout > 0:
            self._new_updates.clear()
            loop = asyncio.get_running_loop()
            poller: asyncio.Future[None] = loop.create_future()
            self._poller = poller
            waiter: asyncio.Future[Any] = asyncio.ensure_future(self._new_updates.wait())
            waiting: set[asyncio.Future[Any]] = {waiter, poller}
            try:
                await asyncio.wait(waiting, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
            finally:
                waiter.cancel()
            if poller.done() and poller.exception() is not None:
                raise poller.exception()  # type: ignore[misc]
            poller.cancel()
        return self._pending[:limit]

    async def _api_setmycommands(self, params: dict[str, Any]) -> bool:
        commands = _json(params.get("commands"))
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not _COMMAND.match(str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[self._scope_key(params)] = commands
        return True

    async def _api_deletemycommands(self, params: dict[str, Any]) -> bool:
        self.commands.pop(self._scope_key(params), None)
        return True

    async def _api_getmycommands(self, params: dict[str, Any]) -> list[dict[str, str]]:
        return self.commands.get(self._scope_key(params), [])

    def _scope_key(self, params: dict[str, Any]) -> tuple[str, str]:
        scope = _json(params.get("scope")) or {"type": "default"}
        language = str(params.get("language_code") or "")
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise bad_request("invalid language code specified")
        if scope.get("type") == "chat":
            chat_id = _to_int(scope.get("chat_id"), "chat_id")
            self._chat_user(chat_id)
            return (f"chat:{chat_id}", language)
        return (str(scope.get("type")), language)

    def _chat_user(self, chat_id: int) -> FakeUser:
        user = self.users.get(chat_id)
        if user is None or not user.has_chat:
            raise bad_request("chat not found")
        return user

    def _reachable(self, chat_id: int) -> FakeUser:
        user = self._chat_user(chat_id)
        if user.blocked_bot:
            raise TelegramError(403, "Forbidden: bot was blocked by the user")
        return user

    def _flood_control(self, chat_id: int) -> None:
        """Messages accepted in the last second, per chat and overall, against the limits."""
        now = self.clock()
        windows: list[tuple[deque[float], int]] = []
        if self.per_chat_per_second is not None:
            windows.append((self._sent_at.setdefault(chat_id, deque()), self.per_chat_per_second))
        if self.global_per_second is not None:
            windows.append((self._sent_globally, self.global_per_second))
        for sent, limit in windows:
            while sent and now - sent[0] >= 1.0:
                sent.popleft()
            if len(sent) >= limit:
                raise TelegramError(429, "Too Many Requests: retry after 1", retry_after=1)
        for sent, _ in windows:
            sent.append(now)

    def _text(
        self,
        params: dict[str, Any],
        key: str = "text",
        limit: int = MESSAGE_LIMIT,
        required: bool = True,
    ) -> tuple[str | None, list[Entity]]:
        raw = params.get(key)
        if raw is None or raw == "":
            if required:
                raise bad_request("message text is empty")
            return None, []
        raw = str(raw)
        if params.get("parse_mode") == "HTML":
            try:
                text, entities = parse_html(raw)
            except EntityParseError as error:
                raise bad_request(str(error)) from None
        elif params.get("parse_mode") in (None, ""):
            text, entities = raw, []
        else:
            raise bad_request("unsupported parse_mode")
        if not text.strip():
            raise bad_request("text must be non-empty")
        if utf16_len(text) > limit:
            raise bad_request(
                "message is too long" if key == "text" else "message caption is too long"
            )
        return text, entities

    def _markup(self, params: dict[str, Any]) -> dict[str, Any] | None:
        markup: dict[str, Any] | None = _json(params.get("reply_markup"))
        if not markup:
            return None
        for row in markup.get("inline_keyboard", []):
            for button in row:
                _check_button(button)
        return markup

    async def _api_sendmessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = _to_int(params.get("chat_id"), "chat_id")
        self._reachable(chat_id)
        text, entities = self._text(params)
        markup = self._markup(params)
        self._flood_control(chat_id)
        message = Message(next(self._message_ids), chat_id, True, text, entities, markup)
        message.at = self.clock()
        self.messages.setdefault(chat_id, {})[message.message_id] = message
        return self.message_payload(message)

    def _file_message(self, params: dict[str, Any], field: str) -> tuple[Message, bytes]:
        """A message with a file (`field` in the request) and its caption, as Telegram keeps it."""
        chat_id = _to_int(params.get("chat_id"), "chat_id")
        self._reachable(chat_id)
        caption, entities = self._text(params, "caption", CAPTION_LIMIT, required=False)
        upload = params.get(field)
        if isinstance(upload, str):  # a file sent before, by the id Telegram gave it
            if upload not in self.files:
                raise bad_request("wrong file identifier/HTTP URL specified")
            upload = {"content": self.files[upload], "filename": "by-id"}
        if not isinstance(upload, dict) or not upload.get("content"):
            raise bad_request("file must be non-empty")
        content = bytes(upload["content"])
        if field == "photo" and not content.startswith((b"\x89PNG", b"\xff\xd8")):
            raise bad_request("IMAGE_PROCESS_FAILED")
        self._flood_control(chat_id)
        message = Message(
            next(self._message_ids),
            chat_id,
            True,
            None,
            entities,
            self._markup(params),
            photo=field == "photo",
            caption=caption,
        )
        message.document_content = content  # type: ignore[attr-defined]
        self.messages.setdefault(chat_id, {})[message.message_id] = message
        return message, content

    async def _api_senddocument(self, params: dict[str, Any]) -> dict[str, Any]:
        message, content = self._file_message(params, "document")
        document = params["document"]
        self.files[f"doc{message.message_id}"] = content
        message.document = {
            "file_id": f"doc{message.message_id}",
            "file_unique_id": f"udoc{message.message_id}",
            "file_name": document.get("filename"),
            "file_size": len(content),
        }
        return self.message_payload(message)

    async def _api_sendphoto(self, params: dict[str, Any]) -> dict[str, Any]:
        message, content = self._file_message(params, "photo")
        self.files[f"ph{message.message_id}"] = content
        payload = self.message_payload(message)
        payload["photo"] = [
            {
                "file_id": f"ph{message.message_id}",
                "file_unique_id": f"uph{message.message_id}",
                "width": 512,
                "height": 512,
            }
        ]
        return payload

    def _own_message(self, params: dict[str, Any], action: str) -> Message:
        chat_id = _to_int(params.get("chat_id"), "chat_id")
        self._chat_user(chat_id)
        message_id = _to_int(params.get("message_id"), "message_id")
        message = self.messages.get(chat_id, {}).get(message_id)
        if message is None or not message.from_bot:
            raise bad_request(f"message to {action} not found")
        return message

    async def _api_editmessagetext(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._own_message(params, "edit")
        text, entities = self._text(params)
        markup = self._markup(params)
        if (text, entities, markup) == (message.text, message.entities, message.reply_markup):
            raise bad_request(NOT_MODIFIED)
        message.text, message.entities, message.reply_markup = text, entities, markup
        message.edits += 1
        return self.message_payload(message)

    async def _api_editmessagereplymarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._own_message(params, "edit")
        markup = self._markup(params)
        if markup == message.reply_markup:
            raise bad_request(NOT_MODIFIED)
        message.reply_markup = markup
        message.edits += 1
        return self.message_payload(message)

    async def _api_deletemessage(self, params: dict[str, Any]) -> bool:
        message = self._own_message(params, "delete")
        del self.messages[message.chat_id][message.message_id]
        return True

    async def _api_answercallbackquery(self, params: dict[str, Any]) -> bool:
        state = self.callback_queries.get(str(params.get("callback_query_id")))
        if state is None or state.answered:
            raise bad_request(QUERY_TOO_OLD)
        text = params.get("text")
        if text is not None and len(str(text)) > CALLBACK_ANSWER_LIMIT:
            raise bad_request("MESSAGE_TOO_LONG")
        state.answered = True
        state.answer = {"text": text, "show_alert": params.get("show_alert") in (True, "true")}
        return True

    async def _api_getchat(self, params: dict[str, Any]) -> dict[str, Any]:
        user = self._chat_user(_to_int(params.get("chat_id"), "chat_id"))
        return {
            **user.chat(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    async def _api_sendchataction(self, params: dict[str, Any]) -> bool:
        self._reachable(_to_int(params.get("chat_id"), "chat_id"))
        return True


def _entity_dict(entity: Entity) -> dict[str, Any]:
    data: dict[str, Any] = {"type": entity.type, "offset": entity.offset, "length": entity.length}
    if entity.url:
        data["url"] = entity.url
    return data


def _check_button(button: dict[str, Any]) -> None:
    if not str(button.get("text", "")).strip():
        raise bad_request("BUTTON_TEXT_EMPTY")
    actions = [key for key in button if key not in ("text", "style", "icon_custom_emoji_id")]
    if len(actions) != 1:
        raise bad_request("BUTTON_TYPE_INVALID")
    if "callback_data" in button:
        size = len(str(button["callback_data"]).encode("utf-8"))
        if not 1 <= size <= 64:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        url = str(button["url"])
        if not re.match(r"^(https?://|tg://)", url) or re.match(
            r"^https?://(localhost|127\.)", url
        ):
            raise bad_request("BUTTON_URL_INVALID")
