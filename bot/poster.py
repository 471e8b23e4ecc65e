"""A printable poster: a QR code and, under it, a title and a few lines of text.

Pure: the picture is made from its arguments (no Telegram, no database). The font is shipped
with the bot (DejaVu Sans, see bot/assets/fonts/LICENSE), so Cyrillic renders everywhere.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import segno
from PIL import Image, ImageDraw, ImageFont

FONTS = Path(__file__).resolve().parent / "assets" / "fonts"
REGULAR = FONTS / "DejaVuSans.ttf"
BOLD = FONTS / "DejaVuSans-Bold.ttf"

WIDTH = 1240
"""Pixels across: A4 at about 150 dpi, well above the 1000 a printer or a projector needs."""
QR_SIDE = 1000
"""The QR code's side at most, its quiet zone included."""
QUIET_ZONE = 4
"""Light modules around the code, as the QR standard asks."""
MARGIN = 80
TITLE_SIZE = 64
LINE_SIZE = 48
TITLE_LINES = 4
"""A longer title is cut with «…» after this many lines."""
TEXT_LINES = 3
"""Each further line of text wraps onto at most this many."""

Font = ImageFont.FreeTypeFont


@cache
def _font(path: Path, size: int) -> Font:
    return ImageFont.truetype(str(path), size)


def qr_image(link: str) -> Image.Image:
    """The link's QR code, black on white, with its quiet zone, at most `QR_SIDE` wide."""
    code = segno.make(link, error="m")
    rows = [[bool(module) for module in row] for row in code.matrix_iter(border=QUIET_ZONE)]
    side = len(rows)
    small = Image.new("L", (side, side), 255)
    small.putdata([0 if dark else 255 for row in rows for dark in row])
    scale = max(1, QR_SIDE // side)
    return small.resize((side * scale, side * scale), Image.Resampling.NEAREST)


def wrap(text: str, font: Font, width: int, max_lines: int) -> list[str]:
    """`text` in lines no wider than `width` pixels, broken between words (a word too long for
    a line is broken inside); beyond `max_lines` the last kept line ends with «…»."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while font.getlength(current) > width:
            cut = _longest_prefix(current, font, width)
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1]
    while last and font.getlength(last.rstrip(" ,.;:—-") + "…") > width:
        last = last[:-1]
    kept[-1] = last.rstrip(" ,.;:—-") + "…"
    return kept


def _longest_prefix(word: str, font: Font, width: int) -> int:
    cut = 1
    while cut < len(word) and font.getlength(word[: cut + 1]) <= width:
        cut += 1
    return cut


_JOINERS = {"\u200d", "\ufe0e", "\ufe0f", "\u20e3"}


def printable(text: str) -> str:
    """`text` without emoji (the font has none: each would print as an empty box): pictographs
    and their joiners and variation selectors are left out, and the spaces they leave close."""
    kept = "".join(
        char
        for char in text
        if char not in _JOINERS
        and not ("\U0001f1e6" <= char <= "\U0001f1ff")  # flags' letters
        and not (unicodedata.category(char) in ("So", "Sk") and ord(char) >= 0x2190)
        and not ("\U0001f3fb" <= char <= "\U0001f3ff")  # skin tones
    )
    return " ".join(kept.split())


def poster(link: str, title: str, lines: Sequence[str]) -> bytes:
    """A PNG: the link's QR code on top, the title (bold) and `lines` centred under it."""
    title, lines = printable(title), [printable(line) for line in lines]
    code = qr_image(link)
    width = max(WIDTH, code.width + 2 * MARGIN)
    text_width = width - 2 * MARGIN
    title_font, line_font = _font(BOLD, TITLE_SIZE), _font(REGULAR, LINE_SIZE)
    blocks: list[tuple[list[str], Font]] = [
        (wrap(title, title_font, text_width, TITLE_LINES), title_font)
    ]
    blocks += [
        (wrap(line, line_font, text_width, TEXT_LINES), line_font) for line in lines if line.strip()
    ]
    spacing = 0.3
    height = code.height + MARGIN // 2
    for wrapped, font in blocks:
        height += round(len(wrapped) * font.size * (1 + spacing) + font.size / 2)
    height += MARGIN
    picture = Image.new("L", (width, height), 255)
    picture.paste(code, ((width - code.width) // 2, 0))
    draw = ImageDraw.Draw(picture)
    top = code.height + MARGIN // 2
    for wrapped, font in blocks:
        for line in wrapped:
            draw.text((width // 2, top), line, font=font, fill=0, anchor="mt")
            top += round(font.size * (1 + spacing))
        top += round(font.size / 2)
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()
