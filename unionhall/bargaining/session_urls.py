"""Bargaining sessions and their transcripts, under /l/<local_slug>/."""

from django.urls import path

from unionhall.bargaining import session_views as views

urlpatterns = [
    path("bargaining/sessions/", views.session_list, name="session_list"),
    path("bargaining/sessions/new/", views.session_new, name="session_new"),
    path("bargaining/sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("bargaining/sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("bargaining/sessions/<int:pk>/publish/", views.session_publish,
         name="session_publish"),
    path("bargaining/sessions/<int:pk>/attendees/", views.session_attendees,
         name="session_attendees"),
    path("bargaining/sessions/<int:pk>/transcript/", views.transcript_import,
         name="transcript_import"),
    path("bargaining/sessions/<int:pk>/transcript/speakers/", views.transcript_speakers,
         name="transcript_speakers"),
    path("bargaining/sessions/<int:pk>/transcript.vtt", views.transcript_vtt,
         name="transcript_vtt"),
]
