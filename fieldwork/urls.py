from django.urls import path

from . import views

app_name = "fieldwork"

_BASE = "inspections/<int:inspection_pk>/fieldwork/"

urlpatterns = [
    path(_BASE, views.week, name="week"),
    path(_BASE + "new/", views.activity_new, name="activity_new"),
    path(_BASE + "activities/<int:pk>/", views.activity_detail, name="activity"),
    path(_BASE + "activities/<int:pk>/change/", views.activity_edit, name="activity_edit"),
    path(_BASE + "activities/<int:pk>/cancel/", views.activity_cancel, name="activity_cancel"),
    path(_BASE + "inspectors/<int:user_pk>/<str:day>/", views.day_plan, name="day_plan"),
    path(_BASE + "inspectors/<int:user_pk>/fieldwork.ics", views.calendar, name="calendar"),
    path(_BASE + "arrange/", views.arrange, name="arrange"),
    path(_BASE + "coverage/", views.coverage, name="coverage"),
]
