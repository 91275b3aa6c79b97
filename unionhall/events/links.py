"""The secrets of an event that travel outside the app: the signed RSVP links in the invitation
email, and each person's check-in code shown on their phone at the door.

- An RSVP link carries the event and the person, signed with the site's key and a salt of its
  own: no one can make one for somebody else, and changing a digit breaks the signature. It has
  no expiry of its own: it stops working when the event ends or is cancelled (the action checks),
  or when the person is no longer invited.
- A check-in code is a short HMAC of (event, person): the same every time the page is shown, so
  nothing is stored, and a steward who types it at the door finds the one person it belongs to.
- The door code (Event.door_code) is random, made when the event is published, and shown in the
  room for members to check themselves in (like a meeting's sign-in code).
"""

import secrets

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import salted_hmac

RSVP_SALT = "unionhall.events.rsvp-link"
CHECK_IN_SALT = "unionhall.events.check-in-code"
# Letters and digits no one mixes up on a phone screen or reads aloud wrongly: no 0/O, 1/I/L,
# 2/Z, 5/S, 8/B, G, U/V.
CHECK_IN_ALPHABET = "ACDEFHJKMNPRTWXY34679"
CHECK_IN_LENGTH = 6
DOOR_CODE_LENGTH = 6

_signer = signing.Signer(salt=RSVP_SALT)


# --- RSVP links -------------------------------------------------------------------------------


def rsvp_token(event_id: int, person_id: int) -> str:
    """A token naming (event, person), e.g. "12.345:Xo3…"."""
    return _signer.sign(f"{int(event_id)}.{int(person_id)}")


def read_rsvp_token(token: str) -> tuple[int, int] | None:
    """(event id, person id), or None for a token that was not made here or was changed."""
    try:
        value = _signer.unsign(token or "")
    except signing.BadSignature:
        return None
    event_id, _dot, person_id = value.partition(".")
    if not (event_id.isdigit() and person_id.isdigit()):
        return None
    return int(event_id), int(person_id)


def rsvp_path(event_id: int, person_id: int, answer: str | None = None) -> str:
    path = reverse("event_rsvp_link", kwargs={"token": rsvp_token(event_id, person_id)})
    return f"{path}?answer={answer}" if answer else path


def rsvp_url(event_id: int, person_id: int, answer: str | None = None) -> str:
    """The full address for an email."""
    return settings.SITE_URL + rsvp_path(event_id, person_id, answer)


# --- Check-in codes ---------------------------------------------------------------------------


def check_in_code(event_id: int, person_id: int) -> str:
    """The person's code for this event, e.g. "K7M4PX" (21**6: 85 million codes)."""
    digest = salted_hmac(CHECK_IN_SALT, f"{int(event_id)}:{int(person_id)}",
                         secret=settings.SECRET_KEY, algorithm="sha256").digest()
    number = int.from_bytes(digest[:8], "big")
    base = len(CHECK_IN_ALPHABET)
    chars = []
    for _i in range(CHECK_IN_LENGTH):
        number, rest = divmod(number, base)
        chars.append(CHECK_IN_ALPHABET[rest])
    return "".join(chars)


def format_check_in_code(code: str) -> str:
    """As shown on the phone: two groups of three, easier to read to a steward."""
    return f"{code[:3]}-{code[3:]}" if len(code) == CHECK_IN_LENGTH else code


def normalize_code(code: str) -> str:
    """What someone typed, as codes are compared: no spaces, dashes or dots, capitals."""
    return "".join(ch for ch in (code or "") if ch.isalnum()).upper()


def new_door_code() -> str:
    return "".join(secrets.choice("0123456789") for _i in range(DOOR_CODE_LENGTH))


def format_door_code(code: str) -> str:
    return f"{code[:3]} {code[3:]}" if len(code) == DOOR_CODE_LENGTH else code
