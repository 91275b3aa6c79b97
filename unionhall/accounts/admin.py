from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from unionhall.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "person", "is_staff", "is_active"]
    search_fields = ["email", "name"]
    raw_id_fields = ["person"]
    fieldsets = [
        (None, {"fields": ["email", "name", "person", "password"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "name", "password1", "password2"]})]
    filter_horizontal = []
    list_filter = ["is_staff", "is_active"]
