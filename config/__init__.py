"""Project configuration.

The Celery application (``config.celery``) is not imported here: a web worker loads it only when
a request sends a task (docs/adr/0122). ``celery -A config`` finds it in ``config.celery``.
"""
