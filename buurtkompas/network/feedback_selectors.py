"""The hosts' view of the feedback: per programme item the number of responses, the average
score, the distribution of scores and every open answer, with the writer's name only where
they did not ask to stay anonymous. Three queries whatever the number of responses."""

from dataclasses import dataclass, field

from buurtkompas.network.feedback_services import questions_of
from buurtkompas.network.models import FeedbackResponse

SCORES = (1, 2, 3, 4, 5)
BAR_MAX_PX = 100


@dataclass
class Answer:
    text: str
    author: str | None  # None: anonymous towards the hosts


@dataclass
class ItemResults:
    item: object | None  # a ProgrammeItem, or None for the event as a whole
    responses: int = 0
    scores: list[int] = field(default_factory=list)
    answers: dict[int, list[Answer]] = field(default_factory=dict)  # question id -> answers

    @property
    def average(self) -> float | None:
        return sum(self.scores) / len(self.scores) if self.scores else None

    by_question: list = field(default_factory=list)  # (question, answers) in question order

    @property
    def distribution(self) -> list[tuple[int, int, int, int]]:
        """(score, how many, bar width in px, bar top in px) for 1 to 5."""
        most = max([self.scores.count(s) for s in SCORES] + [1])
        return [
            (s, self.scores.count(s), round(BAR_MAX_PX * self.scores.count(s) / most), 22 * (s - 1))
            for s in SCORES
        ]


def results(event) -> tuple[list, list[ItemResults]]:
    """(the questions, the results per programme item in programme order, the event as a whole
    first when it was asked about)."""
    questions = questions_of(event)
    items = list(event.programme.order_by("starts_at", "title"))
    by_item = {None: ItemResults(None)} | {item.pk: ItemResults(item) for item in items}
    responses = FeedbackResponse.objects.filter(registration__event=event).select_related(
        "registration__user"
    )
    for response in responses.order_by("created_at", "id"):
        result = by_item[response.item_id]
        result.responses += 1
        if response.score is not None:
            result.scores.append(response.score)
        author = None if response.anonymous else response.registration.display_name
        for question_id, text in response.answers.items():
            result.answers.setdefault(int(question_id), []).append(Answer(text, author))
    shown = [by_item[None]] if by_item[None].responses else []
    shown += [by_item[item.pk] for item in items]
    for result in shown:
        result.by_question = [(q, result.answers.get(q.pk, [])) for q in questions]
    return questions, shown
