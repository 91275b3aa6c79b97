"""Access-matrix rows (see test_access_matrix.py) for events in a calendar app: one event's
.ics file (as for the event's page: who is invited, who runs events, who checks people in at
the door), the page for one's own private calendar address (anyone with their own person in
the local), and the private feed itself, which needs no sign-in: a bad token is a 404 for
everyone."""

import datetime as dt

LOGIN = "login"


def _local(w):
    return {"local_slug": "lakeview"}


def _published_event(w):
    """A published event for everyone in the unit at Lakeview, next week."""
    from django.utils import timezone

    from unionhall.events.actions import create_event, publish_event

    starts = (timezone.now() + dt.timedelta(days=7)).replace(microsecond=0)
    event = create_event(w.local, by=None, title="Chapter meeting", place="Union hall",
                         starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
                         audience="everyone")
    publish_event(event, by=None, invite=False)
    return {"local_slug": "lakeview", "pk": event.pk}


FEED_MATRIX = {
    "event_ics": ("get", _published_event, {
        "anonymous": LOGIN, "member": 200, "rep": 200, "steward": 200, "officer": 200,
        "admin": 200, "state": 404, "outsider": 403}),
    "event_feed_settings": ("get", _local, {
        "anonymous": LOGIN, "member": 200, "rep": 200, "steward": 403, "officer": 200,
        "admin": 403, "state": 403, "outsider": 403}),
    "event_feed_ics": ("get", lambda w: {"token": "not-a-real-token"}, {
        "anonymous": 404, "member": 404, "rep": 404, "steward": 404, "officer": 404,
        "admin": 404, "state": 404, "outsider": 404}),
}
