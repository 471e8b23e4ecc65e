"""Fluent translations from `locales/<lang>/*.ftl`.

Every message the bot sends is HTML, so a `Translator` escapes each string argument unless it
is wrapped in `Markup`. Texts that Telegram does not parse (button labels, command
descriptions) come from `Translator.plain`, which leaves arguments as they are.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_time
from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor

logger = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
SUPPORTED_LOCALES = ("ru", "en")


class Markup(str):
    """A string that is already safe HTML and is passed into a translation unescaped."""

    __slots__ = ()


class TranslationError(Exception):
    """The translation files are broken; the message names the file and the key."""


class _VariableCollector(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.quoted: set[str] = set()  # variables a message puts inside quotes: «{ $title }»

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)

    def visit_Pattern(self, node: ast.Pattern) -> None:
        elements = node.elements
        for at, element in enumerate(elements):
            if not (
                isinstance(element, ast.Placeable)
                and isinstance(element.expression, ast.VariableReference)
            ):
                continue
            before = elements[at - 1] if at else None
            after = elements[at + 1] if at + 1 < len(elements) else None
            if (
                isinstance(before, ast.TextElement)
                and isinstance(after, ast.TextElement)
                and _TAGS_AT_END.sub("", before.value).endswith(_OPENING)
                and _TAGS_AT_START.sub("", after.value).startswith(_CLOSING)
            ):
                self.quoted.add(element.expression.id.name)
        self.generic_visit(node)


_OPENING = ("«", "“", "„", '"')
_CLOSING = ("»", "”", "“", '"')
_TAGS_AT_END = re.compile(r"(?:<[^<>]*>)+$")
_TAGS_AT_START = re.compile(r"^(?:<[^<>]*>)+")
_STRAIGHT = re.compile(r'"([^"]*)"')
# The quotes inside quotes, by language: «…„…“…» in Russian, “…‘…’…” in English.
_INNER = {"ru": ("„", "“"), "en": ("‘", "’")}


def nest_quotes(text: str, locale: str = "ru") -> str:
    """`text` as it reads inside quotes: its own quotes become the inner kind of `locale`
    («Школа «Радуга»» → «Школа „Радуга“», in English “the ‘Rainbow’ school”)."""
    opening, closing = _INNER.get(locale, _INNER["ru"])
    text = _STRAIGHT.sub(lambda found: f"{opening}{found.group(1)}{closing}", text)
    if locale == "ru":
        return text.replace("«", opening).replace("»", closing)
    return text.translate(str.maketrans("«»“”", opening + closing + opening + closing))


@dataclass
class _LocaleSource:
    bundle: FluentBundle
    variables: dict[str, frozenset[str]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    quoted: dict[str, frozenset[str]] = field(default_factory=dict)


_SHORT_DAY = {"ru": "dd.MM.y", "en": "d MMM y"}
_DAY_MONTH = {"ru": "dd.MM", "en": "d MMM"}


class Translator:
    """Translations of one locale."""

    def __init__(
        self,
        locale: str,
        bundle: FluentBundle,
        quoted: Mapping[str, frozenset[str]] | None = None,
    ) -> None:
        self.locale = locale
        self._bundle = bundle
        self._quoted = dict(quoted or {})

    def __call__(self, key: str, /, **args: Any) -> str:
        safe = {
            name: value
            if isinstance(value, Markup) or not isinstance(value, str)
            else html.escape(value, quote=False)
            for name, value in self._nested(key, args).items()
        }
        return self._format(key, safe)

    def has(self, key: str) -> bool:
        return bool(self._bundle.has_message(key))

    def plain(self, key: str, /, **args: Any) -> str:
        return self._format(key, self._nested(key, args))

    def _nested(self, key: str, args: Mapping[str, Any]) -> dict[str, Any]:
        """Text the message puts inside quotes (a title, typed words) with its own quotes
        turned into the inner kind, so that quotes nest: «Встреча „Старт“»."""
        quoted = self._quoted.get(key, frozenset())
        return {
            name: nest_quotes(value, self.locale)
            if name in quoted and isinstance(value, str) and not isinstance(value, Markup)
            else value
            for name, value in args.items()
        }

    def day(self, day: date, *, today: date | None = None) -> str:
        """A day as people say it: «чт, 10 декабря» (the year only when it is not this one)."""
        same_year = today is not None and today.year == day.year
        pattern = "EEE, d MMMM" if same_year else "EEE, d MMMM y"
        return format_date(day, pattern, locale=self.locale)

    def moment(self, moment: datetime, zone: tzinfo, *, today: date | None = None) -> str:
        """A moment in `zone`: «чт, 10 декабря, 15:00»."""
        local = moment.astimezone(zone)
        clock = format_time(local, "HH:mm", locale=self.locale)
        return f"{self.day(local.date(), today=today)}, {clock}"

    def short_day(self, day: date) -> str:
        """A date in a record or a list: 03.12.2026 in Russian, 3 Dec 2026 in English."""
        return format_date(day, _SHORT_DAY.get(self.locale, "dd.MM.y"), locale=self.locale)

    def day_month(self, day: date) -> str:
        """A day of this year, briefly: 03.12 in Russian, 3 Dec in English."""
        return format_date(day, _DAY_MONTH.get(self.locale, "dd.MM"), locale=self.locale)

    def _format(self, key: str, args: dict[str, Any]) -> str:
        message = self._bundle.get_message(key) if self._bundle.has_message(key) else None
        if message is None or message.value is None:
            logger.error("Missing translation %r for locale %s", key, self.locale)
            return key
        text, errors = self._bundle.format_pattern(message.value, args)
        if errors:
            logger.error("Translation %r (%s) failed: %s", key, self.locale, errors)
        return str(text)


class Translations:
    """All locales; `get(locale)` gives a `Translator`."""

    def __init__(self, sources: Mapping[str, _LocaleSource], default_locale: str) -> None:
        self._sources = dict(sources)
        self.default_locale = default_locale
        self._translators = {
            locale: Translator(locale, source.bundle, source.quoted)
            for locale, source in sources.items()
        }

    @property
    def locales(self) -> tuple[str, ...]:
        return tuple(self._translators)

    def get(self, locale: str | None) -> Translator:
        return self._translators.get(locale or "", self._translators[self.default_locale])

    def resolve(self, language_code: str | None) -> str:
        """The supported locale for Telegram's `language_code` ("en-GB" → "en")."""
        if language_code:
            base = language_code.split("-", 1)[0].lower()
            if base in self._translators:
                return base
        return self.default_locale

    def choose(self, chosen: str | None, language_code: str | None) -> str:
        """The person's locale: the one they chose, else from their Telegram language."""
        if chosen in self._translators:
            return chosen
        return self.resolve(language_code)

    def keys(self, locale: str) -> frozenset[str]:
        return frozenset(self._sources[locale].variables)

    def variables(self, locale: str, key: str) -> frozenset[str]:
        return self._sources[locale].variables[key]

    def parity_problems(self) -> list[str]:
        """Keys or placeholders present in one locale but not in another."""
        problems: list[str] = []
        reference, *others = self.locales
        for other in others:
            for a, b in ((reference, other), (other, reference)):
                for key in sorted(self.keys(a) - self.keys(b)):
                    where = self._sources[a].files[key]
                    problems.append(f"{where}: key {key!r} has no translation in locales/{b}/")
            for key in sorted(self.keys(reference) & self.keys(other)):
                ours, theirs = self.variables(reference, key), self.variables(other, key)
                if ours != theirs:
                    problems.append(
                        f"locales/{reference}/ and locales/{other}/: key {key!r} uses "
                        f"{{{', '.join(sorted(ours))}}} vs {{{', '.join(sorted(theirs))}}}"
                    )
        return problems

    @classmethod
    def load(
        cls,
        directory: Path = LOCALES_DIR,
        default_locale: str = "ru",
        locales: Iterable[str] = SUPPORTED_LOCALES,
    ) -> Translations:
        sources = {locale: _load_locale(directory, locale) for locale in locales}
        if default_locale not in sources:
            raise TranslationError(f"default locale {default_locale!r} has no translations")
        return cls(sources, default_locale)


