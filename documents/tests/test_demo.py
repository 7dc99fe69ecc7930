"""The demo data shows every stage and can be loaded twice without duplicates."""

from documents import catalogue, demo
from documents.models import ActivityEntry, RequestItem, SelfEvaluationEntry, UploadedFile
from inspections.demo import seed_core


def test_demo_is_idempotent_and_shows_each_stage(db):
    ctx = seed_core()
    demo.seed(ctx)
    counts = (
        RequestItem.objects.count(),
        UploadedFile.objects.count(),
        SelfEvaluationEntry.objects.count(),
        ActivityEntry.objects.count(),
    )
    demo.seed(ctx)
    assert counts == (
        RequestItem.objects.count(),
        UploadedFile.objects.count(),
        SelfEvaluationEntry.objects.count(),
        ActivityEntry.objects.count(),
    )
    statuses = set(RequestItem.objects.filter(inspection=ctx.current).values_list("status", flat=True))
    assert statuses == {catalogue.CHANGES_REQUESTED, catalogue.ACCEPTED, catalogue.UPLOADED}
    assert SelfEvaluationEntry.objects.filter(inspection=ctx.onsite).count() == 11
    revised = SelfEvaluationEntry.objects.get(inspection=ctx.current, criterion=1)
    assert (revised.version, revised.updated_by) == (2, ctx.users["lead"])
    assert revised.next_steps.endswith(demo.REVISED_NEXT_STEPS)
