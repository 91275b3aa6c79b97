"""Access-matrix rows (see test_access_matrix.py) for member communications.

Messages are for who may email members (EMAIL_MEMBERS: officers and the local admin, with
two-factor sign-in); everyone else signed in is refused. An empty POST to the send button sends
the draft and goes to its page (302). The email preferences page is for whoever has their own
Person in the local (the steward, admin and state staff personas have none; the outsider's is in
another local). The unsubscribe link is signed and works for anyone, signed in or not: GET only
asks (a POST unsubscribes, tested in unionhall/comms/tests)."""

from tests.matrix_common import LOGIN

PERSONAS = ("anonymous", "member", "rep", "steward", "officer", "admin", "state", "outsider")


def _emailers(status):
    return {"anonymous": LOGIN, "member": 403, "rep": 403, "steward": 403, "officer": status,
            "admin": status, "state": 403, "outsider": 403}


def _local(w):
    return {"local_slug": "lakeview"}


def _draft(w):
    from unionhall.comms import actions

    message = actions.create_message(
        w.local, by=None, subject="Route bid meeting Thursday", topic="events", language="en",
        body="Bring your questions about split shifts.",
        audience={"worksites": [w.site_a.pk, w.site_b.pk]})
    return {"local_slug": "lakeview", "pk": message.pk}


def _sent(w):
    from unionhall.comms import actions
    from unionhall.comms.models import Message

    kwargs = _draft(w)
    actions.send_message(Message.objects.get(pk=kwargs["pk"]), by=None)
    return kwargs


def _token(w):
    from unionhall.comms.unsubscribe import make_token

    return {"token": make_token(w.people_a[2].pk, "events")}


COMMS_MATRIX = {
    "message_list": ("get", _local, _emailers(200)),
    "message_new": ("post", _local, _emailers(200)),
    "message_edit": ("get", _draft, _emailers(200)),
    "message_preview": ("get", _draft, _emailers(200)),
    "message_send": ("post", _draft, _emailers(302)),
    "message_detail": ("get", _sent, _emailers(200)),
    "email_preferences": ("get", _local, {
        "anonymous": LOGIN, "member": 200, "rep": 200, "steward": 403, "officer": 200,
        "admin": 403, "state": 403, "outsider": 403}),
    "unsubscribe": ("get", _token, dict.fromkeys(PERSONAS, 200)),
}
