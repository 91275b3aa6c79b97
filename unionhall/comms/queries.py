"""Reads for member communications, scoped to the viewer's local.

`recipients(message)` is the one answer to "who does this message go to": the preview counts
it and send_message writes one Delivery per row of it, so the two cannot disagree."""

import datetime as dt

from django.conf import settings
from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from unionhall.comms.audience import Audience, people
from unionhall.comms.models import Delivery, Message
from unionhall.core.models import JobFamily, Role, Worksite
from unionhall.core.permissions import Perm
from unionhall.members.models import EmailPreference, Person

# A copy claimed this long ago and never marked sent: the worker stopped in the middle of
# sending it. It may or may not have gone out, and it is never sent again.
UNCERTAIN_AFTER = dt.timedelta(minutes=10)
# The roles a message may be addressed to (those held in a local).
AUDIENCE_ROLES = (Role.BUILDING_REP, Role.STEWARD, Role.GRIEVANCE_CHAIR, Role.OFFICER,
                  Role.BARGAINING_TEAM, Role.ELECTION_COMMITTEE, Role.MENTORING_COORDINATOR,
                  Role.LOCAL_ADMIN)


def can_email(access) -> bool:
    return access.can(Perm.EMAIL_MEMBERS)


def _require(access) -> None:
    if not can_email(access):
        raise Http404


# --- who a message goes to ------------------------------------------------------------------


def with_address(qs):
    """People with `address`: their personal email, else their account's, else ""."""
    return qs.annotate(address=Case(
        When(~Q(personal_email=""), then=F("personal_email")),
        default=Coalesce(F("user__email"), Value("")),
        output_field=CharField()))


def recipients(message: Message):
    """The people the message goes to: its audience in its local, less those who turned its
    topic off; each with `address` ("" when there is none)."""
    opted_out = EmailPreference.objects.filter(
        topic=message.topic, wants=False, person__local_id=message.local_id).values("person_id")
    qs = people(message.local, Audience.from_json(message.audience or {}))
    return with_address(qs.exclude(pk__in=opted_out))


def content_languages(message: Message) -> list[str]:
    """The languages the message exists in: its own first, then its translations'."""
    langs = [message.language]
    langs += [code for code in message.translations.order_by("language")
              .values_list("language", flat=True) if code != message.language]
    return langs


def delivery_language(person_language: str, available, fallback: str) -> str:
    """A person reads it in their language when it was written or translated into it."""
    return person_language if person_language in available else fallback


def preview(message: Message) -> dict:
    """What sending would do now: how many people, how many have no email, and in which
    language each would read it. A fixed number of queries, whatever the audience."""
    qs = recipients(message)
    available = content_languages(message)
    by_language = {code: 0 for code in available}
    total = no_email = 0
    rows = (qs.order_by().values("language")
            .annotate(n=Count("pk", distinct=True),
                      none=Count("pk", distinct=True, filter=Q(address=""))))
    for row in rows:
        total += row["n"]
        no_email += row["none"]
        code = delivery_language(row["language"], available, message.language)
        by_language[code] += row["n"] - row["none"]
    names = dict(settings.LANGUAGES)
    return {"total": total, "no_email": no_email, "with_email": total - no_email,
            "languages": [(code, names.get(code, code), n) for code, n in by_language.items()]}


def no_email_people(message: Message):
    """Who in the audience has no email address: for stewards to reach another way."""
    return (recipients(message).filter(address="").select_related("worksite")
            .order_by("legal_last_name", "legal_first_name", "pk"))


# --- messages ---------------------------------------------------------------------------------


def _counted(qs):
    cutoff = timezone.now() - UNCERTAIN_AFTER
    return qs.annotate(
        n_total=Count("deliveries"),
        n_sent=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
        n_failed=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
        n_no_email=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.NO_EMAIL)),
        n_queued=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.QUEUED)),
        n_uncertain=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENDING,
                                                 deliveries__claimed_at__lt=cutoff)),
        n_sending=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENDING,
                                               deliveries__claimed_at__gte=cutoff)),
    )


def message_list(access):
    """The local's messages, drafts first, then the newest, each with its delivery counts."""
    _require(access)
    return (_counted(Message.objects.filter(local=access.local))
            .select_related("created_by")
            .order_by(Case(When(status=Message.Status.DRAFT, then=0), default=1),
                      "-created_at", "-id"))


def message_or_404(access, pk: int) -> Message:
    _require(access)
    return get_object_or_404(_counted(Message.objects.filter(local=access.local))
                             .select_related("local", "created_by"), pk=pk)


def translations(message: Message) -> dict:
    return {t.language: t for t in message.translations.all()}


def problem_deliveries(message: Message):
    """The copies that did not (or may not have) reached their person: failed, no email, and
    uncertain (claimed over UNCERTAIN_AFTER ago and never marked sent)."""
    cutoff = timezone.now() - UNCERTAIN_AFTER
    return (Delivery.objects.filter(message=message)
            .filter(Q(status__in=[Delivery.Status.FAILED, Delivery.Status.NO_EMAIL])
                    | Q(status=Delivery.Status.SENDING, claimed_at__lt=cutoff))
            .select_related("person__worksite")
            .order_by("status", "person__legal_last_name", "person__legal_first_name", "id"))


def is_uncertain(delivery: Delivery, now=None) -> bool:
    now = now or timezone.now()
    return (delivery.status == Delivery.Status.SENDING and delivery.claimed_at is not None
            and delivery.claimed_at < now - UNCERTAIN_AFTER)


# --- choices of the message form ----------------------------------------------------------------


def worksite_choices(local):
    return Worksite.objects.filter(local=local).order_by("kind", "name", "pk")


def job_family_choices():
    return JobFamily.objects.order_by("code")


def audience_labels(local, audience: dict) -> dict:
    """The audience's filters by name, for showing who a message is for."""
    from unionhall.members.models import MembershipStatus

    audience = audience or {}
    names = dict(settings.LANGUAGES)
    roles = dict(Role.choices)
    statuses = dict(MembershipStatus.choices)
    out = {}
    if audience.get("worksites"):
        out["worksites"] = list(Worksite.objects.filter(local=local, pk__in=audience[
            "worksites"]).order_by("name").values_list("name", flat=True))
    if audience.get("job_families"):
        out["job_families"] = [str(f) for f in JobFamily.objects.filter(
            pk__in=audience["job_families"])]
    if audience.get("statuses"):
        out["statuses"] = [str(statuses.get(s, s)) for s in audience["statuses"]]
    if audience.get("languages"):
        out["languages"] = [str(names.get(c, c)) for c in audience["languages"]]
    if audience.get("roles"):
        out["roles"] = [str(roles.get(r, r)) for r in audience["roles"]]
    return out


# --- a person's own preferences ------------------------------------------------------------------


def own_person(access) -> Person:
    """The viewer's own person in this local (the preferences page is theirs alone)."""
    if access.person_id is None:
        raise Http404
    return Person.objects.select_related("user").get(pk=access.person_id)


def wanted_topics(person: Person) -> dict[str, bool]:
    from unionhall.members.models import Topic

    rows = dict(EmailPreference.objects.filter(person=person)
                .values_list("topic", "wants"))
    return {topic: rows.get(topic, True) for topic in Topic.values}


def email_of(person: Person) -> str:
    if person.personal_email:
        return person.personal_email
    user = getattr(person, "user", None)
    return user.email if user is not None else ""
