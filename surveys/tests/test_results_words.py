"""The results page prints words worked out in the selector: they must say what the cells say."""

import pytest
from django.utils import translation

from surveys.selectors import survey_results
from surveys.templatetags.survey_tags import numeric_cells, option_rows
from surveys.tests.factories import submit, survey_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en-gb", "cy"])
def test_shown_words_are_the_cells_own(inspection, language):
    survey = survey_for(inspection)
    for n in range(12):
        submit(survey, pick=n % 3)
    breakdown = survey.questions.breakdowns[0].key
    with translation.override(language):
        [results] = survey_results(inspection, audience=survey.audience, breakdown=breakdown)
        broken_down = [q for q in results.questions if q.breakdown]
        assert broken_down
        for q in results.questions:
            assert q.shown == [
                (o.label, o.cell.display, o.cell.percent_display or "–", o.cell.bar_width) for o in q.options
            ]
        for q in broken_down:
            b = q.breakdown
            assert b.shown_rows == [
                (
                    label,
                    [f"{c.display} ({c.percent_display})" if c.percent_display else c.display for c in row],
                )
                for label, row in b.rows
            ]
            assert b.shown_totals == [c.display for c in b.column_totals]
        hidden = [cell for q in broken_down for _label, row in q.breakdown.rows for cell in row if not cell.shown]
        assert hidden  # twelve responses split three ways leave small groups to hide


def test_numeric_cells_escape_what_they_print():
    assert numeric_cells(["12 (40%)", "<b>"]) == (
        '<td class="govuk-table__cell govuk-table__cell--numeric">12 (40%)</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">&lt;b&gt;</td>'
    )


def test_option_rows_write_the_bar_only_for_a_shown_percentage():
    html = option_rows([("Don't know", "12", "40%", 40), ("<None>", "fewer than 10", "–", 0)])
    assert html == (
        '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header govuk-!-font-weight-regular">'
        "Don&#x27;t know</th>"
        '<td class="govuk-table__cell govuk-table__cell--numeric">12</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">40%</td>'
        '<td class="govuk-table__cell app-bar-cell"><svg class="app-bar-svg" width="100%" height="20" '
        'aria-hidden="true" focusable="false"><rect x="0" y="0" width="100%" height="20" fill="#f3f2f1"></rect>'
        '<rect x="0" y="0" width="40%" height="20" fill="#1d70b8"></rect></svg></td></tr>\n      '
        '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header govuk-!-font-weight-regular">'
        "&lt;None&gt;</th>"
        '<td class="govuk-table__cell govuk-table__cell--numeric">fewer than 10</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">–</td>'
        '<td class="govuk-table__cell app-bar-cell"><svg class="app-bar-svg" width="100%" height="20" '
        'aria-hidden="true" focusable="false"><rect x="0" y="0" width="100%" height="20" fill="#f3f2f1"></rect>'
        "</svg></td></tr>"
    )
