from django.urls import path

from . import views

app_name = "monitoring"

P = "inspections/<int:inspection_pk>/monitoring/"

urlpatterns = [
    path("monitoring-inspections/announce/", views.announce, name="announce"),
    path(P, views.matrix, name="matrix"),
    path(P + "evidence/new/", views.evidence_new, name="evidence_new"),
    path(P + "evidence/<int:pk>/withdraw/", views.evidence_withdraw, name="evidence_withdraw"),
    path(P + "areas/<int:area_pk>/finding/", views.finding, name="finding"),
    path(P + "conclusion/", views.conclusion, name="conclusion"),
    path(P + "case-sample/", views.draw_sample, name="draw_sample"),
]
