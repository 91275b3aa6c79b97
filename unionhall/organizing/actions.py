"""Every write to organizing records: conversations, assessments, next steps, referrals."""

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.core.audit import record
from unionhall.core.permissions import Perm, access_for, require
from unionhall.members.models import Person
from unionhall.organizing.models import Assessment, Contact, Conversation, Referral

# --- One-on-ones: conversations, assessments, next steps (organizers of the person's site) ----


def _require_organize(by, person: Person) -> None:
    """`by` must hold ORGANIZE covering the person's worksite; None is the system itself."""
    if by is None or by.is_superuser:
        return
    if not access_for(by, person.local).covers(Perm.ORGANIZE, person.worksite_id):
        raise PermissionDenied


def _contact(person: Person) -> Contact:
    contact, _created = Contact.objects.select_for_update().get_or_create(person=person)
    return contact


def _actor(by):
    return by if by is not None and getattr(by, "is_authenticated", False) else None


@transaction.atomic(durable=True)
def log_conversation(person: Person, *, on: dt.date, channel: str, issues: list[str],
                     notes: str = "", by) -> Conversation:
    """Record a one-on-one; the person's last contact moves to it if it is the newest.

    The audit entry says that a conversation was logged, never what was said."""
    from unionhall.organizing.queries import issues_for

    _require_organize(by, person)
    if channel not in Conversation.Channel.values:
        raise ValidationError(_("Choose how the conversation took place."))
    if on > timezone.localdate():
        raise ValidationError(_("The date of a conversation cannot be in the future."))
    known = issues_for(person.local)
    unknown = [i for i in issues if i not in known]
    if unknown:
        raise ValidationError(_("Unknown issue: %(issue)s") % {"issue": ", ".join(unknown)})
    conversation = Conversation.objects.create(
        local=person.local, person=person, on=on, by=_actor(by), channel=channel,
        issues=list(dict.fromkeys(issues)), notes=notes.strip(),
    )
    contact = _contact(person)
    at = timezone.make_aware(dt.datetime.combine(on, dt.time(12)))
    if contact.last_contact_at is None or timezone.localdate(contact.last_contact_at) <= on:
        contact.last_contact_at = at
        contact.last_contact_by = _actor(by)
        contact.save(update_fields=["last_contact_at", "last_contact_by"])
    record("organizing.conversation_logged", by=by, affiliate=person.local, obj=person,
           changes={"on": [None, on.isoformat()], "channel": [None, channel]})
    return conversation


@transaction.atomic(durable=True)
def assess(person: Person, value: int, *, by) -> Assessment:
    """Rate a person on the local's scale; the newest rating is their current assessment."""
    from unionhall.organizing.queries import scale_for

    _require_organize(by, person)
    values = [level["value"] for level in scale_for(person.local)]
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = None
    if value not in values:
        raise ValidationError(_("Choose a value on the local's scale."))
    assessment = Assessment.objects.create(local=person.local, person=person, value=value,
                                           by=_actor(by))
    contact = _contact(person)
    before = contact.assessment
    contact.assessment = value
    contact.save(update_fields=["assessment"])
    record("organizing.assessed", by=by, affiliate=person.local, obj=person,
           changes={"assessment": [before, value]})
    return assessment


@transaction.atomic(durable=True)
def set_next_step(person: Person, *, owner, next_step: str, due: dt.date | None,
                  follow_up: bool, by) -> Contact:
    """Who owns the relationship, what comes next and by when, and whether to follow up."""
    _require_organize(by, person)
    if owner is not None and not (
        owner.is_superuser or access_for(owner, person.local).covers(Perm.ORGANIZE,
                                                                     person.worksite_id)
    ):
        raise ValidationError(_("The owner must be an organizer for this person's worksite."))
    contact = _contact(person)
    before = {"owner": contact.owner_id, "next_step": contact.next_step,
              "due": contact.next_step_due.isoformat() if contact.next_step_due else None,
              "follow_up": contact.follow_up}
    contact.owner = owner
    contact.next_step = next_step.strip()[:300]
    contact.next_step_due = due
    contact.follow_up = bool(follow_up)
    contact.save(update_fields=["owner", "next_step", "next_step_due", "follow_up"])
    after = {"owner": contact.owner_id, "next_step": contact.next_step,
             "due": due.isoformat() if due else None, "follow_up": contact.follow_up}
    from unionhall.core.audit import diff

    record("organizing.next_step_set", by=by, affiliate=person.local, obj=person,
           changes=diff(before, after))
    return contact


# --- Inviting a coworker (any member of the local) ---------------------------------------------


def referral_token() -> str:
    return secrets.token_urlsafe(18)[:24]


