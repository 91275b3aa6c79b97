"""Grievance pages, relative to a local: included under `l/<slug:local_slug>/`."""

from django.urls import path

from unionhall.grievances import setup_views as views

urlpatterns = [
    path("grievances/procedure/", views.procedure, name="grievance_procedure"),
    path("grievances/calendar/", views.calendar, name="grievance_calendar"),
    path("grievances/calendar/<int:pk>/", views.school_year, name="grievance_school_year"),
    path("grievances/calendar/<int:pk>/days/remove/", views.calendar_day_remove,
         name="grievance_calendar_day_remove"),
    path("grievances/calendar/<int:pk>/import/", views.calendar_import,
         name="grievance_calendar_import"),
    path("grievances/calendar/<int:pk>/holidays/", views.calendar_holidays,
         name="grievance_calendar_holidays"),
]
