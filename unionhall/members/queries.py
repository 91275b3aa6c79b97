"""Reads of people, always through the viewer's Access."""

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
