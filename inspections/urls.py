from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("inspections/announce/", views.announce, name="announce"),
    path("inspections/<int:inspection_pk>/", views.detail, name="detail"),
    path("inspections/<int:inspection_pk>/timeline.ics", views.timeline_ics, name="timeline_ics"),
    path("inspections/<int:inspection_pk>/milestones/<slug:key>/move/", views.move_milestone, name="move_milestone"),
    path("inspections/<int:inspection_pk>/final-feedback/", views.final_feedback, name="final_feedback"),
    path("partnerships/<int:pk>/", views.partnership_detail, name="partnership"),
]
