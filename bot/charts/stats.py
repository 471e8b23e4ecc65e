"""/stats pictures: participants by role and category; the roadmap's KPIs against their targets.

Pure drawing: every text comes translated, every figure counted. Call through
`await asyncio.to_thread(draw, participants_chart, ...)` (see `bot.charts`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.charts import COLORS, TARGET_COLOR, figure, png

MET, NOT_MET = COLORS[0], COLORS[2]


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    group: int  # the colour: the role's index


@dataclass(frozen=True)
class KpiBar:
    label: str
    percent: int | None  # None: not counted
    target: int  # percent
    met: bool | None
    shown: str  # what the bar says: «12 % · 102 из 850», or why it is not counted


def _height(rows: int) -> float:
    return 1.4 + 0.55 * max(rows, 1)


def participants_chart(title: str, bars: Sequence[Bar], legend: Sequence[str], empty: str) -> bytes:
    """Participants by category, a bar each, coloured by role (`legend`: the roles' names); each
    category's name and count above its bar, across the picture's width."""
    with figure(1.3 + 0.7 * max(len(bars), 1)) as fig:
        ax = fig.add_subplot()
        ax.set_title(title, loc="left", fontweight="bold")
        if not bars:
            ax.text(0.5, 0.5, empty, ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            return png(fig)
        positions = list(range(len(bars)))[::-1]
        colors = [COLORS[bar.group % len(COLORS)] for bar in bars]
        ax.barh(positions, [bar.count for bar in bars], color=colors, height=0.4)
        for y, bar in zip(positions, bars, strict=True):
            ax.text(0, y + 0.24, f"{bar.label} — {bar.count}", va="bottom", fontsize=12)
        ax.set_xlim(0, max(bar.count for bar in bars) * 1.05)
        ax.set_ylim(-0.5, len(bars) - 0.15)
        ax.set_axis_off()
        groups = sorted({bar.group for bar in bars})
        for group in groups:
            ax.barh([0], [0], color=COLORS[group % len(COLORS)], label=legend[group])
        ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.0), frameon=False, ncols=len(groups))
        return png(fig)


def kpi_chart(title: str, bars: Sequence[KpiBar], target_label: str) -> bytes:
    """Each KPI's value as a bar with its target marked (a grey line across the bar); its name
    and what it rests on above the bar, across the picture's width."""
    with figure(1.3 + 0.85 * max(len(bars), 1)) as fig:
        ax = fig.add_subplot()
        ax.set_title(title, loc="left", fontweight="bold")
        positions = list(range(len(bars)))[::-1]
        values = [min(bar.percent or 0, 100) for bar in bars]
        colors = [MET if bar.met else NOT_MET for bar in bars]
        ax.barh(positions, [100] * len(bars), color="#EEEEEE", height=0.4)
        ax.barh(positions, values, color=colors, height=0.4)
        for y, bar in zip(positions, bars, strict=True):
            ax.plot([bar.target, bar.target], [y - 0.3, y + 0.3], color=TARGET_COLOR, lw=3)
            ax.text(0, y + 0.26, f"{bar.label}: {bar.shown}", va="bottom", fontsize=12)
        ax.plot([], [], color=TARGET_COLOR, lw=3, label=target_label)
        ax.set_yticks([])
        ax.set_ylim(-0.6, len(bars) - 0.1)
        ax.set_xlim(0, 102)
        ax.set_xticks([0, 25, 50, 75, 100], ["0 %", "25 %", "50 %", "75 %", "100 %"])
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), frameon=False)
        return png(fig)
