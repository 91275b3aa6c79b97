"""Under /l/<local_slug>/: one event's .ics file and the page for a person's private calendar
address. The feed itself has no local in its address (unionhall/urls.py: event_feed_ics)."""

from django.urls import path

from unionhall.events import feed_views

urlpatterns = [
    path("events/<int:pk>/event.ics", feed_views.event_ics, name="event_ics"),
    path("events/calendar/", feed_views.event_feed_settings, name="event_feed_settings"),
]
