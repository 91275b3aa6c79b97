"""Reads of organizing records, always through the viewer's Access.

Assessments, conversation notes and issues are for organizers only: whoever holds
Perm.ORGANIZE covering the person's worksite, and never the person themself.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from unionhall.core.models import Worksite
from unionhall.core.permissions import Access, Perm
from unionhall.members.models import Person
from unionhall.organizing.models import (
    DEFAULT_ISSUES,
    DEFAULT_SCALE,
    Contact,
    OrganizingSettings,
    Referral,
)

# The defaults are stored in English in the database (they are the local's data); when a
# local still has them, they are shown through these translations. A local's own labels are
# shown as the local wrote them.
DEFAULT_SCALE_LABELS = {
    "Union leader": _("Union leader"),
    "Supporter": _("Supporter"),
    "Undecided": _("Undecided"),
    "Leaning against": _("Leaning against"),
    "Opposed": _("Opposed"),
}
DEFAULT_ISSUE_LABELS = {
    "Staffing": pgettext_lazy("workplace issue", "Staffing"),
    "Pay": pgettext_lazy("workplace issue", "Pay"),
    "Safety": pgettext_lazy("workplace issue", "Safety"),
    "Training": pgettext_lazy("workplace issue", "Training"),
    "Respect": pgettext_lazy("workplace issue", "Respect"),
    "Workload": pgettext_lazy("workplace issue", "Workload"),
    "Benefits": pgettext_lazy("workplace issue", "Benefits"),
}
assert set(DEFAULT_SCALE_LABELS) == {level["label"] for level in DEFAULT_SCALE}
assert set(DEFAULT_ISSUE_LABELS) == set(DEFAULT_ISSUES)


def _settings(local) -> OrganizingSettings:
    """The local's settings, or an unsaved row holding the defaults. Cached on the local."""
    cached = getattr(local, "_organizing_settings_cache", None)
    if cached is None:
        cached = (OrganizingSettings.objects.filter(local=local).first()
                  or OrganizingSettings(local=local))
        local._organizing_settings_cache = cached
    return cached


def scale_for(local) -> list[dict]:
    """The local's assessment scale: [{value, label, color, name}], in value order.

    `label` is what the page shows (translated for the default labels), `name` what is stored."""
    levels = []
    for level in _settings(local).scale:
        name = str(level.get("label", level["value"]))
        levels.append({"value": int(level["value"]), "name": name,
                       "label": DEFAULT_SCALE_LABELS.get(name, name),
                       "color": level.get("color", "#4a5560")})
    return sorted(levels, key=lambda lv: lv["value"])


def issues_for(local) -> list[str]:
    """The issues the local keeps, as stored (conversations store these strings)."""
    return [str(i) for i in _settings(local).issues]


def issue_label(issue: str) -> str:
    return DEFAULT_ISSUE_LABELS.get(issue, issue)


def issue_choices(local) -> list[tuple[str, str]]:
    return [(i, issue_label(i)) for i in issues_for(local)]


def stored_scale_label(text: str) -> str:
    """What to store for a label typed on the settings page: a default label as shown in the
    current language goes back to its English name, so it stays translated."""
    return {str(shown): name for name, shown in DEFAULT_SCALE_LABELS.items()}.get(text, text)


def stored_issue(text: str) -> str:
    """As stored_scale_label, for an issue."""
    return {str(shown): name for name, shown in DEFAULT_ISSUE_LABELS.items()}.get(text, text)


# --- One person ---------------------------------------------------------------------------------


def organizer_person_or_404(access: Access, pk: int) -> Person:
    """A person whose organizing record the viewer may see: ORGANIZE covering their worksite,
    and never one's own record (the person does not see their assessment)."""
    person = (
        Person.objects.filter(local=access.local, pk=pk)
        .select_related("local", "worksite", "job_class", "membership", "organizing__owner",
                        "organizing__last_contact_by")
        .first()
    )
    if person is None or person.pk == access.person_id:
        raise Http404
    if not access.covers(Perm.ORGANIZE, person.worksite_id):
        raise Http404
    return person


def may_organize(access: Access, person: Person) -> bool:
    """Whether the viewer may open the person's organizing page (for links elsewhere)."""
    return person.pk != access.person_id and access.covers(Perm.ORGANIZE, person.worksite_id)


@dataclass
class OrganizingRecord:
    person: Person
    contact: Contact
    scale: list
    current: dict | None
    conversations: list = field(default_factory=list)
    assessments: list = field(default_factory=list)
    referrals_made: list = field(default_factory=list)
    referred_by: list = field(default_factory=list)


def organizing_record(access: Access, person: Person) -> OrganizingRecord:
    """Everything an organizer sees about a person. A fixed number of queries."""
    if not may_organize(access, person):
        raise Http404
    try:
        contact = person.organizing
    except Contact.DoesNotExist:
        contact = Contact(person=person)
    scale = scale_for(person.local)
    by_value = {level["value"]: level for level in scale}
    conversations = list(person.conversations.select_related("by__person"))
    for c in conversations:
        c.issue_labels = [issue_label(i) for i in c.issues]
    assessments = list(person.assessments.select_related("by__person"))
    for a in assessments:
        a.level = by_value.get(a.value)
    return OrganizingRecord(
        person=person, contact=contact, scale=scale,
        current=by_value.get(contact.assessment) if contact.assessment else None,
        conversations=conversations, assessments=assessments,
        referrals_made=list(Referral.objects.filter(local=access.local, referrer=person)
                            .select_related("joined")),
        referred_by=list(Referral.objects.filter(local=access.local, joined=person)
                         .select_related("referrer")),
    )


