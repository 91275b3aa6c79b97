"""A person's private calendar address for the events they are invited to. Only a sha256 hash
of the token is kept: the address is shown once, and a new one (or revoking it) makes the old
one stop working. Only the person themself (or the system) makes or revokes it."""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction

from unionhall.core.audit import record
from unionhall.events.models import PersonalFeed


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _require_self(person, by) -> None:
    """`by` is the person's own account, or None (the system)."""
    if by is None:
        return
    if not getattr(by, "is_authenticated", False) or by.person_id != person.pk:
        raise PermissionDenied


@transaction.atomic(durable=True)
def create_feed(person, *, by) -> str:
    """A new private address for the person (replacing any old one); returns the token,
    which is not stored and cannot be shown again."""
    _require_self(person, by)
    token = secrets.token_urlsafe(32)
    replaced, _ = PersonalFeed.objects.filter(person=person).delete()
    feed = PersonalFeed.objects.create(person=person, token_hash=token_hash(token))
    record("event_feed.created", by=by, affiliate=person.local, obj=feed,
           changes={"replaced": [None, bool(replaced)]})
    return token


@transaction.atomic(durable=True)
def revoke_feed(person, *, by) -> bool:
    """Stop the person's private address; False when they had none."""
    _require_self(person, by)
    feed = PersonalFeed.objects.filter(person=person).first()
    if feed is None:
        return False
    record("event_feed.revoked", by=by, affiliate=person.local, obj=feed)
    feed.delete()
    return True


def feed_for_token(token: str) -> PersonalFeed | None:
    """The feed a token opens, with its person and local (one query), or None."""
    if not token or len(token) > 200:
        return None
    return (PersonalFeed.objects.select_related("person__local", "person__user")
            .filter(token_hash=token_hash(token)).first())
