"""Factories for evidence and areas for action."""

from __future__ import annotations

import itertools
from collections import Counter

import factory
from django.db.models import Max

from evaluation.models import AreaForAction, Evidence, EvidenceCriterion, EvidenceVersion, Nature, SourceKind
from evaluation.services import adjust_evidence_counts, count_key


def _last_number(inspection) -> int:
    return Evidence.objects.filter(inspection=inspection).aggregate(last=Max("number"))["last"] or 0


class EvidenceFactory(factory.django.DjangoModelFactory):
    """Evidence with its first version, criterion rows and count, as the service would write them."""

    class Meta:
        model = Evidence
        skip_postgeneration_save = True

    number = factory.LazyAttribute(lambda o: _last_number(o.inspection) + 1)
    author_role = "Inspector"
    author_organisation = "Ofsted"
    source_kind = SourceKind.TRACKING_MEETING
    nature = Nature.STRENGTH
    text = factory.Sequence(lambda n: f"Observation number {n} from the visit.")
    criterion_numbers = factory.LazyFunction(lambda: [3])

    @factory.post_generation
    def _rows(obj, create, extracted, **kwargs):
        if not create:
            return
        EvidenceCriterion.objects.bulk_create(
            EvidenceCriterion(evidence=obj, criterion=n) for n in obj.criterion_numbers
        )
        if obj.withdrawn_at is None:
            adjust_evidence_counts(inspection_id=obj.inspection_id, changes={count_key(obj): 1})
        EvidenceVersion.objects.create(
            evidence=obj,
            number=1,
            saved_by=obj.author,
            criterion_numbers=obj.criterion_numbers,
            source_kind=obj.source_kind,
            nature=obj.nature,
            text=obj.text,
        )


def bulk_evidence(*, inspection, authors, count: int) -> None:
    """Many evidence rows quickly, spread over criteria, sources, kinds and authors."""
    kinds = itertools.cycle(SourceKind.values)
    natures = itertools.cycle(Nature.values)
    people = itertools.cycle(authors)
    rows = []
    first = _last_number(inspection) + 1
    for i in range(count):
        author = next(people)
        rows.append(
            Evidence(
                inspection=inspection,
                number=first + i,
                author=author,
                author_role="Inspector",
                author_organisation=author.get_organisation_display(),
                source_kind=next(kinds),
                nature=next(natures),
                text=f"Evidence {i}",
                criterion_numbers=[i % 11 + 1],
            )
        )
    created = Evidence.objects.bulk_create(rows)
    EvidenceCriterion.objects.bulk_create(
        EvidenceCriterion(evidence=e, criterion=e.criterion_numbers[0]) for e in created
    )
    adjust_evidence_counts(inspection_id=inspection.pk, changes=Counter(count_key(e) for e in created))
    EvidenceVersion.objects.bulk_create(
        EvidenceVersion(
            evidence=e,
            number=1,
            saved_by=e.author,
            criterion_numbers=e.criterion_numbers,
            source_kind=e.source_kind,
            nature=e.nature,
            text=e.text,
        )
        for e in created
    )


class AreaForActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaForAction

    kind = AreaForAction.PRIORITY
    text = "Leaders across the partnership should make sure that needs are assessed on time."
    criteria = factory.LazyFunction(lambda: [1])
    order = factory.Sequence(lambda n: n + 1)
