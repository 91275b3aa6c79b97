"""Every write to user accounts."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from unionhall.accounts.models import User
from unionhall.core.audit import record
from unionhall.core.mail import queue_email
from unionhall.core.permissions import Perm, access_for


@transaction.atomic(durable=True)
def invite_person(person, *, login_url: str, by) -> User:
    """Give a person an account tied to their personal email, and email them how to sign in."""
    access = access_for(by, person.local)
    if not access.can(Perm.INVITE_PERSON) or not access.covers(Perm.VIEW_PEOPLE,
                                                                person.worksite_id):
        raise PermissionDenied
    if User.objects.filter(person=person).exists():
        raise ValidationError(_("%(name)s already has an account.") % {"name": person})
    email = (person.personal_email or "").strip().lower()
    if not email:
        raise ValidationError(_("Add a personal email for %(name)s before inviting them.") % {
            "name": person})
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(_("Another account already uses %(email)s.") % {"email": email})
    user = User.objects.create_user(email, name=person.display_name, person=person)
    record("account.invited", by=by, affiliate=person.local, obj=person,
           changes={"email": [None, email]})
    with translation.override(person.language):
        context = {"person": person, "local": person.local, "login_url": login_url}
        subject = _("You are invited to %(local)s on Unionhall") % {"local": person.local}
        body = render_to_string("accounts/email/invitation.txt", context)
    queue_email([email], subject, body)
    return user


@transaction.atomic(durable=True)
def create_account(email: str, *, name: str = "", person=None, password: str | None = None,
                   by=None) -> User:
    """An account made by the system (set-up commands, the demo) rather than by invitation."""
    if by is not None and not by.is_superuser:
        raise PermissionDenied
    user = User.objects.create_user(email, password, name=name, person=person)
    record("account.created", by=by, affiliate=person.local if person else None, obj=user)
    return user


@transaction.atomic(durable=True)
def create_accounts(rows: list[dict], *, affiliate=None, by=None) -> list[User]:
    """Many system-made accounts at once (the demo), all or none: dicts of email, name, person
    and password (None: unusable, so they sign in by emailed code). One audit entry."""
    if by is not None and not by.is_superuser:
        raise PermissionDenied
    users = []
    for row in rows:
        user = User(email=User.objects.normalize_email(row["email"]).lower(),
                    name=row.get("name", ""), person=row.get("person"))
        if row.get("password"):
            user.set_password(row["password"])
        else:
            user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users, batch_size=500)
    record("accounts.created", by=by, affiliate=affiliate, changes={"count": [0, len(users)]})
    return users


@transaction.atomic(durable=True)
def delete_accounts(users, *, by=None) -> int:
    """Delete accounts (the demo's, when it is rebuilt); their role assignments go with them.
    The persons they signed in as stay. One audit entry."""
    if by is not None and not by.is_superuser:
        raise PermissionDenied
    ids = [u.pk for u in users]
    if not ids:
        return 0
    User.objects.filter(pk__in=ids).delete()
    record("accounts.deleted", by=by, changes={"count": [len(ids), 0]})
    return len(ids)
