"""Background jobs of the surveys app."""

from config.celery import app

from . import services


@app.task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def purge_expired_survey_drafts() -> int:
    """Delete unfinished answers of closed surveys. Idempotent: a second run finds nothing."""
    return services.purge_expired_drafts()