def owner_choices(access: Access, person: Person, *, me=None):
    """Users who may own the relationship: the local's officers and admins, and the reps and
    stewards of the person's worksite (plus the viewer and the current owner)."""
    from django.contrib.auth import get_user_model

    from unionhall.core.models import Role

    wide = Q(role_assignments__affiliate=access.local,
             role_assignments__role__in=[Role.OFFICER, Role.LOCAL_ADMIN])
    site = Q(role_assignments__affiliate=access.local,
             role_assignments__role__in=[Role.BUILDING_REP, Role.STEWARD],
             role_assignments__worksites=person.worksite_id) if person.worksite_id else Q(pk=None)
    extra = [u.pk for u in (me,) if u is not None]
    try:
        if person.organizing.owner_id:
            extra.append(person.organizing.owner_id)
    except Contact.DoesNotExist:
        pass
    return (get_user_model().objects.filter(wide | site | Q(pk__in=extra), is_active=True)
            .select_related("person").distinct().order_by("name", "email"))


def user_label(user) -> str:
    """How an organizer is named on the page: their person's name, else their account name."""
    if user is None:
        return ""
    person = getattr(user, "person", None) if user.person_id else None
    return person.display_name if person else str(user)


# --- Lists for reps -------------------------------------------------------------------------

SORTS = {
    # Strongest first, then whoever was contacted longest ago (never contacted first).
    "assessment": [F("organizing__assessment").asc(nulls_last=True),
                   F("organizing__last_contact_at").asc(nulls_first=True),
                   "legal_last_name", "legal_first_name", "pk"],
    "last_contact": [F("organizing__last_contact_at").asc(nulls_first=True),
                     F("organizing__assessment").asc(nulls_last=True),
                     "legal_last_name", "legal_first_name", "pk"],
    "name": ["legal_last_name", "legal_first_name", "pk"],
    "worksite": ["worksite__name", "legal_last_name", "legal_first_name", "pk"],
}
SORT_CHOICES = [
    ("assessment", _("Assessment, then last contact")),
    ("last_contact", _("Last contact, oldest first")),
    ("name", _("Name")),
    ("worksite", _("Worksite")),
]


def organizing_worksites(access: Access):
    scope = access.worksites_for(Perm.ORGANIZE)
    qs = Worksite.objects.filter(local=access.local)
    if scope is not None:
        qs = qs.filter(pk__in=scope)
    return qs.order_by("name")


def rep_list(access: Access, *, worksite_id: int | None = None, assessment: str = "",
             status: str = "", follow_up: bool = False, not_contacted_days: int | None = None,
             sort: str = "assessment", now: dt.datetime | None = None):
    """The coworkers an organizer covers, with their organizing record, in one query.

    `assessment` is a scale value or "none" (not yet assessed)."""
    scope = access.worksites_for(Perm.ORGANIZE)
    if scope is not None and not scope:
        raise Http404
    qs = Person.objects.filter(local=access.local, in_unit=True)
    if scope is not None:
        qs = qs.filter(worksite_id__in=scope)
    if access.person_id:
        qs = qs.exclude(pk=access.person_id)
    if worksite_id:
        qs = qs.filter(worksite_id=worksite_id)
    if assessment == "none":
        qs = qs.filter(Q(organizing__isnull=True) | Q(organizing__assessment__isnull=True))
    elif assessment:
        qs = qs.filter(organizing__assessment=int(assessment))
    if status:
        qs = qs.filter(membership__status=status)
    if follow_up:
        qs = qs.filter(organizing__follow_up=True)
    if not_contacted_days is not None:
        since = (now or timezone.now()) - dt.timedelta(days=not_contacted_days)
        qs = qs.filter(Q(organizing__isnull=True) | Q(organizing__last_contact_at__isnull=True)
                       | Q(organizing__last_contact_at__lt=since))
    return qs.select_related(
        "worksite", "job_class", "membership", "organizing__owner__person",
        "organizing__last_contact_by__person",
    ).order_by(*SORTS.get(sort, SORTS["assessment"]))


def with_levels(people, local) -> list:
    """Attach each person's organizing contact and scale level (label, colour) for the lists."""
    by_value = {level["value"]: level for level in scale_for(local)}
    rows = list(people)
    for p in rows:
        # A reverse one-to-one with no row raises a subclass of AttributeError.
        p.contact = getattr(p, "organizing", None)
        p.level = by_value.get(p.contact.assessment) if p.contact else None
    return rows


# --- Referrals ---------------------------------------------------------------------------------


def my_referrals(access: Access):
    """The referrals the viewer's own person has made."""
    if access.person_id is None:
        return Referral.objects.none()
    return Referral.objects.filter(local=access.local, referrer_id=access.person_id
                                   ).select_related("local")


def referral_for_token(local, token: str) -> Referral | None:
    token = (token or "").strip()
    if not token or len(token) > 32:
        return None
    return Referral.objects.filter(local=local, token=token).first()
