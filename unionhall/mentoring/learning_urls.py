"""The course itself, under /mentoring/course/<offering>/learn/ (and the public page that checks
a certificate's code)."""

from django.urls import path

from unionhall.mentoring import learning_views as v

P = "course/<slug:offering_slug>/learn/"

urlpatterns = [
    path(P, v.learning_home, name="learning_home"),
    path(P + "modules/new/", v.learning_module_new, name="learning_module_new"),
    path(P + "modules/<int:number>/", v.learning_module, name="learning_module"),
    path(P + "modules/<int:number>/edit/", v.learning_module_edit, name="learning_module_edit"),
    path(P + "modules/<int:number>/activities/new/", v.learning_activity_new,
         name="learning_activity_new"),
    path(P + "activities/<int:pk>/", v.learning_activity, name="learning_activity"),
    path(P + "activities/<int:pk>/edit/", v.learning_activity_edit,
         name="learning_activity_edit"),
    path(P + "activities/<int:pk>/delete/", v.learning_activity_delete,
         name="learning_activity_delete"),
    path(P + "activities/<int:pk>/complete/", v.learning_self_study,
         name="learning_self_study"),
    path(P + "activities/<int:pk>/work/", v.learning_team_work, name="learning_team_work"),
    path(P + "activities/<int:pk>/files/", v.learning_file_add, name="learning_file_add"),
    path(P + "activities/<int:pk>/submissions/", v.learning_submissions,
         name="learning_submissions"),
    path(P + "activities/<int:pk>/attendance/", v.learning_attendance,
         name="learning_attendance"),
    path(P + "files/<int:pk>/", v.learning_file, name="learning_file"),
    path(P + "submissions/<int:pk>/", v.learning_submission, name="learning_submission"),
    path(P + "submissions/<int:pk>/feedback/", v.learning_feedback, name="learning_feedback"),
    path(P + "progress/", v.learning_progress, name="learning_progress"),
    path(P + "progress/teams/<int:team_pk>/", v.learning_team_progress,
         name="learning_team_progress"),
    path(P + "certificate/", v.learning_certificate, name="learning_certificate"),
    path(P + "certificate/issue/", v.learning_certificate_issue,
         name="learning_certificate_issue"),
    path(P + "certificate/pdf/", v.learning_certificate_pdf, name="learning_certificate_pdf"),
    path("certificates/<str:code>/", v.learning_certificate_check,
         name="learning_certificate_check"),
]
