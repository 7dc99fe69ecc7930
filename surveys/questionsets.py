"""The survey questions as versioned data.

A response stores the (audience, version) it answered, so results stay readable after the
wording changes: add a new version here instead of editing one that has answers. Every string a
respondent reads goes through Django's translation machinery so that a catalogue can offer the
survey in another language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.functional import Promise, lazy
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from inspections.framework import AGE_GROUPS, CRITERIA_BY_NUMBER

PARENTS = "parents"
YOUNG_PEOPLE = "young_people"
PRACTITIONERS = "practitioners"
AUDIENCES: tuple[str, ...] = (PARENTS, YOUNG_PEOPLE, PRACTITIONERS)
AUDIENCE_LABELS: dict[str, Promise] = {
    PARENTS: _("Parents and carers"),
    YOUNG_PEOPLE: _("Children and young people"),
    PRACTITIONERS: _("Practitioners"),
}
AUDIENCE_CHOICES: list[tuple[str, Promise]] = [(a, AUDIENCE_LABELS[a]) for a in AUDIENCES]

Kind = Literal["single", "multiple", "text"]
#: Longest free-text answer accepted, in characters.
MAX_TEXT_LENGTH = 2000


@dataclass(frozen=True)
class Option:
    value: str
    label: Any  # a lazy translation


@dataclass(frozen=True)
class Question:
    key: str
    kind: Kind
    text: Any  # a lazy translation
    options: tuple[Option, ...] = ()
    criteria: tuple[int, ...] = ()
    hint: Any = ""
    required: bool = True
    #: True for questions about the respondent (age group, sector): used to break results down.
    attribute: bool = False

    def option_label(self, value: str) -> str:
        """The label of one option value, or the value itself when it is unknown."""
        for option in self.options:
            if option.value == value:
                return text(option.label)
        return value

    @property
    def criteria_names(self) -> list[str]:
        return [f"{n}. {CRITERIA_BY_NUMBER[n].short_name}" for n in self.criteria]


class AnswerError(ValueError):
    """Raised when answers do not fit the question set; `errors` maps question keys to messages."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class QuestionSet:
    audience: str
    version: int
    title: Any
    intro: Any
    minutes: int
    questions: tuple[Question, ...]
    easy_read: bool = False
    _by_key: dict[str, Question] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        keys = [q.key for q in self.questions]
        if len(set(keys)) != len(keys):
            raise ValueError(f"duplicate question keys in {self.audience} v{self.version}")
        for q in self.questions:
            if q.kind != "text" and not q.options:
                raise ValueError(f"question {q.key} has no options")
            for n in q.criteria:
                if n not in CRITERIA_BY_NUMBER:
                    raise ValueError(f"question {q.key} maps to unknown criterion {n}")
        self._by_key.update({q.key: q for q in self.questions})

    @property
    def keys(self) -> list[str]:
        return [q.key for q in self.questions]

    @property
    def breakdowns(self) -> list[Question]:
        """The respondent attributes results can be broken down by."""
        return [q for q in self.questions if q.attribute and q.kind == "single"]

    def question(self, key: str) -> Question:
        return self._by_key[key]

    def has(self, key: str) -> bool:
        return key in self._by_key

    def next_key(self, key: str) -> str | None:
        keys = self.keys
        i = keys.index(key)
        return keys[i + 1] if i + 1 < len(keys) else None

    def previous_key(self, key: str) -> str | None:
        keys = self.keys
        i = keys.index(key)
        return keys[i - 1] if i > 0 else None

    def clean_answer(self, question: Question, raw: Any) -> str | list[str]:
        """Validate one answer; raise AnswerError with a message the respondent can act on."""
        if question.kind == "multiple":
            values = [raw] if isinstance(raw, str) else list(raw or [])
            values = [v for v in values if v]
            allowed = {o.value for o in question.options}
            if any(v not in allowed for v in values):
                raise AnswerError({question.key: str(_("Select from the options shown"))})
            if question.required and not values:
                raise AnswerError({question.key: str(_("Select at least one option"))})
            return [o.value for o in question.options if o.value in values]  # stable order, no repeats
        value = raw if isinstance(raw, str) else ""
        if question.kind == "single":
            if value and value not in {o.value for o in question.options}:
                raise AnswerError({question.key: str(_("Select from the options shown"))})
            if question.required and not value:
                raise AnswerError({question.key: str(_("Select an answer"))})
            return value
        value = value.strip()
        if len(value) > MAX_TEXT_LENGTH:
            raise AnswerError(
                {question.key: str(_("Your answer must be %(max)s characters or fewer") % {"max": MAX_TEXT_LENGTH})}
            )
        if question.required and not value:
            raise AnswerError({question.key: str(_("Enter your answer"))})
        return value

    def clean(self, answers: dict[str, Any]) -> dict[str, str | list[str]]:
        """Validate a complete set of answers; unknown keys are dropped."""
        cleaned: dict[str, str | list[str]] = {}
        errors: dict[str, str] = {}
        for q in self.questions:
            try:
                cleaned[q.key] = self.clean_answer(q, answers.get(q.key))
            except AnswerError as exc:
                errors.update(exc.errors)
        if errors:
            raise AnswerError(errors)
        return cleaned

    def first_unanswered(self, answers: dict[str, Any]) -> str | None:
        """The first question not yet answered (required or not), to resume where one left off."""
        for q in self.questions:
            if q.key not in answers:
                return q.key
        return None


