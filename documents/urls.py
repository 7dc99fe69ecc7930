from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("inspections/<int:inspection_pk>/information-request/", views.task_list, name="task_list"),
    path(
        "inspections/<int:inspection_pk>/information-request/other/new/",
        views.item_page,
        {"kind": "other"},
        name="new_other",
    ),
    path(
        "inspections/<int:inspection_pk>/information-request/other/<int:item_pk>/",
        views.item_page,
        {"kind": "other"},
        name="other_item",
    ),
    path(
        "inspections/<int:inspection_pk>/information-request/other/<int:item_pk>/review/",
        views.review,
        {"kind": "other"},
        name="review_other",
    ),
    path(
        "inspections/<int:inspection_pk>/information-request/files/<int:file_pk>/download/",
        views.download,
        name="download",
    ),
    path("inspections/<int:inspection_pk>/information-request/<slug:kind>/", views.item_page, name="item"),
    path("inspections/<int:inspection_pk>/information-request/<slug:kind>/review/", views.review, name="review"),
    path("inspections/<int:inspection_pk>/self-evaluation-summary/", views.summary, name="summary"),
    path(
        "inspections/<int:inspection_pk>/self-evaluation-summary/<int:number>/", views.summary_edit, name="summary_edit"
    ),
    path("inspections/<int:inspection_pk>/activity/", views.activity, name="activity"),
]
