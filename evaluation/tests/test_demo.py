from evaluation import demo as evaluation_demo
from evaluation.models import AreaForAction, CriterionSummary, Evidence
from evaluation.selectors import outcome_for
from inspections import demo


def test_demo_seeds_evidence_and_an_outcome_3_once(db):
    ctx = demo.seed_core()
    evaluation_demo.seed(ctx)
    evaluation_demo.seed(ctx)  # a second run changes nothing
    assert outcome_for(ctx.published).outcome == 3
    assert outcome_for(ctx.onsite) is None
    assert Evidence.objects.filter(inspection=ctx.onsite).count() == 9
    revised = Evidence.objects.get(inspection=ctx.onsite, version_count=2)
    assert {v.saved_by for v in revised.versions.all()} == {revised.author, ctx.users["hmi"]}
    assert Evidence.objects.filter(inspection=ctx.published).count() == 9
    assert CriterionSummary.objects.filter(inspection=ctx.onsite).count() == 3
    assert AreaForAction.objects.filter(inspection=ctx.published, kind="priority").count() == 2
