"""A local's mentoring program (program_views), under /l/<local_slug>/mentoring/."""

from django.urls import path

from unionhall.mentoring import program_views as views

urlpatterns = [
    path("mentoring/", views.home, name="mentoring_home"),
    path("mentoring/program/", views.program_edit, name="mentoring_program_edit"),
    path("mentoring/program/committee/", views.committee, name="mentoring_committee"),
    path("mentoring/cycles/new/", views.cycle_new, name="mentoring_cycle_new"),
    path("mentoring/cycles/<int:pk>/edit/", views.cycle_edit, name="mentoring_cycle_edit"),
    path("mentoring/cycles/<int:pk>/sign-up/", views.enrol, name="mentoring_enrol"),
    path("mentoring/cycles/<int:pk>/withdraw/", views.withdraw, name="mentoring_withdraw"),
    path("mentoring/cycles/<int:pk>/enrolments/", views.enrolments,
         name="mentoring_enrolments"),
    path("mentoring/cycles/<int:pk>/enrolments/add/", views.enrolment_add,
         name="mentoring_enrolment_add"),
    path("mentoring/enrolments/<int:pk>/", views.enrolment_edit,
         name="mentoring_enrolment_edit"),
    path("mentoring/enrolments/<int:pk>/withdraw/", views.enrolment_withdraw,
         name="mentoring_enrolment_withdraw"),
    path("mentoring/cycles/<int:pk>/criteria/", views.criteria, name="mentoring_criteria"),
    path("mentoring/cycles/<int:pk>/matching/", views.matching, name="mentoring_matching"),
    path("mentoring/cycles/<int:pk>/matching/propose/", views.propose,
         name="mentoring_propose"),
    path("mentoring/cycles/<int:pk>/matching/publish/", views.publish,
         name="mentoring_publish"),
    path("mentoring/enrolments/<int:pk>/match/", views.match_change,
         name="mentoring_match_change"),
]