# --- Shared option lists ------------------------------------------------------------------------


def _options(*pairs: tuple[str, Any]) -> tuple[Option, ...]:
    return tuple(Option(v, label) for v, label in pairs)


HOW_WELL = _options(
    ("very_well", _("Very well")),
    ("quite_well", _("Quite well")),
    ("not_very_well", _("Not very well")),
    ("not_at_all", _("Not at all well")),
    ("dont_know", _("Don't know")),
)
AGREE = _options(
    ("strongly_agree", _("Strongly agree")),
    ("agree", _("Agree")),
    ("disagree", _("Disagree")),
    ("strongly_disagree", _("Strongly disagree")),
    ("dont_know", _("Don't know")),
)
RATING = _options(
    ("very_good", _("Very good")),
    ("good", _("Good")),
    ("poor", _("Poor")),
    ("very_poor", _("Very poor")),
    ("dont_know", _("Don't know")),
)
EASY_YES_NO = _options(
    ("yes", _("Yes")),
    ("sometimes", _("Sometimes")),
    ("no", _("No")),
    ("dont_know", _("I don't know")),
)
PREFER_NOT = ("prefer_not", _("Prefer not to say"))


def _age_label(low: int, high: int) -> str:
    return gettext("%(low)s to %(high)s years") % {"low": low, "high": high}


_age_label_lazy = lazy(_age_label, str)
AGE_GROUP_OPTIONS = tuple(Option(label, _age_label_lazy(low, high)) for label, low, high in AGE_GROUPS) + _options(
    PREFER_NOT
)

# --- Parents and carers -------------------------------------------------------------------------

