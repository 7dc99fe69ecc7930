"""The project's URLs plus a minimal view that benchmarks use as their baseline."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def minimal_view(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/minimal/", minimal_view, name="bench_minimal"), *project_urlpatterns]
