"""Who a message or an event is for, as one queryset of the local's people. An empty filter
means anyone; filters combine with AND (Spanish-speaking members at two worksites)."""

from dataclasses import dataclass, field

from unionhall.members.models import Person


@dataclass(frozen=True)
class Audience:
    worksites: tuple[int, ...] = ()
    job_families: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()  # members.MembershipStatus values
    languages: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()  # core.models.Role values held in the local
    extra: dict = field(default_factory=dict, compare=False)

    @classmethod
    def from_json(cls, data: dict) -> "Audience":
        return cls(**{k: tuple(data.get(k) or ()) for k in
                      ("worksites", "job_families", "statuses", "languages", "roles")})

    def to_json(self) -> dict:
        return {k: list(getattr(self, k)) for k in
                ("worksites", "job_families", "statuses", "languages", "roles")}


def people(local, audience: Audience):
    """The people in the local's bargaining unit the audience names (plus, for `roles`, those
    holding the role whether or not they are in the unit)."""
    qs = Person.objects.filter(local=local)
    if not audience.roles:
        qs = qs.filter(in_unit=True)
    if audience.worksites:
        qs = qs.filter(worksite_id__in=audience.worksites)
    if audience.job_families:
        qs = qs.filter(job_class__family_id__in=audience.job_families)
    if audience.statuses:
        qs = qs.filter(membership__status__in=audience.statuses)
    if audience.languages:
        qs = qs.filter(language__in=audience.languages)
    if audience.roles:
        qs = qs.filter(user__role_assignments__affiliate=local,
                       user__role_assignments__role__in=audience.roles).distinct()
    return qs
