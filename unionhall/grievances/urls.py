"""Grievance case pages, relative to a local: included under `l/<slug:local_slug>/`."""

from django.urls import path, register_converter

from unionhall.grievances import feed_views, views


class CaseNumber:
    """A case number, "2026-014": never mistaken for a page like "new" or "reports"."""

    regex = r"[0-9]{4}-[0-9]{3,6}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(CaseNumber, "case")

urlpatterns = [
    path("grievances/", views.grievance_list, name="grievance_list"),
    path("grievances/new/", views.grievance_new, name="grievance_new"),
    path("grievances/feed/", feed_views.grievance_feed, name="grievance_feed"),
    path("grievances/<case:number>/", views.grievance_detail, name="grievance_detail"),
    path("grievances/<case:number>/edit/", views.grievance_edit, name="grievance_edit"),
    path("grievances/<case:number>/print/", views.grievance_print, name="grievance_print"),
    path("grievances/<case:number>/stewards/", views.grievance_stewards,
         name="grievance_stewards"),
    path("grievances/<case:number>/steps/<int:position>/file/", views.grievance_step_file,
         name="grievance_step_file"),
    path("grievances/<case:number>/steps/<int:position>/answer/", views.grievance_step_answer,
         name="grievance_step_answer"),
    path("grievances/<case:number>/steps/<int:position>/extend/", views.grievance_extend,
         name="grievance_extend"),
    path("grievances/<case:number>/notes/", views.grievance_note, name="grievance_note"),
    path("grievances/<case:number>/files/", views.grievance_document_add,
         name="grievance_document_add"),
    path("grievances/<case:number>/files/<int:pk>/", views.grievance_document,
         name="grievance_document"),
    path("grievances/<case:number>/close/", views.grievance_close, name="grievance_close"),
    path("grievances/<case:number>/reopen/", views.grievance_reopen, name="grievance_reopen"),
]
