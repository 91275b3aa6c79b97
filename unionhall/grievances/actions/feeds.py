"""A steward's private calendar address for their deadlines. Only a hash of the token is kept:
the address is shown once, and a new one (or revoking) makes the old one stop working."""

import hashlib
import secrets

from django.db import transaction

from unionhall.core.audit import record
from unionhall.core.permissions import Perm, require
from unionhall.grievances.models import CalendarFeed


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic(durable=True)
def create_feed(local, *, by) -> str:
    """A new private address for `by`'s deadlines in the local (replacing any old one);
    returns the token, which is not stored."""
    require(by, local, Perm.HANDLE_GRIEVANCES)
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.filter(user=by, local=local).delete()
    CalendarFeed.objects.create(user=by, local=local, token_hash=token_hash(token))
    record("grievance.feed_created", by=by, affiliate=local)
    return token


@transaction.atomic(durable=True)
def revoke_feed(local, *, by) -> bool:
    deleted, _ = CalendarFeed.objects.filter(user=by, local=local).delete()
    if deleted:
        record("grievance.feed_revoked", by=by, affiliate=local)
    return bool(deleted)
