"""A monitoring campaign's chart: the means of its scale questions, a panel per role (and per
scale, should one campaign mix 1–5 and 1–10), as horizontal bars on the scale's own axis,
each labelled with its value. The texts come translated; this module only draws.

Call it in a worker thread: `await asyncio.to_thread(draw, means, panels, title=..., note=...)`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.charts import COLORS, figure, png

if TYPE_CHECKING:
    from matplotlib.axes import Axes

LABEL_WIDTH = 22
"""Characters of a question's label on a line (two lines at most) beside its bar."""
LABEL_LINES = 2


@dataclass(frozen=True)
class Bar:
    label: str  # the question, briefly
    value: float  # the mean
    shown: str  # the mean as people read it: «7,8»


@dataclass(frozen=True)
class Panel:
    title: str  # «Наставляемые · шкала 1–10»
    low: int
    high: int
    bars: tuple[Bar, ...]
    color: int = 0  # an index into the palette


def wrapped(label: str) -> str:
    lines = textwrap.wrap(" ".join(label.split()), LABEL_WIDTH) or [""]
    if len(lines) > LABEL_LINES:
        lines = [
            *lines[: LABEL_LINES - 1],
            textwrap.shorten(" ".join(lines[1:]), LABEL_WIDTH, placeholder="…"),
        ]
    return "\n".join(lines)


def height_of(panels: Sequence[Panel], note: str | None) -> float:
    """Inches: a title, then ~0.6 in a bar (two lines of label), a line for the note."""
    return 0.7 + sum(0.75 + 0.6 * len(p.bars) for p in panels) + (0.45 if note else 0.0)


def means(panels: Sequence[Panel], *, title: str, note: str | None = None) -> bytes:
    """The chart as a PNG 1080 px wide; `panels` must not be empty."""
    if not panels:
        raise ValueError("a chart of nothing")
    with figure(height_of(panels, note)) as fig:
        fig.suptitle(title, fontsize=15, fontweight="bold")
        axes = fig.subplots(
            len(panels), 1, squeeze=False, height_ratios=[max(1, len(p.bars)) for p in panels]
        )
        for ax, panel in zip(axes[:, 0], panels, strict=True):
            _panel(ax, panel)
        if note:
            fig.supxlabel(note, fontsize=11, color="#616161")
        return png(fig)


def _panel(ax: Axes, panel: Panel) -> None:
    color = COLORS[panel.color % len(COLORS)]
    rows = list(range(len(panel.bars)))[::-1]  # the first question on top
    widths = [bar.value - panel.low for bar in panel.bars]
    ax.barh(rows, widths, left=panel.low, color=color, height=0.6)
    for row, bar in zip(rows, panel.bars, strict=True):
        inside = bar.value - panel.low > (panel.high - panel.low) * 0.8
        ax.text(
            bar.value - 0.1 if inside else bar.value + 0.1,
            row,
            bar.shown,
            va="center",
            ha="right" if inside else "left",
            color="white" if inside else "#212121",
            fontweight="bold",
        )
    ax.set_yticks(rows, [wrapped(bar.label) for bar in panel.bars])
    ax.set_xlim(panel.low, panel.high)
    ax.set_xticks(range(panel.low, panel.high + 1))
    ax.set_ylim(-0.6, len(panel.bars) - 0.4)
    ax.set_title(panel.title, loc="left", fontsize=13)
    ax.grid(axis="x", color="#E0E0E0")
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
