from django.urls import path

from unionhall.democracy import election_views as views

urlpatterns = [
    path("elections/", views.election_list, name="election_list"),
    path("elections/new/", views.election_new, name="election_new"),
    path("elections/rules/", views.democracy_settings, name="democracy_settings"),
    path("elections/<int:pk>/", views.election_detail, name="election_detail"),
    path("elections/<int:pk>/edit/", views.election_edit, name="election_edit"),
    path("elections/<int:pk>/manage/", views.election_manage, name="election_manage"),
    path("elections/<int:pk>/nominate/", views.election_nominate, name="election_nominate"),
    path("elections/<int:pk>/vote/", views.election_vote, name="election_vote"),
    path("elections/<int:pk>/roll/", views.election_roll, name="election_roll"),
    path("elections/<int:pk>/paper/", views.election_paper, name="election_paper"),
    path("elections/<int:pk>/print/", views.election_print, name="election_print"),
    path("elections/<int:pk>/count/", views.election_tally, name="election_tally"),
    path("elections/<int:pk>/certify/", views.election_certify, name="election_certify"),
    path("elections/<int:pk>/results/", views.election_results, name="election_results"),
    path("elections/<int:pk>/receipts/", views.election_receipts, name="election_receipts"),
    path("elections/<int:pk>/contests/<int:contest_pk>/ballots.blt", views.contest_blt,
         name="contest_blt"),
    path("elections/<int:pk>/candidates/<int:candidate_pk>/statement/",
         views.candidate_statement, name="candidate_statement"),
    path("nominations/<int:pk>/", views.nomination_answer, name="nomination_answer"),
]
