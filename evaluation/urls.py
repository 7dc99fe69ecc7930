from django.urls import path

from . import views

app_name = "evaluation"

P = "inspections/<int:inspection_pk>/"

urlpatterns = [
    path(P + "evidence/matrix/", views.matrix, name="matrix"),
    path(P + "evidence/", views.evidence_list, name="evidence_list"),
    path(P + "evidence/new/", views.evidence_new, name="evidence_new"),
    path(P + "evidence/drafts/", views.draft_save, name="draft_save"),
    path(P + "evidence/drafts/<uuid:key>/delete/", views.draft_discard, name="draft_discard"),
    path(P + "evidence/<int:pk>/", views.evidence_detail, name="evidence_detail"),
    path(P + "evidence/<int:pk>/edit/", views.evidence_edit, name="evidence_edit"),
    path(P + "evidence/<int:pk>/withdraw/", views.evidence_withdraw, name="evidence_withdraw"),
    path(P + "criteria/<int:number>/", views.criterion_detail, name="criterion"),
    path(P + "outcome/", views.outcome, name="outcome"),
    path(P + "outcome/decide/", views.outcome_decide, name="outcome_decide"),
    path(P + "outcome/areas/new/", views.area_new, name="area_new"),
    path(P + "outcome/areas/<int:pk>/edit/", views.area_edit, name="area_edit"),
    path(P + "outcome/areas/<int:pk>/remove/", views.area_remove, name="area_remove"),
    path("follow-ups/", views.follow_ups, name="follow_ups"),
]
