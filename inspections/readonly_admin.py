"""Admin pages that show records without letting anyone change them there."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest


class ReadOnlyAdmin(admin.ModelAdmin):
    """Support staff may look; changes go through the service's pages, which check and record them."""

    #: Whether a row may be deleted here (e.g. personal data removed on request).
    allow_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.allow_delete and super().has_delete_permission(request, obj)
