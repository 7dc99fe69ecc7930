"""The sections of an inspection's pages, shown as its sub-navigation.

Each entry: (label, url name taking ``inspection_pk``, audiences who see the link).
An app adds its own line here.
"""

from __future__ import annotations

SECTIONS: list[tuple[str, str, frozenset[str]]] = [
    ("Timeline", "inspections:detail", frozenset({"admin", "team", "local_area"})),
    ("Information request", "documents:task_list", frozenset({"admin", "team", "local_area"})),
    ("Surveys", "surveys:overview", frozenset({"admin", "team", "local_area"})),
    ("Children and young people", "tracking:overview", frozenset({"admin", "team", "local_area"})),
    ("Children and young people", "tracking:sampling", frozenset({"admin", "team", "local_area"})),
    ("Fieldwork", "fieldwork:week", frozenset({"admin", "team", "local_area"})),
    ("Evidence and outcome", "evaluation:matrix", frozenset({"admin", "team"})),
    ("Evidence and findings", "monitoring:matrix", frozenset({"admin", "team"})),
    ("Report", "reports:overview", frozenset({"admin", "team", "local_area"})),
    ("After the report", "followups:after_report", frozenset({"admin", "team", "local_area"})),
]

#: Sections shown for one kind of inspection only (a monitoring inspection records evidence
#: against the areas for priority action, not the criteria).
ONLY_FOR_KIND: dict[str, str] = {
    "evaluation:matrix": "full",
    "monitoring:matrix": "monitoring",
    # A monitoring inspection tracks no children: it samples EHC plans, so the section opens there.
    "tracking:overview": "full",
    "tracking:sampling": "monitoring",
}
