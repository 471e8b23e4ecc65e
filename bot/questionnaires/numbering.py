"""The numbers in a question's progress, «3 / 10», that never jump.

The rule: the total is the number of questions this person may be asked at all. A question
shown only for some roles, categories or age groups counts when it is for this person (that
never changes during a questionnaire); a question shown only after some answer to an earlier
question always counts, as it may yet be asked. So the total is the same from the first
question to the last, whatever the answers, and each question keeps its own number: when a
question that depends on an answer is not asked, its number is passed over («3 / 10», then
«5 / 10»), as on a paper form that says «if not, go to question 5». Back and editing show the
same numbers again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.questionnaires.engine import SUMMARY
from bot.questionnaires.model import Question, Questionnaire


def countable(questionnaire: Questionnaire, context: Mapping[str, Any]) -> list[Question]:
    """The questions that may be asked of a person with this context, in order."""
    counted: set[str] = set()
    found: list[Question] = []
    for question in questionnaire.questions:
        condition = question.condition
        if condition is None:
            ok = True
        elif condition.source == "context":
            ok = condition.holds({}, context)
        else:  # on an earlier answer: counted if that question may be asked
            ok = condition.name in counted
        if ok:
            counted.add(question.id)
            found.append(question)
    return found


def progress(
    questionnaire: Questionnaire, current: str, context: Mapping[str, Any]
) -> tuple[int, int]:
    """(number, total) of the question `current`; on the summary, (total, total)."""
    counted = countable(questionnaire, context)
    total = len(counted)
    if current == SUMMARY or questionnaire.question(current) is None:
        return total, total
    at = questionnaire.position(current)
    before = sum(1 for q in counted if questionnaire.position(q.id) < at)
    return min(before + 1, max(total, 1)), total
