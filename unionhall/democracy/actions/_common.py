"""What the democracy actions share: permission checks and the acting user."""

from django.core.exceptions import PermissionDenied

from unionhall.core.models import Role
from unionhall.core.permissions import access_for, require  # noqa: F401


def require_committee(by, local) -> None:
    """Certifying is for members of the election committee themselves, not for admins."""
    if by is None or Role.ELECTION_COMMITTEE not in access_for(by, local).roles:
        raise PermissionDenied


def actor(by):
    return by if by is not None and by.is_authenticated else None


def own_person(by, local):
    """The acting user's Person in this local, or PermissionDenied."""
    person = getattr(by, "person", None) if by is not None and by.person_id else None
    if person is None or person.local_id != local.pk:
        raise PermissionDenied
    return person
