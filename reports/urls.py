from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("inspections/<int:inspection_pk>/report/", views.overview, name="overview"),
    path("inspections/<int:inspection_pk>/report/start/", views.start, name="start"),
    path("inspections/<int:inspection_pk>/report/edit/", views.edit, name="edit"),
    path("inspections/<int:inspection_pk>/report/autosave/", views.autosave, name="autosave"),
    path(
        "inspections/<int:inspection_pk>/report/start-from-summaries/",
        views.start_from_summaries,
        name="start_from_summaries",
    ),
    path("inspections/<int:inspection_pk>/report/history/", views.history, name="history"),
    path("inspections/<int:inspection_pk>/report/preview/", views.preview, name="preview"),
    path("inspections/<int:inspection_pk>/report/stage/", views.change_stage, name="stage"),
    path("inspections/<int:inspection_pk>/report/comments/", views.comment, name="comment"),
    path("inspections/<int:inspection_pk>/report/comments/<int:pk>/answer/", views.answer, name="answer"),
    path("inspections/<int:inspection_pk>/report/pdf/", views.generate_pdf, name="generate_pdf"),
    path("inspections/<int:inspection_pk>/report/pdf/<int:pdf_pk>/status/", views.pdf_status, name="pdf_status"),
    path("inspections/<int:inspection_pk>/report/pdf/<int:pdf_pk>/download/", views.download_pdf, name="download_pdf"),
    path("inspections/<int:inspection_pk>/report/published.pdf", views.download_published, name="download_published"),
]
