"""Access-matrix rows (see test_access_matrix.py) for the bargaining session pages.

Everyone with standing in the local reads a published session, its transcript and the WebVTT
export; the bargaining team (and the officers and the local admin, who hold Perm.BARGAIN)
adds and changes sessions, attendees and transcripts. The outsider is stopped at the local's
door (403); anonymous is sent to sign in. A draft session is "not found" for anyone but the
team (tested in unionhall/bargaining/tests/test_sessions.py). POSTs carry no data: the publish
toggle without its field sends the team back to the session (302)."""

import datetime as dt

from tests.matrix_common import LOGIN

READERS = {"anonymous": LOGIN, "member": 200, "rep": 200, "steward": 200, "officer": 200,
           "admin": 200, "state": 200, "outsider": 403, "team": 200}


def _team(status):
    return {"anonymous": LOGIN, "member": 403, "rep": 403, "steward": 403, "officer": status,
            "admin": status, "state": 403, "outsider": 403, "team": status}


def _local(w):
    return {"local_slug": "lakeview"}


def make_session(w, *, published=True):
    """A session with two attendees and a short typed transcript, made by the system."""
    from unionhall.bargaining.actions import sessions as actions

    session = actions.create_session(
        w.local, held_on=w.local.today() - dt.timedelta(days=3), title="Session 1",
        video_url="https://www.youtube.com/watch?v=UnionhallM01", by=None)
    actions.set_attendees(session, [("union", "Lara Center", "President", None),
                                    ("district", "Steve Bell", "Chief of staff", None)],
                          by=None)
    actions.import_transcript(session, "0:05 Lara Center Good afternoon.\n"
                                       "0:09 Steve Bell Thank you for coming.\n", by=None)
    if published:
        actions.publish_session(session, by=None)
    return session


def _session(w):
    return {"local_slug": "lakeview", "pk": make_session(w).pk}


SESSION_MATRIX = {
    "session_list": ("get", _local, READERS),
    "session_detail": ("get", _session, READERS),
    "transcript_vtt": ("get", _session, READERS),
    "session_new": ("get", _local, _team(200)),
    "session_edit": ("get", _session, _team(200)),
    "session_publish": ("post", _session, _team(302)),
    "session_attendees": ("get", _session, _team(200)),
    "transcript_import": ("get", _session, _team(200)),
    "transcript_speakers": ("get", _session, _team(200)),
}
