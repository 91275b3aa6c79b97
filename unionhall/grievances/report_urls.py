"""Grievance pages, relative to a local: included under `l/<slug:local_slug>/`."""

from django.urls import path

from unionhall.grievances import report_views

urlpatterns = [
    path("grievances/reports/", report_views.grievance_reports, name="grievance_reports"),
    path("grievances/reports.csv", report_views.grievance_reports_csv,
         name="grievance_reports_csv"),
]
