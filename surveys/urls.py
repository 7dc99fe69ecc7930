from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    # Public pages, reached through a survey's unguessable link.
    path("s/<str:token>/", views.start, name="start"),
    path("s/<str:token>/questions/<slug:key>/", views.question, name="question"),
    path("s/<str:token>/check/", views.check, name="check"),
    path("s/<str:token>/saved/", views.saved, name="saved"),
    path("s/<str:token>/resume/", views.resume, name="resume"),
    path("s/<str:token>/done/", views.done, name="done"),
    # Inspectors and local area leads.
    path("inspections/<int:inspection_pk>/surveys/", views.overview, name="overview"),
    path("inspections/<int:inspection_pk>/surveys/create/", views.create_links, name="create_links"),
    path("inspections/<int:inspection_pk>/surveys/results/<slug:audience>/", views.results, name="results"),
    path("inspections/<int:inspection_pk>/surveys/results.csv", views.results_csv, name="results_csv"),
    path("inspections/<int:inspection_pk>/surveys/answers.csv", views.answers_csv, name="answers_csv"),
    path("inspections/<int:inspection_pk>/surveys/free-text/", views.free_text, name="free_text"),
    path(
        "inspections/<int:inspection_pk>/surveys/free-text/<int:answer_pk>/tags/", views.tag_answer, name="tag_answer"
    ),
    path("inspections/<int:inspection_pk>/surveys/safeguarding/", views.safeguarding, name="safeguarding"),
    path("inspections/<int:inspection_pk>/surveys/<slug:audience>/extend/", views.extend, name="extend"),
]
