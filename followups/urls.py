from django.urls import path

from . import views

app_name = "followups"

urlpatterns = [
    path("programme/", views.programme_page, name="programme"),
    path("inspections/<int:inspection_pk>/after-the-report/", views.after_report, name="after_report"),
    path("inspections/<int:inspection_pk>/priority-action-plan/", views.action_plan, name="action_plan"),
    path(
        "inspections/<int:inspection_pk>/priority-action-plan/<int:number>/review/",
        views.review_action_plan,
        name="review_action_plan",
    ),
    path(
        "inspections/<int:inspection_pk>/priority-action-plan/<int:number>/download/",
        views.download_action_plan,
        name="download_action_plan",
    ),
    path("inspections/<int:inspection_pk>/strategic-plan/", views.strategic_plan, name="strategic_plan"),
    path("inspections/<int:inspection_pk>/engagement-meetings/", views.meeting_list, name="meetings"),
    path(
        "inspections/<int:inspection_pk>/engagement-meetings/<int:number>/reschedule/",
        views.reschedule_meeting,
        name="reschedule_meeting",
    ),
    path(
        "inspections/<int:inspection_pk>/engagement-meetings/<int:number>/record/",
        views.record_meeting,
        name="record_meeting",
    ),
]
