"""Demo survey responses for the three demo inspections (idempotent: a survey that already has
responses is left alone). Answers are drawn from a fixed seed so every run looks the same."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from . import services
from .models import Answer, FreeTextTag, Response
from .questionsets import QuestionSet

#: Responses each audience has given so far, as real areas receive them (one area received 2,234
#: from parents, 372 from children and young people and 751 from practitioners). Northshire's
#: surveys opened this week; the others have closed.
SIZES = {
    "current": {"parents": 720, "young_people": 118, "practitioners": 236},
    "onsite": {"parents": 1380, "young_people": 246, "practitioners": 512},
    "published": {"parents": 2234, "young_people": 372, "practitioners": 751},
}

COMMENTS = {
    "parents": [
        "Our EHC plan took over a year and we had to chase every step.",
        "The SENCO at her primary school has been fantastic and really listens.",
        "Speech and language therapy stopped when he moved to secondary school.",
        "We waited 18 months for an autism assessment and got no support while waiting.",
        "Short breaks have made a huge difference to our family.",
        "Nobody has talked to us about what happens after college.",
        "The annual review meeting felt like a tick-box exercise.",
        "The local youth club is welcoming and has trained staff.",
        "Transport to his special school changes every term and it unsettles him.",
        "I am worried my daughter is being hurt by older children on the school bus.",
    ],
    "young_people": [
        "I like my teaching assistant. She helps me a lot.",
        "I want to go to college but nobody has told me how.",
        "I do not have many friends outside school.",
        "The clubs are too far away and I cannot get there.",
        "People at my college listen to me.",
        "Sometimes I feel scared at break time.",
    ],
    "practitioners": [
        "Multi-agency panels work well but health attendance is patchy.",
        "Waiting lists for CAMHS mean children reach crisis before they get help.",
        "The new graduated approach toolkit has helped schools identify needs earlier.",
        "EHC plan quality has improved but timeliness is still poor.",
        "Commissioning of alternative provision lacks oversight of quality.",
        "Leaders have been open about the challenges and involve us in improvement work.",
    ],
}

PROFILES = {"current": 0.45, "onsite": 0.6, "published": 0.3}


def _pick(rng: random.Random, n: int, lean: float, neutral_last: bool) -> int:
    """An option index: earlier options (more positive) are likelier when `lean` is low."""
    last = n - 1 if neutral_last else n
    if neutral_last and rng.random() < 0.06:
        return n - 1
    position = min(last - 1, int(rng.betavariate(1 + 3 * lean, 1 + 3 * (1 - lean)) * last))
    return max(0, position)


def _answers(qs: QuestionSet, rng: random.Random, lean: float, comments: list[str]) -> dict:
    answers: dict = {}
    for q in qs.questions:
        if q.kind == "single":
            if q.attribute:
                answers[q.key] = rng.choice(q.options).value if q.required or rng.random() < 0.8 else ""
            else:
                answers[q.key] = q.options[_pick(rng, len(q.options), lean, q.options[-1].value == "dont_know")].value
        elif q.kind == "multiple":
            chosen = [o.value for o in q.options[:-1] if rng.random() < 0.55]
            answers[q.key] = chosen or [q.options[-1].value]
        else:
            answers[q.key] = rng.choice(comments) if rng.random() < 0.1 else ""
    return answers


def _seed_survey(survey, window, today: dt.date, count: int, lean: float, rng: random.Random) -> None:
    """``count`` responses between the survey's opening and today, most of them early, in bulk."""
    if Response.objects.filter(survey=survey).exists() or not window.opens_on:
        return
    last_day = min(window.closes_on, today)
    if last_day < window.opens_on:
        return
    days = [window.opens_on + dt.timedelta(days=i) for i in range((last_day - window.opens_on).days + 1)]
    rows = [
        (
            _answers(survey.questions, rng, lean, COMMENTS[survey.audience]),
            days[min(len(days) - 1, int(rng.random() ** 1.6 * len(days)))],  # most answers come early
            uuid.UUID(int=rng.getrandbits(128)),
        )
        for _i in range(count)
    ]
    services.load_responses(survey=survey, rows=rows, language="en-gb")


def seed(ctx) -> None:
    """Responses for each demo inspection's surveys, up to today; tags on the published one."""
    from .selectors import windows_for_surveys

    for name, lean in PROFILES.items():
        inspection = getattr(ctx, name, None)
        if inspection is None:
            continue
        surveys = services.ensure_surveys(inspection=inspection)
        windows = windows_for_surveys(surveys)
        for survey in surveys:
            rng = random.Random(f"{inspection.pk}-{survey.audience}")
            _seed_survey(survey, windows[survey.pk], ctx.today, SIZES[name][survey.audience], lean, rng)
    if ctx.published is not None:
        tagger = ctx.users.get("hmi")
        tags = {
            "EHC plan": [1, 3],
            "autism assessment": [1],
            "after college": [4],
            "Short breaks": [3, 5],
            "CAMHS": [3, 9],
            "alternative provision": [12, 9],
            "Multi-agency": [11],
        }
        for answer in Answer.objects.filter(survey__inspection=ctx.published).exclude(text=""):
            wanted = sorted({n for phrase, ns in tags.items() if phrase.lower() in answer.text.lower() for n in ns})
            for n in wanted:
                FreeTextTag.objects.get_or_create(answer=answer, criterion_number=n, defaults={"tagged_by": tagger})
