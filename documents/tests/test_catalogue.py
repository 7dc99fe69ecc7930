"""The information request list is complete, and every due date points at a real milestone."""

from datetime import date

from documents import catalogue
from inspections.framework import MILESTONES_BY_KEY, MONITORING_MILESTONES


def test_every_item_is_due_at_a_framework_milestone():
    for kind in catalogue.ITEM_KINDS:
        assert kind.due_milestone in MILESTONES_BY_KEY


def test_the_list_has_the_ten_items_of_the_information_request():
    assert len(catalogue.ITEM_KINDS) == 10
    assert catalogue.ITEM_KINDS[0].key == catalogue.SELF_EVALUATION
    assert catalogue.item_kind(catalogue.CASE_LIST).due_milestone == "case_list_due"
    assert catalogue.item_kind(catalogue.CASE_LIST).handled_elsewhere
    assert [k.key for k in catalogue.ITEM_KINDS if k.repeatable] == [catalogue.OTHER]


def test_keys_are_url_safe_and_unique():
    keys = [k.key for k in catalogue.ITEM_KINDS]
    assert len(set(keys)) == len(keys)
    assert all(k.replace("-", "").isalpha() and k.islower() for k in keys)


def test_late_means_nothing_sent_after_the_due_day():
    due = date(2026, 12, 16)
    assert not catalogue.is_late(catalogue.NOT_STARTED, due, today=due)
    assert catalogue.is_late(catalogue.NOT_STARTED, due, today=date(2026, 12, 17))
    assert not catalogue.is_late(catalogue.UPLOADED, due, today=date(2026, 12, 17))
    assert not catalogue.is_late(catalogue.CHANGES_REQUESTED, due, today=date(2026, 12, 17))
    assert not catalogue.is_late(catalogue.NOT_STARTED, None, today=date(2026, 12, 17))


def test_a_monitoring_inspection_asks_for_the_plan_and_progress_evidence():
    kinds = catalogue.item_kinds_for("monitoring")
    assert [k.key for k in kinds] == [catalogue.PRIORITY_ACTION_PLAN, catalogue.CASE_LIST, catalogue.OTHER]
    monitoring_keys = {m.key for m in MONITORING_MILESTONES}
    assert all(k.due_milestone in monitoring_keys for k in kinds)
    assert catalogue.item_kinds_for("full") == catalogue.ITEM_KINDS
