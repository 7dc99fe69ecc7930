from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Area SEND Inspect administration"
admin.site.site_title = "Area SEND Inspect"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("inspections.urls")),
    path("", include("documents.urls")),
    path("", include("surveys.urls")),
    path("", include("tracking.urls")),
    path("", include("evaluation.urls")),
    path("", include("fieldwork.urls")),
    path("", include("reports.urls")),
    path("", include("followups.urls")),
    path("", include("monitoring.urls")),
]

handler403 = "inspections.views.error_403"
handler404 = "inspections.views.error_404"
handler500 = "inspections.views.error_500"