@transaction.atomic(durable=True)
def invite_coworker(referrer: Person, *, name: str = "", email: str = "", by,
                    base_url: str = "") -> Referral:
    """Keep a referral with a join link; email the link when an address is given.

    `referrer` is the signed-in user's own person, a member of the local; the page shows
    `join_link(referral)` to copy into a text message. `base_url` (scheme and host) makes the
    emailed link absolute."""
    if by is None or by.person_id != referrer.pk:
        raise PermissionDenied
    if not access_for(by, referrer.local).belongs:
        raise PermissionDenied
    name, email = name.strip()[:200], email.strip().lower()
    referral = Referral.objects.create(local=referrer.local, referrer=referrer,
                                       token=referral_token(), invitee_name=name,
                                       invitee_email=email)
    record("organizing.coworker_invited", by=by, affiliate=referrer.local, obj=referral,
           changes={"emailed": [None, bool(email)]})
    if email:
        _mail_invitation(referral, base_url)
    return referral


def join_link(referral: Referral, base_url: str = "") -> str:
    """The join page with the referral's token: /l/<slug>/join/?ref=TOKEN."""
    from django.urls import reverse

    path = reverse("join", kwargs={"local_slug": referral.local.slug})
    return f"{base_url.rstrip('/')}{path}?ref={referral.token}"


def _mail_invitation(referral: Referral, base_url: str) -> None:
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils import translation

    from unionhall.core.mail import queue_email

    local = referral.local
    language = local.language if local.language in dict(settings.LANGUAGES) else "en"
    context = {"referral": referral, "local": local, "link": join_link(referral, base_url)}
    with translation.override(language):
        subject = _("%(name)s invites you to join %(local)s") % {
            "name": referral.referrer.display_name, "local": local.name}
        body = render_to_string("organizing/invite_email.txt", context)
    queue_email([referral.invitee_email], subject, body)


# --- Density goals (whoever manages the local's people) --------------------------------------


def _check_percent(percent) -> None:
    if not isinstance(percent, int) or isinstance(percent, bool) or not 0 <= percent <= 100:
        raise ValidationError(_("A goal is a whole number from 0 to 100."))


@transaction.atomic(durable=True)
def set_density_goal(local, percent: int, *, by):
    """The local's density goal; creates its organizing settings when it has none."""
    from unionhall.organizing.models import OrganizingSettings

    require(by, local, Perm.MANAGE_PEOPLE)
    _check_percent(percent)
    settings_row, _created = OrganizingSettings.objects.select_for_update().get_or_create(
        local=local)
    before = settings_row.density_goal if not _created else None
    if before == percent:
        return settings_row
    settings_row.density_goal = percent
    settings_row.save(update_fields=["density_goal"])
    record("organizing.density_goal_set", by=by, affiliate=local, obj=settings_row,
           changes={"density_goal": [before, percent]})
    return settings_row


@transaction.atomic(durable=True)
def set_worksite_goal(worksite, percent: int | None, *, by):
    """A worksite's own density goal; None removes it (the worksite follows the local's)."""
    from unionhall.organizing.models import WorksiteGoal

    require(by, worksite.local, Perm.MANAGE_PEOPLE)
    if percent is not None:
        _check_percent(percent)
    goal = WorksiteGoal.objects.select_for_update().filter(worksite=worksite).first()
    before = goal.density_goal if goal else None
    if before == percent:
        return goal
    if percent is None:
        goal.delete()
        goal = None
    elif goal is None:
        goal = WorksiteGoal.objects.create(worksite=worksite, density_goal=percent)
    else:
        goal.density_goal = percent
        goal.save(update_fields=["density_goal"])
    record("organizing.worksite_goal_set", by=by, affiliate=worksite.local, obj=worksite,
           changes={"density_goal": [before, percent]})
    return goal


# --- The local's organizing settings: scale, issues, numbers, state access (local admin) ---

SCALE_LEVELS = (2, 9)  # how many levels a scale has, at least and at most
SCALE_LABEL_MAX = 40
ISSUES_MAX, ISSUE_MAX = 30, 60
REP_RATIO = (1, 500)


def _is_hex_color(value) -> bool:
    return (isinstance(value, str) and len(value) == 7 and value[0] == "#"
            and all(ch in "0123456789abcdef" for ch in value[1:].lower()))


