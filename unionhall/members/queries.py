"""Reads of people, always through the viewer's Access."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import Http404

from unionhall.core.models import JobFamily, Worksite
from unionhall.core.permissions import Access, Perm
from unionhall.members.models import MembershipChange, MembershipStatus, Person


def people(access: Access, *, q: str = "", worksite_id: int | None = None, status: str = "",
           family: str = "", language: str = "", include_former: bool = False):
    """The persons a viewer may list, newest filters applied; raises 404 if they may list none."""
    scope = access.worksites_for(Perm.VIEW_PEOPLE)
    if scope is not None and not scope:
        raise Http404
    qs = Person.objects.filter(local=access.local)
    if scope is not None:
        qs = qs.filter(worksite_id__in=scope)
    if not include_former:
        qs = qs.filter(in_unit=True)
    if q:
        for word in q.split()[:5]:
            match = (Q(legal_first_name__icontains=word) | Q(legal_last_name__icontains=word)
                     | Q(preferred_name__icontains=word))
            if access.can(Perm.VIEW_PRIVATE):
                match |= Q(employee_id__iexact=word)
            qs = qs.filter(match)
    if worksite_id:
        qs = qs.filter(worksite_id=worksite_id)
    if status:
        qs = qs.filter(membership__status=status)
    if family:
        qs = qs.filter(job_class__family__code=family)
    if language:
        qs = qs.filter(language=language)
    return qs.select_related("worksite", "job_class__family", "membership")


def person_or_404(access: Access, pk: int) -> Person:
    """A person the viewer may see: themself, or someone within their scope."""
    person = (
        Person.objects.filter(local=access.local, pk=pk)
        .select_related("worksite", "job_class__family", "membership", "user")
        .first()
    )
    if person is None:
        raise Http404
    if person.pk != access.person_id and not access.covers(Perm.VIEW_PEOPLE, person.worksite_id):
        raise Http404
    return person


def membership_history(access: Access, person: Person):
    if person.pk != access.person_id and not access.can(Perm.VIEW_PRIVATE):
        return MembershipChange.objects.none()
    return person.membership_changes.select_related("recorded_by")


def worksites_in_scope(access: Access):
    scope = access.worksites_for(Perm.VIEW_PEOPLE)
    qs = Worksite.objects.filter(local=access.local)
    if scope is not None:
        qs = qs.filter(pk__in=scope)
    return qs


def worksite_counts(access: Access) -> list[dict]:
    """People and members per worksite the viewer covers, in one query."""
    rows = worksites_in_scope(access).annotate(
        people=Count("persons", filter=Q(persons__in_unit=True)),
        members=Count("persons", filter=Q(persons__in_unit=True,
                                          persons__membership__status=MembershipStatus.MEMBER)),
    ).values("id", "name", "kind", "people", "members").order_by("name")
    return [_with_density(r) for r in rows]


def local_summary(local) -> dict:
    """The local at a glance: people, members, density, by status and by job family.

    One grouped query (job family × status) gives every number on the page.
    """
    by_status = dict.fromkeys(MembershipStatus.values, 0)
    families = {code: {"code": code, "people": 0, "members": 0} for code in JobFamily.Code.values}
    for code, status, n in (
        Person.objects.filter(local=local, in_unit=True)
        .values_list("job_class__family__code", "membership__status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        if status in by_status:
            by_status[status] += n
        if code in families:
            families[code]["people"] += n
            if status == MembershipStatus.MEMBER:
                families[code]["members"] += n
    people_total = sum(by_status.values())
    members = by_status[MembershipStatus.MEMBER]
    return {
        "people": people_total,
        "members": members,
        "density": _pct(members, people_total),
        "by_status": [
            {"status": value, "label": label, "count": by_status[value]}
            for value, label in MembershipStatus.choices
        ],
        "by_family": [
            _with_density({**row, "label": JobFamily.Code(code).label})
            for code, row in families.items()
        ],
        "worksites": Worksite.objects.filter(local=local).count(),
    }


def locals_summary(local_ids: list[int]) -> list[dict]:
    """People and members per local, for state and national staff, in one query."""
    from unionhall.core.models import Affiliate

    rows = (
        Affiliate.objects.filter(pk__in=local_ids)
        .annotate(
            people=Count("persons", filter=Q(persons__in_unit=True)),
            members=Count("persons", filter=Q(persons__in_unit=True,
                                              persons__membership__status="member")),
        )
        .values("id", "slug", "name", "people", "members")
        .order_by("name")
    )
    return [_with_density(r) for r in rows]


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _with_density(row: dict) -> dict:
    return {**row, "density": _pct(row["members"], row["people"])}


# --- Joining --------------------------------------------------------------------------------


def current_terms(local):
    from unionhall.members.models import TermsVersion

    return TermsVersion.objects.filter(local=local).order_by("-version").first()


def join_intro(local, language: str) -> str:
    from unionhall.members.models import JoinPage

    page = JoinPage.objects.filter(local=local).first()
    return page.intro(language) if page else ""


def applications(access: Access, *, status: str = "pending"):
    from unionhall.members.models import Application

    if not access.can(Perm.APPROVE_MEMBERSHIP):
        raise Http404
    qs = Application.objects.filter(local=access.local).select_related("worksite", "job_class",
                                                                       "person")
    if status in Application.Status.values:
        qs = qs.filter(status=status)
    return qs


def application_or_404(access: Access, pk: int):
    application = applications(access, status="").select_related(
        "person__membership", "person__worksite", "terms", "decided_by").filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


# --- Dues -----------------------------------------------------------------------------------


def dues_policy(local):
    """The local's DuesPolicy, or an unsaved one holding the defaults when it has none."""
    from unionhall.members.models import DuesPolicy

    return DuesPolicy.objects.filter(local=local).first() or DuesPolicy(local=local)


