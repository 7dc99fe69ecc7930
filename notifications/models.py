"""A record of each reminder sent by the periodic job, so that no reminder goes twice."""

from django.db import models


class SentNotice(models.Model):
    """One reminder sent: ``key`` names what it was about (e.g. a survey and its close date)."""

    key = models.CharField(max_length=120, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