PARENTS_V1 = QuestionSet(
    audience=PARENTS,
    version=1,
    title=_("Survey for parents and carers"),
    intro=_(
        "Tell inspectors what it is like for your child or young person with special educational "
        "needs and/or disabilities (SEND) in this area."
    ),
    minutes=10,
    questions=(
        Question(
            "age_group",
            "single",
            _("How old is your child or young person?"),
            AGE_GROUP_OPTIONS,
            attribute=True,
            hint=_("If you are answering about more than one child, answer about the one you know best."),
        ),
        Question(
            "support_level",
            "single",
            _("What support does your child or young person have?"),
            _options(
                ("ehc_plan", _("An education, health and care (EHC) plan")),
                ("send_support", _("SEND support, without an EHC plan")),
                ("none", _("No extra support")),
                ("not_sure", _("Not sure")),
            ),
            attribute=True,
        ),
        Question(
            "identified",
            "single",
            _("How well were your child's needs identified and assessed?"),
            HOW_WELL,
            criteria=(1,),
        ),
        Question(
            "timely",
            "single",
            _("Were your child's needs assessed in good time?"),
            _options(("yes", _("Yes")), ("partly", _("Partly")), ("no", _("No")), ("dont_know", _("Don't know"))),
            criteria=(1, 3),
        ),
        Question(
            "involved",
            "single",
            _("How well are you and your child involved in decisions about their plans and support?"),
            HOW_WELL,
            criteria=(2, 7),
        ),
        Question(
            "right_help",
            "single",
            _("How well does your child get the right help and support at the right time?"),
            HOW_WELL,
            criteria=(3,),
        ),
        Question(
            "services",
            "multiple",
            _("Which services have helped your child in the last year?"),
            _options(
                ("education", _("Education (nursery, school or college)")),
                ("health", _("Health (for example therapy, nursing or doctors)")),
                ("social_care", _("Social care (for example short breaks)")),
                ("none", _("None of these")),
            ),
            criteria=(3, 11),
            hint=_("Select all that apply."),
        ),
        Question(
            "next_steps",
            "single",
            _(
                "How well is your child being prepared for their next steps, such as a new school, "
                "college, work or adult life?"
            ),
            HOW_WELL,
            criteria=(4,),
        ),
        Question(
            "included",
            "single",
            _(
                "How well is your child included in activities in your area, such as clubs, leisure "
                "and time with friends?"
            ),
            HOW_WELL,
            criteria=(5,),
        ),
        Question(
            "listened",
            "single",
            _("Leaders in the area listen to families and act on what they say."),
            AGREE,
            criteria=(6, 7, 10),
            hint=_("Leaders means the council and health services."),
        ),
        Question(
            "overall",
            "single",
            _("Overall, how would you rate the support for children and young people with SEND in your area?"),
            RATING,
            criteria=(3, 6),
        ),
        Question(
            "went_well",
            "text",
            _("What has worked well for your child?"),
            criteria=(3,),
            required=False,
            hint=_("Do not include names or details that could identify anyone."),
        ),
        Question(
            "better",
            "text",
            _("What could be better?"),
            criteria=(10,),
            required=False,
            hint=_("Do not include names or details that could identify anyone."),
        ),
    ),
)

# --- Children and young people (easy read) ------------------------------------------------------

YOUNG_PEOPLE_V1 = QuestionSet(
    audience=YOUNG_PEOPLE,
    version=1,
    easy_read=True,
    title=_("Survey for children and young people"),
    intro=_("Tell us about the help you get. We want to know what is good and what could be better."),
    minutes=5,
    questions=(
        Question(
            "age_group",
            "single",
            _("How old are you?"),
            tuple(o for o in AGE_GROUP_OPTIONS if o.value not in ("0-4", "5-10")),
            attribute=True,
        ),
        Question(
            "helped",
            "single",
            _("Did someone help you answer?"),
            _options(("yes", _("Yes")), ("no", _("No"))),
            required=False,
            attribute=True,
            hint=_("It is fine to get help. You do not have to answer this."),
        ),
        Question(
            "understood",
            "single",
            _("Do the adults who help you understand what you need?"),
            EASY_YES_NO,
            criteria=(1,),
        ),
        Question("asked", "single", _("Do people ask what you think about your plans?"), EASY_YES_NO, criteria=(2, 7)),
        Question("help_in_time", "single", _("Do you get help when you need it?"), EASY_YES_NO, criteria=(3,)),
        Question(
            "next_steps",
            "single",
            _("Are you getting ready for what you want to do next?"),
            EASY_YES_NO,
            criteria=(4,),
            hint=_("For example a new school, college, a job or living on your own."),
        ),
        Question(
            "friends", "single", _("Do you do things you enjoy outside school or college?"), EASY_YES_NO, criteria=(5,)
        ),
        Question(
            "overall",
            "single",
            _("How do you feel about the help you get?"),
            _options(
                ("happy", _("Happy")), ("ok", _("OK")), ("unhappy", _("Unhappy")), ("dont_know", _("I don't know"))
            ),
            criteria=(3, 6),
        ),
        Question(
            "tell_us",
            "text",
            _("Is there anything else you want to tell us?"),
            criteria=(5,),
            required=False,
            hint=_("You do not have to write anything. Do not write anyone's name."),
        ),
    ),
)

