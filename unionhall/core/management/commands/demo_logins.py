from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from unionhall.accounts.models import User
from unionhall.core.demo import DEMO_PASSWORD, DEMO_SLUG, PERSONAS
from unionhall.core.models import Affiliate, RoleAssignment
from unionhall.core.permissions import PERSONAL_DATA_PERMS, ROLE_PERMS


class Command(BaseCommand):
    help = "Print the demo persona logins (only where settings.DEMO_LOGINS is on)."

    def handle(self, *args, **opts):
        if not settings.DEMO_LOGINS:
            self.stdout.write(
                "Demo logins are disabled in these settings (they need DEBUG=1 and "
                "UNIONHALL_DEMO_LOGINS not 0); demo accounts cannot sign in here."
            )
            return
        local = Affiliate.objects.filter(slug=DEMO_SLUG, kind=Affiliate.Kind.LOCAL).first()
        if local is None:
            self.stdout.write("The demo local is not loaded: run `manage.py seed_demo` first.")
            return
        domain = settings.DEMO_EMAIL_DOMAIN
        users = {u.email: u for u in User.objects.filter(
            email__in=[f"{p}@{domain}" for p in PERSONAS]
        ).select_related("person__worksite", "person__job_class", "person__membership")}
        rows = []
        for persona in PERSONAS:
            user = users.get(f"{persona}@{domain}")
            if user is None:
                continue
            assignments = list(RoleAssignment.objects.filter(user=user)
                               .select_related("affiliate").prefetch_related("worksites"))
            two_factor = settings.UNIONHALL_REQUIRE_MFA and any(
                ROLE_PERMS[a.role] & PERSONAL_DATA_PERMS for a in assignments)
            rows.append((user.email, DEMO_PASSWORD if user.has_usable_password() else "(none)",
                         describe(persona, user, assignments) + (" [2FA]" if two_factor else "")))
        if not rows:
            self.stdout.write("No demo persona accounts found: run `manage.py seed_demo --reset`.")
            return

        self.stdout.write(f"Demo logins for {local.name} "
                          f"(roster: {reverse('person_list', args=[local.slug])})")
        head = ("Email", "Password", "Who they are and what they see")
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(2)]
        for email, password, what in [head, *rows]:
            self.stdout.write(f"  {email:<{widths[0]}}  {password:<{widths[1]}}  {what}")
        bypass = getattr(settings, "MFA_TOTP_INSECURE_BYPASS_CODE", None)
        if settings.UNIONHALL_REQUIRE_MFA and bypass:
            self.stdout.write(
                f"[2FA] These roles see other people's personal data and must use two-factor "
                f"sign-in. In development the authenticator code {bypass} is accepted: type it "
                f"when asked to set up or enter a code."
            )
        if any(password == "(none)" for _e, password, _w in rows):
            self.stdout.write("Accounts without a password were loaded while demo logins were "
                              "off: run `manage.py seed_demo --reset` to give them one.")
        self.stdout.write("Other demo role holders have no password; they sign in with the "
                          "emailed code (written to var/mail/ in development).")


def describe(persona: str, user, assignments) -> str:
    person = user.person
    job = ""
    if person is not None:
        job = f"{person.display_name}, {person.job_class} at {person.worksite}"
    by_role = {a.role: a for a in assignments}
    if persona == "member":
        return f"A member ({job}): their own membership and details"
    if persona == "rep" and "building_rep" in by_role:
        sites = ", ".join(str(w) for w in by_role["building_rep"].worksites.all())
        return f"Building rep of {sites} ({job}): that building's roster and contacts"
    if persona == "steward" and "steward" in by_role:
        sites = [str(w) for w in by_role["steward"].worksites.all()]
        return (f"Steward of {len(sites)} worksites ({', '.join(sites)}): their rosters and "
                f"contacts, and their grievance cases with due dates")
    if persona == "officer":
        return (f"President ({job}): the whole local's roster, contacts, private data and "
                f"audit log")
    if persona == "admin":
        return (f"Local admin ({job}): everything in the local, including roles (but not "
                f"grievance cases, which are confidential)")
    if persona == "committee":
        return (f"Election committee ({job}): sets up elections, the voter roll, paper "
                f"ballots, the count and its certification")
    if persona == "chair":
        return (f"Grievance chair ({job}): every grievance case, assigning stewards, reports, "
                f"the procedure and the district calendar")
    if persona == "team":
        return (f"Bargaining team ({job}): sessions and transcripts, proposals and redlines, "
                f"tentative agreements, the survey, updates and comment moderation")
    if persona == "coordinator":
        return (f"Mentoring coordinator ({job}): the local's mentoring program, cycles, "
                f"matching, results, and the team's application to the course")
    if persona == "course" and assignments:
        return (f"National staff of {assignments[0].affiliate}: runs the peer mentoring course "
                f"(offerings, reviews, modules, webinars, certificates)")
    if persona == "facilitator":
        return "Course facilitator: the teams' work, feedback, webinar attendance, progress"
    if persona == "state" and assignments:
        return (f"State staff of {assignments[0].affiliate}: its locals at a glance and their "
                f"rosters, without contacts")
    return ", ".join(a.get_role_display() for a in assignments) or "No role"
