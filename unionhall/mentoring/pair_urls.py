"""The pair pages, the program's results and the thank-you letters, relative to a local:
included under `l/<slug:local_slug>/`. A pair's `pk` is the Match's; a cycle's is the Cycle's."""

from django.urls import path

from unionhall.mentoring import pair_views as views

urlpatterns = [
    path("mentoring/pairs/<int:pk>/", views.pair_detail, name="pair_detail"),
    path("mentoring/pairs/<int:pk>/meetings/", views.pair_meeting_add, name="pair_meeting_add"),
    path("mentoring/pairs/<int:pk>/meetings/<int:meeting_pk>/remove/",
         views.pair_meeting_remove, name="pair_meeting_remove"),
    path("mentoring/pairs/<int:pk>/goals/", views.pair_goal_add, name="pair_goal_add"),
    path("mentoring/pairs/<int:pk>/goals/<int:goal_pk>/status/", views.pair_goal_status,
         name="pair_goal_status"),
    path("mentoring/pairs/<int:pk>/goals/<int:goal_pk>/check-ins/", views.pair_check_in_add,
         name="pair_check_in_add"),
    path("mentoring/pairs/<int:pk>/notes/", views.pair_note_add, name="pair_note_add"),
    path("mentoring/pairs/<int:pk>/survey/", views.pair_survey, name="pair_survey"),
    path("mentoring/cycles/<int:pk>/results/", views.mentoring_results,
         name="mentoring_results"),
    path("mentoring/cycles/<int:pk>/results.csv", views.mentoring_results_csv,
         name="mentoring_results_csv"),
    path("mentoring/cycles/<int:pk>/results/close/", views.mentoring_results_close,
         name="mentoring_results_close"),
    path("mentoring/cycles/<int:pk>/thank-you/", views.mentoring_thanks_letters,
         name="mentoring_thanks_letters"),
    path("mentoring/cycles/<int:pk>/thank-you/send/", views.mentoring_thanks_send,
         name="mentoring_thanks_send"),
    path("mentoring/cycles/<int:pk>/thank-you/<int:enrollment_pk>.pdf",
         views.mentoring_thanks_pdf, name="mentoring_thanks_pdf"),
]