def _whole_number(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _settings_for_update(local):
    from unionhall.organizing.models import OrganizingSettings

    row, _created = OrganizingSettings.objects.select_for_update().get_or_create(local=local)
    return row


def _forget_settings_cache(local) -> None:
    """queries._settings caches the row on the local; a write makes that copy stale."""
    local.__dict__.pop("_organizing_settings_cache", None)


def _clean_scale(levels) -> list[dict]:
    """[{value, label, color}] with values 1..n in order, labels required and short, colours
    as #rrggbb; raises ValidationError with every problem found."""
    low, high = SCALE_LEVELS
    if not isinstance(levels, list | tuple) or not low <= len(levels) <= high:
        raise ValidationError(_("A scale has from %(low)d to %(high)d levels.")
                              % {"low": low, "high": high})
    problems, clean, seen = [], [], set()
    for position, level in enumerate(levels, start=1):
        value = _whole_number(level.get("value"))
        label = str(level.get("label") or "").strip()
        color = str(level.get("color") or "").strip().lower()
        if value != position:
            problems.append(_("The levels are numbered 1, 2, 3… in order; level %(n)d is "
                              "numbered %(value)s.") % {"n": position,
                                                        "value": level.get("value")})
        if not label:
            problems.append(_("Level %(n)d needs a label.") % {"n": position})
        elif len(label) > SCALE_LABEL_MAX:
            problems.append(_("The label of level %(n)d is longer than %(max)d characters.")
                            % {"n": position, "max": SCALE_LABEL_MAX})
        elif label.casefold() in seen:
            problems.append(_("Two levels are labelled “%(label)s”.") % {"label": label})
        seen.add(label.casefold())
        if not _is_hex_color(color):
            problems.append(_("The colour of level %(n)d is not a colour like #1a2b3c.")
                            % {"n": position})
        clean.append({"value": position, "label": label, "color": color})
    if problems:
        raise ValidationError(problems)
    return clean


@transaction.atomic(durable=True)
def set_assessment_scale(local, levels, *, by):
    """The local's assessment scale. Refused while someone's current assessment is above the
    new scale's top value: their rating would lose its meaning (reassess them first)."""
    from django.utils.translation import ngettext

    require(by, local, Perm.MANAGE_PEOPLE)
    scale = _clean_scale(levels)
    above = Contact.objects.filter(person__local=local, assessment__gt=len(scale))
    count = above.count()
    if count:
        highest = max(above.values_list("assessment", flat=True))
        raise ValidationError(ngettext(
            "%(count)d person is assessed above %(max)d, the top of the new scale. Reassess "
            "them first, or keep at least %(needed)d levels.",
            "%(count)d people are assessed above %(max)d, the top of the new scale. Reassess "
            "them first, or keep at least %(needed)d levels.", count,
        ) % {"count": count, "max": len(scale), "needed": highest})
    row = _settings_for_update(local)
    before = row.scale
    if before == scale:
        return row
    row.scale = scale
    row.save(update_fields=["scale"])
    _forget_settings_cache(local)
    record("organizing.scale_set", by=by, affiliate=local, obj=row,
           changes={"scale": [before, scale]})
    return row


@transaction.atomic(durable=True)
def set_issues(local, issues, *, by):
    """The issues organizers tick after a conversation. Conversations keep the issues they
    were logged with, even ones the list no longer has."""
    require(by, local, Perm.MANAGE_PEOPLE)
    issues = list(issues)
    clean, problems, seen = [], [], {}
    for issue in issues:
        text = str(issue).strip()
        if not text:
            problems.append(_("An issue cannot be empty."))
        elif len(text) > ISSUE_MAX:
            problems.append(_("“%(issue)s” is longer than %(max)d characters.")
                            % {"issue": text, "max": ISSUE_MAX})
        elif text.casefold() in seen:
            problems.append(_("“%(issue)s” is in the list twice.") % {"issue": text})
        else:
            seen[text.casefold()] = text
            clean.append(text)
    if len(issues) > ISSUES_MAX:
        problems.insert(0, _("Keep at most %(max)d issues; the list has %(count)d.")
                        % {"max": ISSUES_MAX, "count": len(issues)})
    if problems:
        raise ValidationError(list(dict.fromkeys(problems)))
    row = _settings_for_update(local)
    before = row.issues
    if before == clean:
        return row
    row.issues = clean
    row.save(update_fields=["issues"])
    _forget_settings_cache(local)
    record("organizing.issues_set", by=by, affiliate=local, obj=row,
           changes={"issues": [before, clean]})
    return row


@transaction.atomic(durable=True)
def set_organizing_numbers(local, *, density_goal: int, rep_ratio: int, by):
    """The local's density goal (0–100 %) and how many people one building rep covers at
    most (1–500)."""
    from unionhall.core.audit import diff

    require(by, local, Perm.MANAGE_PEOPLE)
    _check_percent(density_goal)
    low, high = REP_RATIO
    if _whole_number(rep_ratio) is None or not low <= rep_ratio <= high:
        raise ValidationError(_("People per building rep is a whole number from %(low)d to "
                                "%(high)d.") % {"low": low, "high": high})
    row = _settings_for_update(local)
    before = {"density_goal": row.density_goal, "rep_ratio": row.rep_ratio}
    after = {"density_goal": density_goal, "rep_ratio": rep_ratio}
    if before == after:
        return row
    row.density_goal, row.rep_ratio = density_goal, rep_ratio
    row.save(update_fields=["density_goal", "rep_ratio"])
    _forget_settings_cache(local)
    record("organizing.numbers_set", by=by, affiliate=local, obj=row,
           changes=diff(before, after))
    return row


@transaction.atomic(durable=True)
def set_state_sees_organizing(local, allowed: bool, *, by):
    """The local's choice: may its state association's staff see assessments and
    conversation notes (they always see counts)."""
    from unionhall.core.models import Affiliate

    require(by, local, Perm.MANAGE_PEOPLE)
    allowed = bool(allowed)
    row = Affiliate.objects.select_for_update().get(pk=local.pk)
    before = row.state_sees_organizing
    local.state_sees_organizing = allowed
    if before == allowed:
        return local
    Affiliate.objects.filter(pk=local.pk).update(state_sees_organizing=allowed)
    record("local.privacy_set", by=by, affiliate=local, obj=local,
           changes={"state_sees_organizing": [before, allowed]})
    return local
