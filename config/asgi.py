import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# A web worker leaves out what only the Celery worker needs (see WEB_PROCESS in settings).
os.environ.setdefault("WEB_PROCESS", "1")
application = get_asgi_application()
