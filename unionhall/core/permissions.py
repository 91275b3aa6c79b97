"""Who may see or do what. Views, actions and templates ask this module and nothing else.

A user's roles in a local come from their RoleAssignments there, the staff roles they hold in
the local's state or national association, and their own Person (a member of the local).
Building reps and stewards hold their permissions only for the worksites they are assigned.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings

from unionhall.core.models import Affiliate, Role, RoleAssignment


class Perm(StrEnum):
    VIEW_LOCAL = "view_local"  # the local at a glance: counts, no one's personal data
    VIEW_PEOPLE = "view_people"  # names, worksite, job, membership status
    VIEW_CONTACT = "view_contact"  # personal email and mobile phone
    VIEW_PRIVATE = "view_private"  # employee id, hire date, membership history
    VIEW_ADDRESS = "view_address"  # home address
    ORGANIZE = "organize"  # assessments, conversations, next steps, density by person
    INVITE_PERSON = "invite_person"
    MANAGE_PEOPLE = "manage_people"  # add people, change memberships
    APPROVE_MEMBERSHIP = "approve_membership"  # decide on signed membership forms
    VIEW_AUDIT = "view_audit"
    MANAGE_ROLES = "manage_roles"
    RUN_ELECTIONS = "run_elections"  # elections, the voter roll, paper ballots, the tally
    RUN_MEETINGS = "run_meetings"  # meetings, agendas, motions, minutes
    MARK_ATTENDANCE = "mark_attendance"  # mark members present at a meeting
    SET_GRIEVANCE_RULES = "set_grievance_rules"  # the grievance procedure, the district calendar
    HANDLE_GRIEVANCES = "handle_grievances"  # open cases (stewards: at their worksites)
    VIEW_ALL_GRIEVANCES = "view_all_grievances"  # every case, assign stewards, reports
    BARGAIN = "bargain"  # the contract, sessions, transcripts, proposals, TAs, team notes, survey
    PUBLISH_NEWS = "publish_news"  # bargaining updates and news, moderating comments
    RUN_EVENTS = "run_events"  # events: create, invite, see who answered, check people in
    EMAIL_MEMBERS = "email_members"  # write to members by audience, see who has no email
    # The local's mentoring program (cycles, enrolments, matching, results) and its team's
    # application to the course.
    MANAGE_MENTORING = "manage_mentoring"
    # In a national or state association: the course's offerings, reviews, modules, webinars.
    RUN_COURSE = "run_course"


GRIEVANCE_CASE_PERMS = frozenset({Perm.HANDLE_GRIEVANCES, Perm.VIEW_ALL_GRIEVANCES})

ROLE_PERMS: dict[str, frozenset[Perm]] = {
    Role.MEMBER: frozenset(),
    Role.BUILDING_REP: frozenset({Perm.VIEW_PEOPLE, Perm.VIEW_CONTACT, Perm.ORGANIZE,
                                  Perm.MARK_ATTENDANCE}),
    Role.STEWARD: frozenset({Perm.VIEW_PEOPLE, Perm.VIEW_CONTACT, Perm.ORGANIZE,
                             Perm.MARK_ATTENDANCE, Perm.HANDLE_GRIEVANCES}),
    Role.GRIEVANCE_CHAIR: frozenset({Perm.VIEW_LOCAL, Perm.VIEW_PEOPLE, Perm.VIEW_CONTACT,
                                     Perm.HANDLE_GRIEVANCES, Perm.VIEW_ALL_GRIEVANCES,
                                     Perm.SET_GRIEVANCE_RULES}),
    Role.OFFICER: frozenset(
        {Perm.VIEW_LOCAL, Perm.VIEW_PEOPLE, Perm.VIEW_CONTACT, Perm.VIEW_PRIVATE, Perm.VIEW_ADDRESS,
         Perm.ORGANIZE,
         Perm.INVITE_PERSON, Perm.VIEW_AUDIT, Perm.APPROVE_MEMBERSHIP, Perm.RUN_MEETINGS,
         Perm.MARK_ATTENDANCE, Perm.SET_GRIEVANCE_RULES, Perm.HANDLE_GRIEVANCES,
         Perm.VIEW_ALL_GRIEVANCES, Perm.BARGAIN, Perm.PUBLISH_NEWS, Perm.RUN_EVENTS,
         Perm.EMAIL_MEMBERS, Perm.MANAGE_MENTORING}
    ),
    Role.BARGAINING_TEAM: frozenset({Perm.VIEW_LOCAL, Perm.BARGAIN, Perm.PUBLISH_NEWS}),
    # The committee runs elections apart from the officers, who may be candidates.
    Role.ELECTION_COMMITTEE: frozenset({Perm.VIEW_LOCAL, Perm.RUN_ELECTIONS}),
    Role.MENTORING_COORDINATOR: frozenset({Perm.VIEW_LOCAL, Perm.MANAGE_MENTORING}),
    # A case is for its grievants, its stewards, the chair and the officers: not the admin.
    Role.LOCAL_ADMIN: frozenset(Perm) - GRIEVANCE_CASE_PERMS,
    # State and national staff see their locals in aggregate and the roster, not contacts.
    # Either may run the course, for the association where they hold the role.
    Role.STATE_STAFF: frozenset({Perm.VIEW_LOCAL, Perm.VIEW_PEOPLE, Perm.VIEW_AUDIT,
                                 Perm.RUN_COURSE}),
    Role.NATIONAL_STAFF: frozenset({Perm.VIEW_LOCAL, Perm.RUN_COURSE}),
}
WORKSITE_ROLES = frozenset({Role.BUILDING_REP, Role.STEWARD})
# Roles held in a state or national association that reach down to its locals.
INHERITED_ROLES = frozenset({Role.STATE_STAFF, Role.NATIONAL_STAFF})
# Whoever holds one of these sees other people's personal data and must use two-factor sign-in.
PERSONAL_DATA_PERMS = frozenset(
    {Perm.VIEW_PEOPLE, Perm.VIEW_CONTACT, Perm.VIEW_PRIVATE, Perm.VIEW_ADDRESS, Perm.VIEW_AUDIT,
     Perm.MANAGE_PEOPLE, Perm.ORGANIZE,
     Perm.APPROVE_MEMBERSHIP, Perm.RUN_ELECTIONS, Perm.MARK_ATTENDANCE, Perm.RUN_MEETINGS,
     Perm.HANDLE_GRIEVANCES, Perm.VIEW_ALL_GRIEVANCES, Perm.RUN_EVENTS, Perm.EMAIL_MEMBERS,
     Perm.MANAGE_MENTORING, Perm.RUN_COURSE}
)
ALL_WORKSITES = None


@dataclass(frozen=True)
class Grant:
    role: str
    worksite_ids: frozenset[int] | None  # None: the whole local


def combine(grants: list[Grant], extra: dict[str, frozenset[Perm]] | None = None,
            ) -> tuple[frozenset[Perm], dict[Perm, frozenset[int] | None]]:
    """Permissions and, for each, the worksites it covers (None: all). Pure, for testing.

    `extra` adds permissions to roles where the local chose to (e.g. reps see addresses)."""
    scope: dict[Perm, frozenset[int] | None] = {}
    extra = extra or {}
    for grant in grants:
        for perm in ROLE_PERMS.get(grant.role, frozenset()) | extra.get(grant.role, frozenset()):
            if grant.worksite_ids is None or scope.get(perm, frozenset()) is None:
                scope[perm] = None
            else:
                scope[perm] = scope.get(perm, frozenset()) | grant.worksite_ids
    return frozenset(scope), scope


@dataclass(frozen=True)
class Access:
    """What one user may do in one local."""

    local: Affiliate
    user_id: int | None
    roles: frozenset[str] = frozenset()
    perms: frozenset[Perm] = frozenset()
    scopes: dict = field(default_factory=dict)
    person_id: int | None = None
    has_totp: bool = False

    def can(self, perm: Perm) -> bool:
        return perm in self.perms

    def worksites_for(self, perm: Perm) -> frozenset[int] | None:
        """The worksites a permission covers; None means the whole local."""
        if perm not in self.perms:
            return frozenset()
        return self.scopes[perm]

    def covers(self, perm: Perm, worksite_id: int | None) -> bool:
        scope = self.worksites_for(perm)
        return scope is None or (worksite_id is not None and worksite_id in scope)

    @property
    def belongs(self) -> bool:
        """Has any standing in this local at all (an outsider has none)."""
        return bool(self.roles) or self.person_id is not None

    @property
    def sees_personal_data(self) -> bool:
        return bool(self.perms & PERSONAL_DATA_PERMS)

    @property
    def needs_mfa(self) -> bool:
        return settings.UNIONHALL_REQUIRE_MFA and self.sees_personal_data and not self.has_totp


def user_has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def access_for(user, local: Affiliate) -> Access:
    """The user's access to a local. Two or three queries, whatever the size of the local."""
    if not user.is_authenticated:
        return Access(local=local, user_id=None)
    ancestors = local.ancestor_ids()
    rows = list(
        RoleAssignment.objects.filter(user=user, affiliate_id__in=ancestors)
        .values_list("id", "role", "affiliate_id")
    )
    rows = [r for r in rows if r[2] == local.pk or r[1] in INHERITED_ROLES]
    limited = [r[0] for r in rows if r[1] in WORKSITE_ROLES]
    sites: dict[int, set[int]] = {rid: set() for rid in limited}
    if limited:
        through = RoleAssignment.worksites.through
        for rid, wid in through.objects.filter(roleassignment_id__in=limited).values_list(
            "roleassignment_id", "worksite_id"
        ):
            sites[rid].add(wid)
    grants = [Grant(role, frozenset(sites[rid]) if rid in sites else None) for rid, role, _ in rows]

    person_id = None
    person = getattr(user, "person", None) if user.person_id else None
    if person is not None and person.local_id == local.pk:
        person_id = person.pk
        status = getattr(getattr(person, "membership", None), "status", None)
        if status == "member":
            grants.append(Grant(Role.MEMBER, None))
    extra: dict[str, frozenset[Perm]] = {}
    if local.reps_see_home_addresses:
        extra.update({role: frozenset({Perm.VIEW_ADDRESS}) for role in WORKSITE_ROLES})
    if local.state_sees_organizing:
        extra[Role.STATE_STAFF] = frozenset({Perm.ORGANIZE})
    perms, scopes = combine(grants, extra)
    access = Access(
        local=local, user_id=user.pk, roles=frozenset(g.role for g in grants), perms=perms,
        scopes=scopes, person_id=person_id,
    )
    if access.sees_personal_data and settings.UNIONHALL_REQUIRE_MFA:
        access = Access(**{**access.__dict__, "has_totp": user_has_totp(user)})
    return access


def require(by, local: Affiliate, perm: Perm) -> None:
    """What every action checks first: `by` holds `perm` in the local. `by=None` is the system
    itself (a management command, the task worker); a superuser may do anything."""
    from django.core.exceptions import PermissionDenied

    if by is not None and not by.is_superuser and not access_for(by, local).can(perm):
        raise PermissionDenied


def request_access(request, local: Affiliate) -> Access:
    """access_for, computed once per request and local."""
    cache = request.__dict__.setdefault("_unionhall_access", {})
    if local.pk not in cache:
        cache[local.pk] = access_for(request.user, local)
    return cache[local.pk]
