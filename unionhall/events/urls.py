"""Event pages, relative to a local: included under `l/<slug:local_slug>/`. The RSVP link from
the email has no local in it: `rsvp/<str:token>/` (link_views.rsvp_link, `event_rsvp_link`),
wired at the root."""

from django.urls import path

from unionhall.events import views

urlpatterns = [
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_new, name="event_new"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/publish/", views.event_publish, name="event_publish"),
    path("events/<int:pk>/cancel/", views.event_cancel, name="event_cancel"),
    path("events/<int:pk>/rsvp/", views.event_rsvp, name="event_rsvp"),
    path("events/<int:pk>/door/", views.event_door, name="event_door"),
    path("events/<int:pk>/check-in/", views.event_check_in, name="event_check_in"),
]