def dues_rates(local) -> list:
    """The rates of the local, its state and its national association as the pure core's
    `Rate`s, in one query (the level is the affiliate's kind)."""
    from django.db.models import Subquery

    from unionhall.core.models import Affiliate
    from unionhall.members.dues import Rate
    from unionhall.members.models import DuesRate

    above = Affiliate.objects.filter(children__id=local.parent_id).values("pk")
    rows = DuesRate.objects.filter(
        Q(affiliate_id__in=[local.pk, local.parent_id]) | Q(affiliate_id__in=Subquery(above))
    ).values_list("affiliate__kind", "category", "label", "min_fte", "max_fte", "yearly_cents",
                  "effective_from", "effective_until")
    return [Rate(*row) for row in rows]


def dues_quote(local, *, fte, on=None, category: str | None = None):
    """What someone at `fte` joining `local` on `on` (default today) owes each level, in total
    and per paycheck, by the local's policy: see `members.dues`. Two queries.

    Raises `members.dues.DuesError` when a level's rates do not cover the FTE.
    """
    from django.utils import timezone

    from unionhall.members import dues

    policy = dues_policy(local)
    return dues.quote(
        dues_rates(local), fte=fte, on=on or timezone.localdate(), category=category,
        policy=dues.Policy(year_start_month=policy.year_start_month,
                           year_start_day=policy.year_start_day, pay_periods=policy.pay_periods,
                           proration=policy.proration),
    )


@dataclass
class JoinQuote:
    """The dues a visitor sees on the join page, ready to show and to store on the form."""

    fte: str = ""
    year_label: str = ""
    parts: list = field(default_factory=list)
    yearly: str = ""
    per_paycheck: str = ""
    first_year: str = ""
    paychecks: int = 0
    error: str = ""
    stored: dict = field(default_factory=lambda: {
        "yearly_cents": 0, "first_year_cents": 0, "per_paycheck_cents": 0, "pay_periods": 0})

    def __bool__(self):
        return bool(self.parts) or bool(self.error)

    def as_fields(self) -> dict:
        return dict(self.stored)


def join_quote(local, fte) -> JoinQuote:
    from django.utils.translation import gettext as _

    from unionhall.core.money import money
    from unionhall.members import dues

    try:
        quote = dues_quote(local, fte=fte)
    except dues.DuesError:
        return JoinQuote(error=_("The local has no dues rate for this FTE yet. Staff will "
                                 "confirm your dues."))
    levels = {"national": local.parent.parent, "state": local.parent, "local": local}
    return JoinQuote(
        fte=f"{quote.fte.normalize():f}",
        year_label=f"{quote.year_start:%Y}–{quote.year_end:%Y}",
        parts=[{"label": f"{levels[p.level].name}: {p.label}", "yearly": money(p.yearly_cents),
                "per_paycheck": money(p.yearly_schedule[0])} for p in quote.parts],
        yearly=money(quote.yearly_cents),
        per_paycheck=money(quote.yearly_schedule[0] if quote.yearly_schedule else 0),
        first_year=money(quote.prorated_cents),
        paychecks=len(quote.schedule),
        stored={"yearly_cents": quote.yearly_cents, "first_year_cents": quote.prorated_cents,
                "per_paycheck_cents": quote.schedule[0] if quote.schedule else 0,
                "pay_periods": quote.pay_periods},
    )


def dues_rates_of(local):
    """The rates that apply to a local, its own and its state's and national association's."""
    from unionhall.members.models import DuesRate

    return DuesRate.objects.filter(affiliate_id__in=local.ancestor_ids()).select_related(
        "affiliate").order_by("affiliate__kind", "category", "min_fte", "-effective_from")


# --- Payroll and the membership lifecycle (staff who manage people) ---------------------------


def _require_manage(access: Access) -> None:
    if not access.can(Perm.MANAGE_PEOPLE):
        raise Http404


def payroll_exports(access: Access):
    from unionhall.members.models import PayrollExport

    _require_manage(access)
    return PayrollExport.objects.filter(local=access.local).select_related("by")


def payroll_export_or_404(access: Access, pk: int):
    export = payroll_exports(access).filter(pk=pk).first()
    if export is None:
        raise Http404
    return export


def remittances(access: Access):
    from unionhall.members.models import Remittance

    _require_manage(access)
    return Remittance.objects.filter(local=access.local).select_related("by")


