from django.contrib import admin

from unionhall.members.models import Membership, MembershipChange, Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["legal_last_name", "legal_first_name", "employee_id", "worksite", "local"]
    list_filter = ["local", "in_unit"]
    search_fields = ["legal_last_name", "legal_first_name", "employee_id"]
    list_select_related = ["worksite", "local"]
    raw_id_fields = ["worksite", "job_class"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "status", "since"]
    list_filter = ["status"]
    raw_id_fields = ["person"]
    list_select_related = ["person"]


@admin.register(MembershipChange)
class MembershipChangeAdmin(admin.ModelAdmin):
    list_display = ["person", "from_status", "to_status", "effective", "reason"]
    raw_id_fields = ["person", "recorded_by"]
