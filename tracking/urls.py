from django.urls import path

from . import views

app_name = "tracking"

_BASE = "inspections/<int:inspection_pk>/children/"

urlpatterns = [
    path(_BASE, views.overview, name="overview"),
    path(_BASE + "propose/", views.propose, name="propose"),
    path(_BASE + "tracked/<int:pk>/", views.child_detail, name="child"),
    path(_BASE + "tracked/<int:pk>/replace/", views.replace, name="replace"),
    path(_BASE + "case-list/", views.case_list, name="case_list"),
    path(_BASE + "case-list/template.csv", views.case_list_template, name="case_list_template"),
    path(_BASE + "case-list/current.csv", views.case_list_download, name="case_list_download"),
    path(_BASE + "case-list/problems/<str:token>.csv", views.case_list_errors, name="case_list_errors"),
    path(_BASE + "case-sampling/", views.sampling, name="sampling"),
    path(_BASE + "case-sampling/<int:pk>/", views.sampled_case, name="sampled_case"),
    path(_BASE + "case-sampling/<int:pk>/withdraw/", views.withdraw_sampled_case, name="withdraw_sampled_case"),
]
