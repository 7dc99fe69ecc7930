"""Case lists for tests: rows built like parsed ones, stored through the real service."""

from __future__ import annotations

import itertools

from tracking.case_list import COLUMNS, CaseRow
from tracking.services import store_case_list

_counter = itertools.count(1)


def case_row(**overrides) -> CaseRow:
    n = next(_counter)
    values = {
        "child_ref": f"T-{n:05d}",
        "year_of_birth": 2014,
        "age": 12,
        "primary_need": "ASD",
        "support": "SEN_SUPPORT",
        "services": frozenset({"education"}),
        "in_alternative_provision": False,
        "educated_out_of_area": False,
        "social_care_status": "none",
        "opted_out": False,
        "practitioner_email": "worker@example.org",
    }
    values.update(overrides)
    if "age" in overrides and "year_of_birth" not in overrides:
        values["year_of_birth"] = 2026 - values["age"]
    return CaseRow(**values)


def varied_rows() -> list[CaseRow]:
    """A small list with every point of the range, plus plain cases and an opted-out family."""
    rows = [
        case_row(
            child_ref="A-0-4", age=3, primary_need="SLCN", support="EHCP", services=frozenset({"education", "health"})
        ),
        case_row(child_ref="B-5-10", age=8, primary_need="ASD", support="SEN_SUPPORT"),
        case_row(
            child_ref="C-11-15",
            age=13,
            primary_need="SEMH",
            support="EHCP",
            services=frozenset({"education", "social_care"}),
            in_alternative_provision=True,
            social_care_status="child_in_need",
        ),
        case_row(child_ref="D-16-18", age=17, primary_need="MLD", support="EHCP", educated_out_of_area=True),
        case_row(
            child_ref="E-19-25",
            age=21,
            primary_need="PMLD",
            support="EHCP",
            services=frozenset({"health", "social_care"}),
            social_care_status="care_leaver",
        ),
        case_row(
            child_ref="F-11-15",
            age=14,
            primary_need="SEMH",
            support="EHCP",
            services=frozenset({"education", "social_care"}),
            in_alternative_provision=True,
        ),
        case_row(child_ref="OPTED-OUT", age=12, primary_need="HI", support="GRANT", opted_out=True),
    ]
    rows += [case_row(child_ref=f"Z-{n:02d}", age=9, primary_need="SPLD") for n in range(20)]
    return rows


def make_case_list(inspection, rows=None, uploaded_by=None, file_name="case-list.csv"):
    return store_case_list(
        inspection=inspection,
        rows=rows if rows is not None else varied_rows(),
        file_name=file_name,
        by=uploaded_by,
    )


def rows_to_csv(rows, *, bad: dict | None = None) -> bytes:
    """Rows as a CSV file, optionally with one cell of the first row replaced."""
    lines = [",".join(COLUMNS)]
    for i, r in enumerate(rows):
        cells = [
            r.child_ref,
            str(r.year_of_birth),
            r.primary_need,
            r.support,
            ";".join(sorted(r.services)),
            "Y" if r.in_alternative_provision else "N",
            "Y" if r.educated_out_of_area else "N",
            r.social_care_status,
            "Y" if r.opted_out else "N",
            r.practitioner_email,
        ]
        if bad and i == 0:
            for column, value in bad.items():
                cells[COLUMNS.index(column)] = value
        lines.append(",".join(f'"{c}"' for c in cells))
    return ("\r\n".join(lines) + "\r\n").encode()


__all__ = ["case_row", "varied_rows", "make_case_list", "rows_to_csv"]
