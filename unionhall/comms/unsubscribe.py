"""Signed one-click unsubscribe links: the token names a person and a topic, signed with the
site's secret key, so the link itself is the authorisation (no sign-in, no stored token).

A token never expires: an old email's link must still work. It can only ever turn one topic
off for one person, and changing SECRET_KEY invalidates every link at once."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from unionhall.members.models import Topic

SALT = "unionhall.comms.unsubscribe"


def make_token(person_id: int, topic: str) -> str:
    return signing.Signer(salt=SALT).sign_object([int(person_id), str(topic)])


def read_token(token: str) -> tuple[int, str] | None:
    """(person id, topic) from a token, or None if it was altered or is not one of ours."""
    try:
        value = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if (not isinstance(value, list) or len(value) != 2 or not isinstance(value[0], int)
            or value[1] not in Topic.values):
        return None
    return value[0], value[1]


def unsubscribe_url(person_id: int, topic: str) -> str:
    """The absolute address of the unsubscribe page for an email (scheduled work has no
    request to take the host from, hence SITE_URL)."""
    return settings.SITE_URL + reverse("unsubscribe", kwargs={
        "token": make_token(person_id, topic)})


def headers(person_id: int, topic: str) -> dict[str, str]:
    """The headers of a bulk email: mail clients show "Unsubscribe" and POST to the link
    (RFC 2369, RFC 8058)."""
    return {"List-Unsubscribe": f"<{unsubscribe_url(person_id, topic)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated"}
