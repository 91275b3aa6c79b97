from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from unionhall.core import actions
from unionhall.core.models import (
    Affiliate,
    AuditEntry,
    JobClass,
    JobFamily,
    RoleAssignment,
    Worksite,
)


class CreateLocalForm(forms.Form):
    slug = forms.SlugField()
    name = forms.CharField(max_length=200)
    time_zone = forms.CharField(max_length=64, initial="America/New_York")
    state_slug = forms.SlugField(required=False)
    state_name = forms.CharField(max_length=200, required=False)


@admin.register(Affiliate)
class AffiliateAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug", "parent", "time_zone", "language"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]

    def get_urls(self):
        return [
            path("create-local/", self.admin_site.admin_view(self.create_local_view),
                 name="core_affiliate_create_local"),
        ] + super().get_urls()

    def add_view(self, request, form_url="", extra_context=None):
        # A new local goes through the same action as `manage.py create_local`.
        return redirect("admin:core_affiliate_create_local")

    def create_local_view(self, request):
        form = CreateLocalForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                local = actions.create_local(**form.cleaned_data, by=request.user)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, f"Created the local {local.name}.")
                return redirect("admin:core_affiliate_changelist")
        context = {**self.admin_site.each_context(request), "form": form,
                   "title": "Create a local", "opts": self.model._meta}
        return TemplateResponse(request, "admin/core/create_local.html", context)


@admin.register(Worksite)
class WorksiteAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "local"]
    list_filter = ["kind", "local"]
    search_fields = ["name"]


@admin.register(JobClass)
class JobClassAdmin(admin.ModelAdmin):
    list_display = ["title", "family", "local"]
    list_filter = ["family", "local"]


admin.site.register(JobFamily)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "affiliate"]
    list_filter = ["role", "affiliate"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["worksites"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "affiliate", "verb", "object_repr"]
    list_filter = ["verb"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
