"""Factories for the information request; files are real, small documents built in memory."""

from __future__ import annotations

import io

import factory

from documents import catalogue, samplefiles, services
from documents.models import ActivityEntry, RequestItem, SelfEvaluationEntry


class RequestItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequestItem

    kind = catalogue.SELF_EVALUATION


class SelfEvaluationEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfEvaluationEntry

    criterion = 1
    known = "Waiting times for EHC needs assessments have fallen since April."
    next_steps = "We are recruiting two more educational psychologists."


class ActivityEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityEntry

    action = ActivityEntry.Action.UPLOADED
    description = "Uploaded a file"


def incoming(name: str = "Self-evaluation.pdf", data: bytes | None = None) -> services.IncomingFile:
    data = samplefiles.pdf_bytes() if data is None else data
    return services.IncomingFile(name=name, stream=io.BytesIO(data), size=len(data))


def upload(inspection, user, *, kind: str = catalogue.SELF_EVALUATION, names=("Self-evaluation.pdf",), **kwargs):
    """Upload one version of an item through the real service."""
    return services.upload_files(
        inspection=inspection, kind=kind, by=user, files=[incoming(n) for n in names], **kwargs
    )
