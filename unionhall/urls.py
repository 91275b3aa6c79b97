from django.contrib import admin
from django.urls import include, path

from unionhall.accounts import views as account_views
from unionhall.comms import views as comms_views
from unionhall.core import views as core_views
from unionhall.events import link_views as event_link_views
from unionhall.events.feed_views import event_feed_ics
from unionhall.grievances.feed_views import grievance_feed_ics
from unionhall.members import join_views, payroll_views, roster_views, settings_views
from unionhall.members import views as member_views
from unionhall.mentoring import urls as mentoring_urls
from unionhall.organizing import density_views
from unionhall.organizing import person_views as organizing_person_views
from unionhall.organizing import settings_views as organizing_settings_views

local_patterns = [
    path("people/", member_views.person_list, name="person_list"),
    path("people/export.csv", member_views.person_export, name="person_export"),
    path("people/<int:pk>/", member_views.person_detail, name="person_detail"),
    path("people/<int:pk>/invite/", account_views.invite, name="person_invite"),
    path("people/<int:pk>/resign/", payroll_views.person_resign, name="person_resign"),
    path("people/<int:pk>/lapse/", payroll_views.person_lapse, name="person_lapse"),
    path("payroll/", payroll_views.payroll_page, name="payroll"),
    path("payroll/export/", payroll_views.payroll_export, name="payroll_export"),
    path("payroll/exports/<int:pk>/", payroll_views.payroll_export_detail,
         name="payroll_export_detail"),
    path("payroll/exports/<int:pk>/deductions.csv", payroll_views.payroll_export_csv,
         name="payroll_export_csv"),
    path("payroll/layout/", payroll_views.payroll_layout, name="payroll_layout"),
    path("payroll/remittances/", payroll_views.payroll_remittance_import,
         name="payroll_remittance_import"),
    path("payroll/remittances/<int:pk>/", payroll_views.remittance_detail,
         name="remittance_detail"),
    path("payroll/exceptions/<int:pk>/resolve/", payroll_views.remittance_exception_resolve,
         name="remittance_exception_resolve"),
    path("audit/", core_views.audit_log, name="audit_log"),
    path("join/", join_views.join, name="join"),
    path("join/thanks/", join_views.join_done, name="join_done"),
    path("roster/review/", roster_views.roster_review, name="roster_review"),
    path("roster/uploads/", roster_views.roster_upload, name="roster_upload"),
    path("roster/uploads/<int:pk>/", roster_views.roster_upload_detail,
         name="roster_upload_detail"),
    path("roster/uploads/<int:pk>/confirm/", roster_views.roster_upload_confirm,
         name="roster_upload_confirm"),
    path("roster/job-classes/<int:pk>/family/", roster_views.job_class_family,
         name="job_class_family"),
    path("roster/duplicates/<int:pk>/", roster_views.duplicate_resolve,
         name="duplicate_resolve"),
    path("membership/settings/", settings_views.membership_settings,
         name="membership_settings"),
    path("applications/", join_views.application_list, name="application_list"),
    path("applications/<int:pk>/", join_views.application_detail, name="application_detail"),
    path("applications/<int:pk>/decide/", join_views.application_decide,
         name="application_decide"),
    path("organizing/people/<int:pk>/", organizing_person_views.organizer_person,
         name="organizer_person"),
    path("organizing/list/", organizing_person_views.rep_list_page, name="organizer_list"),
    path("organizing/walk-list/", organizing_person_views.walk_list, name="walk_list"),
    path("organizing/settings/", organizing_settings_views.organizing_settings,
         name="organizing_settings"),
    path("invite/", organizing_person_views.invite, name="invite_coworker"),
    path("density/", density_views.density_local, name="density_local"),
    path("density.csv", density_views.density_csv, name="density_csv"),
    path("density/goals/", density_views.density_goals, name="density_goals"),
    path("coverage/", density_views.density_coverage, name="density_coverage"),
    path("", include("unionhall.democracy.election_urls")),
    path("", include("unionhall.democracy.meeting_urls")),
    path("", include("unionhall.grievances.urls")),
    path("", include("unionhall.grievances.setup_urls")),
    path("", include("unionhall.grievances.report_urls")),
    path("", include("unionhall.bargaining.urls")),
    path("", include("unionhall.events.urls")),
    path("", include("unionhall.events.feed_urls")),
    path("", include("unionhall.comms.urls")),
    path("", include(mentoring_urls.local_patterns)),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("l/<slug:local_slug>/", include(local_patterns)),
    path("mentoring/", include(mentoring_urls.course_patterns)),
    path("grievances/ical/<str:token>.ics", grievance_feed_ics, name="grievance_feed_ics"),
    path("events/ical/<str:token>.ics", event_feed_ics, name="event_feed_ics"),
    path("unsubscribe/<str:token>/", comms_views.unsubscribe, name="unsubscribe"),
    path("rsvp/<str:token>/", event_link_views.rsvp_link, name="event_rsvp_link"),
    path("s/<slug:state_slug>/density/", density_views.density_state, name="density_state"),
    path("accounts/two-factor-required/", core_views.mfa_required, name="mfa_required"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", core_views.healthz, name="healthz"),
]
