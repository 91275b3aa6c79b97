"""Member communications, under /l/<local_slug>/: messages to members (EMAIL_MEMBERS) and a
person's own email preferences. The unsubscribe link has no local (unionhall/urls.py)."""

from django.urls import path

from unionhall.comms import views

urlpatterns = [
    path("messages/", views.message_list, name="message_list"),
    path("messages/new/", views.message_new, name="message_new"),
    path("messages/<int:pk>/", views.message_detail, name="message_detail"),
    path("messages/<int:pk>/edit/", views.message_edit, name="message_edit"),
    path("messages/<int:pk>/preview/", views.message_preview, name="message_preview"),
    path("messages/<int:pk>/send/", views.message_send, name="message_send"),
    path("preferences/", views.email_preferences, name="email_preferences"),
]
