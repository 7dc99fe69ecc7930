"""The words of each e-mail, from plain values only.

Messages name the inspection and say where to look; they never carry a child's reference, a
survey answer or a reviewer's comment, which stay behind sign-in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

SERVICE = "Area SEND Inspect"


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


def _day(value: date) -> str:
    return f"{value:%A %-d %B %Y}"


def _body(*paragraphs: str, link: str) -> str:
    return "\n\n".join([*paragraphs, f"Sign in to read more: {link}", f"{SERVICE}"]) + "\n"


def inspection_announced(*, partnership: str, notified_on: date, link: str, monitoring: bool = False) -> Message:
    what = "monitoring inspection" if monitoring else "area SEND inspection"
    return Message(
        subject=f"{what[0].upper()}{what[1:]} of {partnership}: notification",
        body=_body(
            f"Ofsted and CQC have announced {'a' if monitoring else 'an'} {what} of {partnership}.",
            f"The notification date is {_day(notified_on)}. The timeline shows what is due from you and when.",
            link=link,
        ),
    )


def document_returned(*, partnership: str, document: str, link: str) -> Message:
    return Message(
        subject=f"Changes requested to “{document}”",
        body=_body(
            f"The inspection team has returned “{document}” for {partnership} with comments.",
            "Read the comments and upload a new version.",
            link=link,
        ),
    )


def factual_accuracy_opened(*, partnership: str, due_on: date, link: str) -> Message:
    return Message(
        subject=f"Draft report for {partnership}: factual accuracy check",
        body=_body(
            f"The draft inspection report for {partnership} is ready for your factual accuracy check.",
            f"Send any comments by the end of {_day(due_on)}.",
            "The draft is confidential: do not share it beyond those who need to check it.",
            link=link,
        ),
    )


def factual_accuracy_closing(*, partnership: str, due_on: date, link: str) -> Message:
    return Message(
        subject=f"Draft report for {partnership}: comments due {due_on:%-d %B}",
        body=_body(
            f"The factual accuracy check of the draft report for {partnership} closes at the end of {_day(due_on)}.",
            "Comments sent after that cannot be taken into account.",
            link=link,
        ),
    )


def survey_closed(*, partnership: str, audience: str, closed_on: date, responses: int, link: str) -> Message:
    noun = "response" if responses == 1 else "responses"
    return Message(
        subject=f"Survey closed: {audience}, {partnership}",
        body=_body(
            f"The survey of {audience.lower()} for {partnership} closed on {_day(closed_on)} with {responses:,} {noun}.",
            "The results are ready to read.",
            link=link,
        ),
    )
