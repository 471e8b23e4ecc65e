from __future__ import annotations

from datetime import date, datetime
from typing import Any

from aiogram_dialog import DialogManager

from bot.charts.stats import Bar, KpiBar
from bot.dialogs.common import (
    catalog_of,
    i18n_of,
    person_of,
    sessions_of,
    settings_of,
    version_of,
)
from bot.domain.forms import Form
from bot.domain.kpis import FIGURE_LIMITS, Kpi, SchoolFigure
from bot.domain.roles import CATEGORIES, Role
from bot.domain.survey_stats import format_mean
from bot.i18n import Translator
from bot.services import stats
from bot.services.stats import Overview

ROLES = (Role.MENTOR, Role.MENTEE)
STATUSES = ("waiting", "active", "completed", "ended")


def year_label(year: int) -> str:
    """A school year as people write it: 2026/27."""
    return f"{year}/{(year + 1) % 100:02d}"


def _categories(i18n: Translator, found: Overview, role: Role) -> str:
    parts = [
        i18n.plain(
            "stats-category",
            name=i18n.plain(f"stats-cat-{role.value}-{category.value}"),
            count=count,
        )
        for category in CATEGORIES[role]
        if (count := found.participants.get((role.value, category.value), 0))
    ]
    return ", ".join(parts) or i18n.plain("stats-role-none")


def _participants(i18n: Translator, found: Overview) -> list[str]:
    lines = [i18n("stats-participants", count=found.total)]
    lines += [
        i18n(
            f"stats-role-{role.value}",
            count=found.by_role(role),
            categories=_categories(i18n, found, role),
        )
        for role in ROLES
    ]
    return lines


def _consents(i18n: Translator, found: Overview) -> list[str]:
    given = found.consents
    lines = [
        i18n(
            "stats-consents",
            in_force=given.in_force,
            started=given.started,
            **given.by_kind,
        )
    ]
    if given.waiting_parent:
        lines.append(i18n("stats-consents-waiting", count=given.waiting_parent))
    if given.not_in_force > 0:
        lines.append(i18n("stats-consents-lapsed", count=given.not_in_force))
    return lines


def _pairs(i18n: Translator, found: Overview) -> list[str]:
    total = sum(found.pairs.values())
    if not total:
        return [i18n("stats-pairs-none")]
    statuses = found.pairs_by(1)
    lines = [i18n("stats-pairs", count=total, **{s: statuses.get(s, 0) for s in STATUSES})]
    forms = found.pairs_by(0)
    lines += [
        i18n("stats-pairs-form", form=i18n.plain(f"form-{form.value}"), count=forms[form.value])
        for form in Form
        if forms.get(form.value)
    ]
    return lines


def _plans(i18n: Translator, found: Overview) -> str:
    plans = found.plans
    if not plans.tasks:
        return i18n("stats-plans-none")
    return i18n(
        "stats-plans",
        done=plans.done,
        tasks=plans.tasks,
        percent=plans.done * 100 // plans.tasks,
        pairs=plans.pairs,
    )


def _satisfaction(i18n: Translator, found: Overview) -> list[str]:
    year = year_label(found.school_year)
    if not any(s.people for s in found.satisfaction):
        return [i18n("stats-satisfaction-none", year=year)]
    lines = [i18n("stats-satisfaction", year=year)]
    for row in found.satisfaction:
        if row.mean is None:
            lines.append(i18n("stats-satisfaction-hidden", role=row.role.value))
        else:
            mean = format_mean(row.mean, i18n.locale)
            lines.append(
                i18n("stats-satisfaction-line", role=row.role.value, mean=mean, people=row.people)
            )
    return lines


def kpi_line(i18n: Translator, kpi: Kpi) -> str:
    """«✅ Охват учеников: 12 % (цель ≥ 10 %) — 102 из 850 учеников», or why not counted."""
    key = kpi.key.value
    if kpi.percent is None:
        unset = kpi.denominator is None
        return i18n(f"stats-kpi-{'unset' if unset else 'empty'}-{key}")
    return i18n(
        "stats-kpi-line",
        mark="✅" if kpi.met else "⚠️",
        name=i18n.plain(f"stats-kpi-{key}"),
        percent=kpi.percent,
        target=i18n.plain(f"stats-kpi-target-{key}"),
        basis=i18n.plain(f"stats-kpi-basis-{key}", n=kpi.numerator, d=kpi.denominator or 0),
    )


def overview_text(i18n: Translator, found: Overview, today: date) -> str:
    """The whole screen: a few short blocks, a phone's width each line."""
    blocks = [
        [i18n("stats-title", date=i18n.short_day(today))],
        _participants(i18n, found),
        _consents(i18n, found),
        _pairs(i18n, found),
        [
            i18n("stats-meetings", held=found.meetings_held, planned=found.meetings_planned),
            _plans(i18n, found),
        ],
        _satisfaction(i18n, found),
        [i18n("stats-kpi-title"), *(kpi_line(i18n, kpi) for kpi in found.kpis)],
    ]
    return "\n\n".join("\n".join(block) for block in blocks)


def participant_bars(i18n: Translator, found: Overview) -> list[Bar]:
    return [
        Bar(i18n.plain(f"stats-cat-{role.value}-{category.value}"), count, group)
        for group, role in enumerate(ROLES)
        for category in CATEGORIES[role]
        if (count := found.participants.get((role.value, category.value), 0))
    ]


def kpi_bars(i18n: Translator, found: Overview) -> list[KpiBar]:
    bars = []
    for kpi in found.kpis:
        key = kpi.key.value
        shown = (
            i18n.plain("stats-chart-not-counted")
            if kpi.percent is None
            else i18n.plain(
                "stats-chart-kpi-shown",
                percent=kpi.percent,
                n=kpi.numerator,
                d=kpi.denominator or 0,
            )
        )
        bars.append(
            KpiBar(i18n.plain(f"stats-kpi-{key}"), kpi.percent, kpi.target_percent, kpi.met, shown)
        )
    return bars


def today_of(manager: DialogManager) -> date:
    return datetime.now(settings_of(manager).tz).date()


async def overview_of(manager: DialogManager) -> Overview | None:
    return await stats.overview(
        sessions_of(manager),
        by=person_of(manager).telegram_id,
        version=version_of(manager),
        zone=settings_of(manager).tz,
        catalog=catalog_of(manager),
    )


async def main_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    found = await overview_of(dialog_manager)
    if found is None:
        return {"text": i18n("curator-only")}
    text = overview_text(i18n, found, today_of(dialog_manager))
    notice = dialog_manager.dialog_data.get("notice")
    if notice:
        text = f"{i18n(str(notice))}\n\n{text}"
    return {"text": text}


async def _ask(manager: DialogManager, figure: SchoolFigure) -> dict[str, Any]:
    current = (await stats.school_figures(sessions_of(manager)))[figure]
    return {
        "current": current if current is not None else "none",
        "kept": current is not None,
        "max": FIGURE_LIMITS[figure],
    }


async def students_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return await _ask(dialog_manager, SchoolFigure.STUDENTS)


async def teachers_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return await _ask(dialog_manager, SchoolFigure.TEACHERS)
