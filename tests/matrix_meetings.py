"""Access-matrix rows for the meeting pages, in the format of MATRIX in test_access_matrix.py:
url name -> (method, kwargs builder, {persona: expected}); expected is a status or LOGIN.
POSTs carry no data: who may act gets the page back with a message (302), who may not, 403."""

from django.utils import timezone

from tests.matrix_common import who as _who


def _meeting(w, **extra):
    from unionhall.democracy.actions import create_meeting

    return create_meeting(w.local, title="General membership meeting", kind="general",
                          starts_at=timezone.now(), by=None, **extra)


def _m(w):
    return {"local_slug": "lakeview", "pk": _meeting(w).pk}


def _item(w):
    from unionhall.democracy.actions import add_agenda_item

    meeting = _meeting(w)
    item = add_agenda_item(meeting, title="New business", by=None)
    return {"local_slug": "lakeview", "pk": meeting.pk, "item_pk": item.pk}


def _motion(w, seconded=False):
    from unionhall.democracy.actions import mark_present, move_motion, second_motion

    meeting = _meeting(w)
    mark_present(meeting, w.people_a[0], by=None)
    mark_present(meeting, w.people_a[1], by=None)
    motion = move_motion(meeting, text="That the local hold a rally.",
                         moved_by=w.people_a[0], by=None)
    if seconded:
        motion = second_motion(motion, seconded_by=w.people_a[1], by=None)
    return {"local_slug": "lakeview", "pk": meeting.pk, "motion_pk": motion.pk}


def _secret_vote(w):
    from unionhall.democracy.actions import start_motion_vote
    from unionhall.democracy.models import Motion

    kwargs = _motion(w, seconded=True)
    start_motion_vote(Motion.objects.get(pk=kwargs["motion_pk"]), minutes=10, by=None)
    return kwargs




# Everyone with standing in the local (members, reps, stewards, officers, admin, state staff).
EVERYONE = _who(member=200, rep=200, steward=200, officer=200, admin=200, state=200)
# RUN_MEETINGS: officers and the local admin.
RUN_GET = _who(officer=200, admin=200)
RUN_POST = _who(officer=302, admin=302)
# MARK_ATTENDANCE: building reps, stewards, officers, the admin.
DOOR_GET = _who(rep=200, steward=200, officer=200, admin=200)
DOOR_POST = _who(rep=302, steward=302, officer=302, admin=302)

MEETING_MATRIX = {
    "meeting_list": ("get", lambda w: {"local_slug": "lakeview"}, EVERYONE),
    "meeting_new": ("get", lambda w: {"local_slug": "lakeview"}, RUN_GET),
    "meeting_detail": ("get", _m, EVERYONE),
    "meeting_edit": ("get", _m, RUN_GET),
    "meeting_quorum": ("get", _m, EVERYONE),
    # A member signs in themself: only users whose own person is in the local.
    "meeting_sign_in": ("get", _m, _who(member=200, rep=200, officer=200)),
    "meeting_sign_in_open": ("post", _m, RUN_POST),
    "meeting_sign_in_close": ("post", _m, RUN_POST),
    "meeting_sign_in_sheet": ("get", _m, DOOR_GET),
    "meeting_attendance": ("get", _m, DOOR_GET),
    "meeting_mark_present": ("post", _m, DOOR_POST),
    "meeting_unmark_present": ("post", _m, DOOR_POST),
    "meeting_agenda": ("get", _m, RUN_GET),
    "agenda_item_edit": ("get", _item, RUN_GET),
    "agenda_item_remove": ("post", _item, RUN_POST),
    "agenda_item_move": ("post", _item, RUN_POST),
    "motion_move": ("post", _m, RUN_POST),
    "motion_second": ("post", _motion, RUN_POST),
    "motion_amend": ("post", _motion, RUN_POST),
    "motion_withdraw": ("post", _motion, RUN_POST),
    "motion_hand_vote": ("post", lambda w: _motion(w, seconded=True), RUN_POST),
    "motion_secret_vote": ("post", lambda w: _motion(w, seconded=True), RUN_POST),
    "motion_secret_vote_close": ("post", _secret_vote, RUN_POST),
    "meeting_minutes": ("get", _m, EVERYONE),
    "meeting_minutes_approve": ("post", _m, RUN_POST),
}
