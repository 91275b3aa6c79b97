"""Joining: the signed membership form, its approval, the join page and the terms."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.core.audit import record
from unionhall.core.mail import queue_email
from unionhall.core.permissions import Perm, access_for
from unionhall.members.actions._common import (
    CONTACT_FIELDS,
    _actor,
    _require,
    _set_status,
)
from unionhall.members.models import Membership, MembershipChange, MembershipStatus, Person

# --- Joining: the signed membership form ------------------------------------------------------


def _policy(local):
    from unionhall.members.models import DuesPolicy

    return DuesPolicy.objects.filter(local=local).first() or DuesPolicy(local=local)


def _roster_candidates(local, worksite_id, employee_id):
    from django.db.models import Q

    from unionhall.members.matching import Candidate

    wanted = Q(worksite_id=worksite_id) if worksite_id else Q(pk__in=[])
    if employee_id.strip():
        wanted |= Q(employee_id__iexact=employee_id.strip())
    return [
        Candidate(row["pk"], row["employee_id"], row["legal_first_name"], row["legal_last_name"],
                  row["preferred_name"], row["worksite_id"])
        for row in Person.objects.filter(wanted, local=local).values(
            "pk", "employee_id", "legal_first_name", "legal_last_name", "preferred_name",
            "worksite_id")
    ]


@transaction.atomic(durable=True)
def submit_application(local, fields: dict, *, terms, quote: dict, ip: str | None,
                       user_agent: str = "", signed_at=None, referral=None):
    """Record a signed membership form, matched to the roster; mail the signer their card.

    `fields` are the form's cleaned values; `quote` the dues shown (yearly_cents,
    first_year_cents, per_paycheck_cents, pay_periods). A signer who is already a member, or who
    already has a form waiting, is refused with a message and nothing is written. `referral`
    (an organizing.Referral the signer came from) is linked to the form, and to the person
    when the form is approved.
    """
    from unionhall.members import matching
    from unionhall.members.models import Application

    signed_at = signed_at or timezone.now()
    worksite = fields.get("worksite")
    found = matching.match(
        employee_id=fields.get("employee_id", ""), first=fields["legal_first_name"],
        last=fields["legal_last_name"], worksite_id=worksite.pk if worksite else None,
        candidates=_roster_candidates(local, worksite.pk if worksite else None,
                                      fields.get("employee_id", "")),
    )
    person = (Person.objects.select_related("membership").get(pk=found.person_id)
              if found.person_id else None)
    if found.kind == "employee_id" and person.membership.status == MembershipStatus.MEMBER:
        raise ValidationError(_("Our records show you are already a member. Thank you! If "
                                "something has changed, contact your building rep."))
    email = (fields.get("personal_email") or "").strip().lower()
    waiting = Application.objects.filter(local=local, status=Application.Status.PENDING)
    same = waiting.filter(personal_email__iexact=email) if email else waiting.none()
    if fields.get("employee_id", "").strip():
        same = same | waiting.filter(employee_id__iexact=fields["employee_id"].strip())
    if found.kind == "employee_id":
        same = same | waiting.filter(person=person)
    if same.exists():
        raise ValidationError(_("You have already signed a membership form; it is waiting for "
                                "the union's staff. You do not need to sign again."))
    policy = _policy(local)
    application = Application.objects.create(
        local=local, **{k: v for k, v in fields.items() if k != "consent"},
        consent=True, signed_at=signed_at, ip_address=ip, user_agent=user_agent[:300],
        terms=terms, terms_language=fields.get("language", "en"),
        terms_sha256=terms_hash(terms, fields.get("language", "en")),
        anniversary=timezone.localdate(signed_at),
        revocation_opens_days=policy.revocation_opens_days,
        revocation_closes_days=policy.revocation_closes_days,
        person=person, match=found.kind, match_score=found.score, **quote,
    )
    record("application.submitted", by=None, affiliate=local, obj=application,
           changes={"match": [None, found.kind]})
    if referral is not None and referral.local_id == local.pk and referral.application_id is None:
        referral.application = application
        referral.save(update_fields=["application"])
    if found.kind == "employee_id":
        _set_status(person, MembershipStatus.PENDING, reason=_("Signed the membership form"),
                    by=None)
        if policy.auto_approve_on_employee_id:
            _approve(application, person, by=None, note="automatic: employee id on the roster")
    if email:
        _mail_card(application)
    return application


def terms_hash(terms, language: str) -> str:
    import hashlib

    return hashlib.sha256(terms.text(language).encode("utf-8")).hexdigest()


def _approve(application, person, *, by, note=""):
    from unionhall.members.models import Application, DuesAuthorization, PersonChange

    if person is None:
        person = Person.objects.create(
            local=application.local, employee_id=application.employee_id.strip() or None,
            legal_first_name=application.legal_first_name,
            legal_last_name=application.legal_last_name, worksite=application.worksite,
            job_class=application.job_class, fte=application.fte,
            **{f: getattr(application, f) for f in CONTACT_FIELDS},
        )
        Membership.objects.create(person=person, status=MembershipStatus.NON_MEMBER,
                                  since=timezone.localdate())
        MembershipChange.objects.create(person=person, to_status=MembershipStatus.NON_MEMBER,
                                        effective=timezone.localdate(),
                                        reason=_("Added from the membership form"),
                                        recorded_by=_actor(by))
    else:
        # The member's own contact details come from the form; job and worksite stay as the
        # district's roster has them.
        changes = {f: [getattr(person, f), getattr(application, f)] for f in CONTACT_FIELDS
                   if getattr(application, f) and getattr(application, f) != getattr(person, f)}
        if changes:
            for field, (_old, new) in changes.items():
                setattr(person, field, new)
            person.save(update_fields=list(changes))
            PersonChange.objects.create(person=person, by=_actor(by),
                                        source=PersonChange.Source.JOIN, changes=changes)
    _set_status(person, MembershipStatus.MEMBER,
                reason=_("Membership form of %(date)s approved") % {
                    "date": application.anniversary.isoformat()}, by=by)
    DuesAuthorization.objects.filter(person=person, status="active").update(
        status="revoked", revoked_at=timezone.now())
    DuesAuthorization.objects.create(
        person=person, application=application, signed_at=application.signed_at,
        anniversary=application.anniversary,
        revocation_opens_days=application.revocation_opens_days,
        revocation_closes_days=application.revocation_closes_days,
    )
    application.status = Application.Status.APPROVED
    application.person = person
    application.decided_at = timezone.now()
    application.decided_by = _actor(by)
    application.decision_note = note
    application.save()
    record("application.approved", by=by, affiliate=application.local, obj=application,
           changes={"person": [None, person.pk]})
    from unionhall.organizing.models import Referral

    Referral.objects.filter(application=application, joined__isnull=True).update(joined=person)
    return application


def _require_approver(by, local):
    if by is None:
        return
    if not by.is_superuser and not access_for(by, local).can(Perm.APPROVE_MEMBERSHIP):
        raise PermissionDenied


@transaction.atomic(durable=True)
def approve_application(application, *, by, use_match: bool = True):
    """Approve a form; use_match=False sets a suggested name match aside for a new person."""
    from unionhall.members.models import Application

    _require_approver(by, application.local)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Application.Status.PENDING:
        raise ValidationError(_("This form has already been decided."))
    person = application.person if use_match else None
    if person is not None and person.membership.status == MembershipStatus.MEMBER:
        raise ValidationError(_("%(name)s is already a member.") % {"name": person})
    return _approve(application, person, by=by)


@transaction.atomic(durable=True)
def reject_application(application, *, note: str, by):
    from unionhall.members.models import Application

    _require_approver(by, application.local)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Application.Status.PENDING:
        raise ValidationError(_("This form has already been decided."))
    if application.person_id and application.match == "employee_id":
        _set_status(application.person, MembershipStatus.NON_MEMBER,
                    reason=_("Membership form not approved: %(note)s") % {"note": note}, by=by)
    application.status = Application.Status.REJECTED
    application.decided_at = timezone.now()
    application.decided_by = _actor(by)
    application.decision_note = note
    application.save()
    record("application.rejected", by=by, affiliate=application.local, obj=application,
           changes={"note": [None, note]})
    return application


def _mail_card(application) -> None:
    from django.template.loader import render_to_string
    from django.utils import translation

    from unionhall.members.cards import card_for

    with translation.override(application.language):
        subject = _("Your membership card for %(local)s") % {"local": application.local.name}
        body = render_to_string("members/email/card.txt", {"application": application})
        pdf = card_for(application)
    queue_email([application.personal_email], subject, body,
                attachments=[("membership-card.pdf", pdf, "application/pdf")])


# --- The join page's content -------------------------------------------------------------------


@transaction.atomic(durable=True)
def set_join_page(local, *, intro_en: str, intro_es: str, by):
    """What membership gives, in the local's words; shown as plain text on the join page."""
    from unionhall.core.audit import diff
    from unionhall.members.models import JoinPage

    _require(by, local, Perm.MANAGE_PEOPLE)
    page = JoinPage.objects.select_for_update().filter(local=local).first() or JoinPage(
        local=local)
    before = {"intro_en": page.intro_en, "intro_es": page.intro_es}
    page.intro_en, page.intro_es = intro_en.strip(), intro_es.strip()
    page.save()
    record("join_page.updated", by=by, affiliate=local, obj=page,
           changes=diff(before, {"intro_en": page.intro_en, "intro_es": page.intro_es}))
    return page


@transaction.atomic(durable=True)
def publish_terms(local, *, text_en: str, text_es: str = "", by):
    """A new version of the terms and conditions; earlier versions stay as they were signed."""
    from django.db.models import Max

    from unionhall.members.models import TermsVersion

    _require(by, local, Perm.MANAGE_PEOPLE)
    if not text_en.strip():
        raise ValidationError({"text_en": _("The terms need an English text.")})
    latest = TermsVersion.objects.select_for_update().filter(local=local)
    number = (latest.aggregate(n=Max("version"))["n"] or 0) + 1
    terms = TermsVersion.objects.create(local=local, version=number, text_en=text_en.strip(),
                                        text_es=text_es.strip())
    record("terms.published", by=by, affiliate=local, obj=terms,
           changes={"version": [number - 1 or None, number]})
    return terms
