"""Access-matrix rows for the event pages, in the format of MATRIX in test_access_matrix.py:
url name -> (method, kwargs builder, {persona: expected}); expected is a status or LOGIN.

The event the rows use is published, for everyone in the bargaining unit, starting in an hour.
Who is invited among the personas: the member, the rep and the officer (their own persons are
in the unit); the steward and the admin have no person (they see the event for the door and
for running it); state staff have neither standing for it, so it does not exist for them (404).
POSTs carry no data: who may act gets the page back with a message (302)."""

import datetime as dt

from django.utils import timezone

from tests.matrix_common import who as _who


def make_event(w, *, publish=True, by=None, starts_in=dt.timedelta(hours=1), **extra):
    """An event of the world's local (published unless told), made through the actions."""
    from unionhall.events.actions import create_event, publish_event

    starts = timezone.now() + starts_in
    values = {"title": "Know your rights training", "place": "Union hall",
              "starts_at": starts, "ends_at": starts + dt.timedelta(hours=2), **extra}
    event = create_event(w.local, by=by, **values)
    return publish_event(event, by=by) if publish else event


def _e(w):
    return {"local_slug": "lakeview", "pk": make_event(w).pk}


def _draft(w):
    return {"local_slug": "lakeview", "pk": make_event(w, publish=False).pk}


def _token(w):
    from unionhall.events.links import rsvp_token

    return {"token": rsvp_token(make_event(w).pk, w.people_a[2].pk)}


EVERYONE = _who(member=200, rep=200, steward=200, officer=200, admin=200, state=200)
RUN_GET = _who(officer=200, admin=200)
RUN_POST = _who(officer=302, admin=302)
DOOR_GET = _who(rep=200, steward=200, officer=200, admin=200)
DOOR_POST = _who(rep=302, steward=302, officer=302, admin=302)
# An event's page: whoever is invited, at the door or running events; not state staff (404).
SEES_EVENT = _who(member=200, rep=200, steward=200, officer=200, admin=200, state=404)
# Answering and checking oneself in need one's own person: the steward and the admin see the
# event but have none (403); state staff do not see it (404).
OWN_PERSON_POST = _who(member=302, rep=302, steward=403, officer=302, admin=403, state=404)
ANYONE = {"anonymous": 200, "member": 200, "rep": 200, "steward": 200, "officer": 200,
          "admin": 200, "state": 200, "outsider": 200}

EVENT_MATRIX = {
    "event_list": ("get", lambda w: {"local_slug": "lakeview"}, EVERYONE),
    "event_new": ("get", lambda w: {"local_slug": "lakeview"}, RUN_GET),
    "event_detail": ("get", _e, SEES_EVENT),
    "event_edit": ("get", _e, RUN_GET),
    "event_publish": ("post", _draft, RUN_POST),
    "event_cancel": ("post", _e, RUN_POST),
    "event_rsvp": ("post", _e, OWN_PERSON_POST),
    "event_door": ("get", _e, DOOR_GET),
    "event_check_in": ("post", _e, OWN_PERSON_POST),
    # The link from the invitation email works for whoever holds it, signed in or not.
    "event_rsvp_link": ("get", _token, ANYONE),
}
# The door's POST (a code or a person) is tried by the event tests: an empty one is a 302 for
# DOOR_POST and a 403 for the others.