# --- Practitioners ------------------------------------------------------------------------------

PRACTITIONERS_V1 = QuestionSet(
    audience=PRACTITIONERS,
    version=1,
    title=_("Survey for practitioners"),
    intro=_(
        "Tell inspectors how well the area's arrangements for children and young people with special "
        "educational needs and/or disabilities (SEND) work, from where you stand in education, health "
        "or social care."
    ),
    minutes=10,
    questions=(
        Question(
            "sector",
            "single",
            _("Which sector do you work in?"),
            _options(
                ("education", _("Education")),
                ("health", _("Health")),
                ("social_care", _("Social care")),
                ("other", _("Other")),
            ),
            attribute=True,
        ),
        Question(
            "role",
            "single",
            _("What is your role?"),
            _options(
                ("teacher_senco", _("Teacher or special educational needs coordinator (SENCO)")),
                ("early_years", _("Early years practitioner")),
                ("health_professional", _("Health professional, such as a therapist, nurse or doctor")),
                ("social_worker", _("Social worker")),
                ("send_officer", _("SEND caseworker or officer")),
                ("leader", _("Manager or leader")),
                ("other", _("Other")),
            ),
            attribute=True,
        ),
        Question(
            "identified",
            "single",
            _("Children and young people's needs are identified accurately and assessed in good time."),
            AGREE,
            criteria=(1,),
        ),
        Question(
            "participation",
            "single",
            _("Children, young people and families take part in decisions about their plans and support."),
            AGREE,
            criteria=(2,),
        ),
        Question(
            "right_help",
            "single",
            _("Children and young people get the right help and support at the right time."),
            AGREE,
            criteria=(3,),
        ),
        Question(
            "adulthood",
            "single",
            _("Young people are well prepared for their next steps and adult life."),
            AGREE,
            criteria=(4,),
        ),
        Question(
            "ambition",
            "single",
            _("Leaders are ambitious for children and young people with SEND."),
            AGREE,
            criteria=(6,),
        ),
        Question(
            "understanding",
            "single",
            _("Leaders have an accurate, shared understanding of local needs."),
            AGREE,
            criteria=(8,),
        ),
        Question(
            "commissioning",
            "single",
            _("The services and provision available meet children and young people's needs."),
            AGREE,
            criteria=(9,),
        ),
        Question("improving", "single", _("Leaders evaluate services and make improvements."), AGREE, criteria=(10,)),
        Question(
            "multi_agency", "single", _("Education, health and social care work well together."), AGREE, criteria=(11,)
        ),
        Question(
            "overall",
            "single",
            _("Overall, how would you rate the area's support for children and young people with SEND?"),
            RATING,
            criteria=(6, 11),
        ),
        Question(
            "comments",
            "text",
            _("Is there anything else you want to tell inspectors?"),
            criteria=(11,),
            required=False,
            hint=_("Do not include names or details that could identify anyone."),
        ),
    ),
)

QUESTION_SETS: dict[tuple[str, int], QuestionSet] = {
    (qs.audience, qs.version): qs for qs in (PARENTS_V1, YOUNG_PEOPLE_V1, PRACTITIONERS_V1)
}
#: The version new responses answer, per audience.
CURRENT_VERSION: dict[str, int] = {PARENTS: 1, YOUNG_PEOPLE: 1, PRACTITIONERS: 1}


_TEXT_CACHE: dict[tuple[int, str | None], str] = {}


def text(value: Any) -> str:
    """A question-set string in the active language, cached: results pages and exports read the
    same few hundred labels many times, and each lazy translation costs a catalogue look-up.
    Only for the module-level constants above (the cache is keyed by object identity)."""
    key = (id(value), get_language())
    found = _TEXT_CACHE.get(key)
    if found is None:
        found = _TEXT_CACHE[key] = str(value)
    return found


def question_set(audience: str, version: int | None = None) -> QuestionSet:
    """The question set for an audience: a given version, or the current one."""
    return QUESTION_SETS[(audience, CURRENT_VERSION[audience] if version is None else version)]