def _load_locale(directory: Path, locale: str) -> _LocaleSource:
    folder = directory / locale
    files = sorted(folder.glob("*.ftl"))
    if not files:
        raise TranslationError(f"{folder}: no .ftl files")
    source = _LocaleSource(FluentBundle([locale], use_isolating=False))
    parser = FluentParser()
    for path in files:
        text = path.read_text(encoding="utf-8")
        resource = parser.parse(text)
        shown = f"locales/{locale}/{path.name}"
        for entry in resource.body:
            if isinstance(entry, ast.Junk):
                line = text.count("\n", 0, entry.span.start) + 1 if entry.span else 0
                snippet = entry.content.strip().splitlines()[0] if entry.content else ""
                raise TranslationError(f"{shown}:{line}: cannot parse {snippet!r}")
            if isinstance(entry, ast.Message):
                key = entry.id.name
                if key in source.variables:
                    raise TranslationError(
                        f"{shown}: key {key!r} is defined twice (also in {source.files[key]})"
                    )
                collector = _VariableCollector()
                collector.visit(entry)
                source.variables[key] = frozenset(collector.names)
                if collector.quoted:
                    source.quoted[key] = frozenset(collector.quoted)
                source.files[key] = shown
        source.bundle.add_resource(FluentResource(text))
    return source


def consent_version(translations: Translations) -> str:
    """The version of the consent text, kept beside the text in the default locale's file."""
    return translations.get(translations.default_locale).plain("consent-version")