def remittance_or_404(access: Access, pk: int):
    remittance = remittances(access).filter(pk=pk).first()
    if remittance is None:
        raise Http404
    return remittance


def remittance_exceptions(access: Access, *, open_only: bool = True, remittance=None):
    from unionhall.members.models import RemittanceException

    _require_manage(access)
    qs = RemittanceException.objects.filter(remittance__local=access.local).select_related(
        "remittance", "person", "resolved_by")
    if open_only:
        qs = qs.filter(resolved_at__isnull=True)
    if remittance is not None:
        qs = qs.filter(remittance=remittance)
    return qs


def remittance_exception_or_404(access: Access, pk: int):
    exception = remittance_exceptions(access, open_only=False).filter(pk=pk).first()
    if exception is None:
        raise Http404
    return exception


def payroll_layout(local):
    from unionhall.members.models import PayrollLayout

    return PayrollLayout.objects.filter(local=local).first() or PayrollLayout(local=local)


def lapse_candidates(local, *, remittances: int = 3):
    """Members with an active card who are missing from each of the last `remittances`
    remittances (the district stopped deducting), among those whose card was signed before
    the first of them. None until the local has imported that many."""
    from unionhall.members.models import DuesAuthorization, Remittance, RemittanceLine

    last = list(Remittance.objects.filter(local=local).order_by("-pay_date", "-id")
                .values_list("pk", "pay_date")[:remittances])
    if len(last) < remittances or remittances < 1:
        return Person.objects.none()
    first_date = min(d for _pk, d in last)
    from datetime import datetime, time

    from django.utils import timezone

    cutoff = timezone.make_aware(datetime.combine(first_date, time.min))
    return (Person.objects.filter(
        local=local, in_unit=True, membership__status=MembershipStatus.MEMBER,
        dues_authorizations__status=DuesAuthorization.Status.ACTIVE,
        dues_authorizations__signed_at__lt=cutoff,
    ).exclude(pk__in=RemittanceLine.objects.filter(
        remittance_id__in=[pk for pk, _d in last]).values("person_id"))
        .select_related("membership", "worksite").distinct())


@dataclass
class DuesStanding:
    """What staff see about a person's dues: paid through, the card, its next window."""

    paid_through: object = None
    card: object = None
    window: tuple | None = None
    in_window: bool = False
    pending_resignation: object = None
    can_resign: bool = False
    can_lapse: bool = False


def dues_standing(access: Access, person: Person) -> DuesStanding | None:
    """None unless the viewer manages people. Two queries."""
    from django.utils import timezone

    from unionhall.members import payroll
    from unionhall.members.models import DuesAuthorization, Resignation

    if not access.can(Perm.MANAGE_PEOPLE):
        return None
    today = timezone.localdate()
    card = DuesAuthorization.objects.filter(
        person=person, status=DuesAuthorization.Status.ACTIVE).first()
    window = None
    if card is not None:
        window = payroll.revocation_window(
            timezone.localdate(card.signed_at), today, opens_days=card.revocation_opens_days,
            closes_days=card.revocation_closes_days)
    pending = Resignation.objects.filter(person=person, applied_at__isnull=True,
                                         withdrawn_at__isnull=True).first()
    status = person.membership.status
    return DuesStanding(
        paid_through=person.membership.paid_through, card=card, window=window,
        in_window=bool(window and window[0] <= today <= window[1]),
        pending_resignation=pending,
        can_resign=pending is None and status in (MembershipStatus.MEMBER,
                                                  MembershipStatus.PENDING),
        can_lapse=status == MembershipStatus.MEMBER,
    )


# --- After a roster import ----------------------------------------------------------------------


def unplaced_job_classes(access: Access):
    from unionhall.core.models import JobClass

    if not access.can(Perm.MANAGE_PEOPLE):
        raise Http404
    return JobClass.objects.filter(local=access.local, family__isnull=True).annotate(
        people=Count("persons")).order_by("title")


def job_class_or_404(access: Access, pk: int):
    job_class = unplaced_job_classes(access).model.objects.filter(
        local=access.local, pk=pk).select_related("local", "family").first()
    if job_class is None:
        raise Http404
    return job_class


def open_duplicates(access: Access):
    from unionhall.members.models import PossibleDuplicate

    if not access.can(Perm.MANAGE_PEOPLE):
        raise Http404
    return PossibleDuplicate.objects.filter(local=access.local, resolution="").select_related(
        "person__worksite", "person__membership", "candidate__worksite",
        "candidate__membership").order_by("-score", "pk")


def duplicate_or_404(access: Access, pk: int):
    duplicate = open_duplicates(access).filter(pk=pk).select_related("local").first()
    if duplicate is None:
        raise Http404
    return duplicate


def roster_upload_or_404(access: Access, pk: int):
    from unionhall.members.models import RosterUpload

    if not access.can(Perm.MANAGE_PEOPLE):
        raise Http404
    upload = RosterUpload.objects.filter(local=access.local, pk=pk).defer("data").first()
    if upload is None:
        raise Http404
    return upload
