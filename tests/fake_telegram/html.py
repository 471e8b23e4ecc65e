"""Telegram's HTML parse mode, strict as the real server: what it accepts and its error texts."""

from __future__ import annotations

import re
from dataclasses import dataclass

ALLOWED_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9-]*")
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);")


class EntityParseError(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(f"Bad Request: can't parse entities: {reason}")


@dataclass(frozen=True)
class Entity:
    type: str
    offset: int
    length: int
    url: str | None = None


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_html(source: str) -> tuple[str, list[Entity]]:
    """Plain text and entities (offsets in UTF-16 units), or `EntityParseError`."""
    out: list[str] = []
    stack: list[tuple[str, int, str | None]] = []
    entities: list[Entity] = []
    position = 0
    length = len(source)

    def offset_bytes(index: int) -> int:
        return len(source[:index].encode("utf-8"))

    def plain_len() -> int:
        return utf16_len("".join(out))

    while position < length:
        char = source[position]
        if char == "&":
            match = _ENTITY.match(source, position)
            if match:
                name = match.group(1)
                if name.startswith("#x"):
                    out.append(chr(int(name[2:], 16)))
                elif name.startswith("#"):
                    out.append(chr(int(name[1:])))
                elif name in NAMED_ENTITIES:
                    out.append(NAMED_ENTITIES[name])
                else:
                    out.append(match.group(0))
                position = match.end()
                continue
            out.append(char)
            position += 1
            continue
        if char != "<":
            out.append(char)
            position += 1
            continue
        start = position
        end = source.find(">", position)
        if source.startswith("</", position):
            if end == -1:
                raise EntityParseError(f"Unclosed end tag at byte offset {offset_bytes(start)}")
            name = source[position + 2 : end].strip().lower()
            if not stack:
                raise EntityParseError(f"Unexpected end tag at byte offset {offset_bytes(start)}")
            open_name, open_at, url = stack.pop()
            if name != open_name:
                raise EntityParseError(
                    f"Unmatched end tag at byte offset {offset_bytes(start)}, "
                    f'expected "</{open_name}>", found "</{name}>"'
                )
            entities.append(Entity(ALLOWED_TAGS[open_name], open_at, plain_len() - open_at, url))
            position = end + 1
            continue
        match = _TAG_NAME.match(source, position + 1)
        name = match.group(0).lower() if match else ""
        if name not in ALLOWED_TAGS:
            raise EntityParseError(
                f'Unsupported start tag "{name}" at byte offset {offset_bytes(start)}'
            )
        if end == -1:
            raise EntityParseError(f"Unclosed start tag at byte offset {offset_bytes(start)}")
        attributes = source[match.end() if match else position + 1 : end]
        url = None
        if name == "a":
            href = re.search(r'href\s*=\s*"([^"]*)"|href\s*=\s*\'([^\']*)\'', attributes)
            url = (href.group(1) or href.group(2)) if href else None
        if name == "span" and "tg-spoiler" not in attributes:
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {offset_bytes(start)}'
            )
        stack.append((name, plain_len(), url))
        position = end + 1
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return "".join(out), entities
