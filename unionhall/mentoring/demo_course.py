"""The demo's course offering: the national association's spring course for local teams,
whose deadline has passed, whose teams were told, and whose cohort started three weeks before
`today`, so modules 1 and 2 are out (by their dates) and module 3 comes next week.

The demo local's team (a lead, an officer and two members, with a state staff contact) is
selected and told. Where other locals below the association have people, up to two of them
applied too: one selected, one wait-listed. One person who is not ready yet is on the
interest list (told when this offering opened). Everything goes through the actions, by the
system, without emailing anyone; every name and sentence is invented.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from unionhall.core.models import Affiliate, Role
from unionhall.members.models import Person
from unionhall.mentoring.actions import course as actions
from unionhall.mentoring.models import CourseOffering

EASTERN = ZoneInfo("America/New_York")

TITLE = "Growing Our Own: Peer Mentoring for ESP Teams"
DESCRIPTION = """\
Education Support Professionals learn most of their job from each other: the bus driver who
shows a new driver the tricky turn on Route 9, the para who explains how a behavior plan
really works. **Growing Our Own** helps a local turn that help into a program the local runs,
with trained mentors, paid time where the contract allows, and goals that match the ESP
Professional Growth Continuum.

Teams of three to five from a local work together over five modules, one every two weeks:

- **Self-study** that each team member does at their own pace;
- **Team assignments** the team writes together, building its own program step by step;
- **Webinars** with every team in the cohort, led by facilitators who started mentoring
  programs in their own locals.

By the last module your team has a plan for its first mentoring cycle: who mentors, how
mentees sign up, how pairs are matched, and how the local will thank its mentors.
"""

WHY = {
    "demo": ("Half of our paras and bus attendants were hired in the last four years, and most "
             "of them told us they learned the job by guessing. Our veteran ESPs already help "
             "new coworkers on their own time. We want a program the local runs so that help "
             "is fair, recognized and open to every job family, not only the schools where "
             "someone happens to step up."),
    "other": ("Our members keep asking what the local does for new hires besides the "
              "orientation packet. A mentoring program would answer that and bring new "
              "leaders into the local."),
}
SITUATION = {
    "demo": ("About 3,800 ESPs in 150 worksites. Turnover among paraeducators and bus staff is "
             "high; custodial and food service staff are spread across many sites on "
             "different shifts. The district offers a one-day orientation and nothing after. "
             "Our contract allows release time for union training, which we want to use for "
             "mentor pairs."),
    "other": ("A mid-sized local with a new president and an active ESP committee. The district "
              "is open to talking about paid time for mentors."),
}
STATE_CONTACT = ("Marisol Ferreira", "mferreira@example.org")
INTEREST = {"name": "Dwayne Castellanos", "email": "dcastellanos@example.net",
            "note": "Our local is still rebuilding after a hard contract fight. We would like "
                    "to send a team next year."}


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=EASTERN)


def _team(people, size: int) -> list[dict]:
    roles = ["lead", "officer"] + ["member"] * (size - 2)
    return [{"person": p, "role": role} for p, role in zip(people[:size], roles, strict=False)]


def _other_locals(national: Affiliate, local: Affiliate) -> list[tuple[Affiliate, list]]:
    """Up to two other locals below the association with people enough for a team."""
    out = []
    others = (Affiliate.objects.filter(kind=Affiliate.Kind.LOCAL)
              .filter(parent__parent=national) | Affiliate.objects.filter(
                  kind=Affiliate.Kind.LOCAL, parent=national))
    for other in others.exclude(pk=local.pk).select_related("parent__parent").order_by("name"):
        people = list(Person.objects.filter(local=other).order_by("pk")[:3])
        if len(people) >= 3:
            out.append((other, people))
        if len(out) == 2:
            break
    return out


def _staff(national: Affiliate) -> list:
    return list(get_user_model().objects.filter(
        role_assignments__affiliate=national,
        role_assignments__role=Role.NATIONAL_STAFF).order_by("pk")[:3])


def seed_course(national: Affiliate, local: Affiliate, people, *,
                today: dt.date) -> CourseOffering:
    """The offering, its applications (the demo local's selected and told), the interest
    list. `people`: persons of the demo local to make its team of (the first four)."""
    starts_on = today - dt.timedelta(weeks=3)
    notify_on = starts_on - dt.timedelta(weeks=2)
    deadline = _moment(notify_on - dt.timedelta(weeks=2), 10)
    opens_at = _moment(deadline.date() - dt.timedelta(weeks=6), 9)
    staff = _staff(national)
    offering = actions.create_offering(
        national, by=None, title=TITLE, description=DESCRIPTION,
        contact_email="espmentoring@example.org", opens_at=opens_at, deadline=deadline,
        time_zone="America/New_York", notify_on=notify_on, starts_on=starts_on,
        module_count=5, weeks_between_modules=2, asks_state_contact=True, min_team_size=3,
        max_team_size=5, facilitators=[u.email for u in staff])
    actions.add_interest(national, by=None, name=INTEREST["name"], email=INTEREST["email"],
                         note=INTEREST["note"])
    offering = actions.publish_offering(offering, by=None, now=opens_at - dt.timedelta(days=3))
    actions.tell_interest_list(offering, by=None, now=opens_at, quiet=True)

    applied = [(local, list(people)[:4], "demo", actions.DECISIONS[0])]
    for (other, team), status in zip(_other_locals(national, local),
                                     (actions.DECISIONS[0], actions.DECISIONS[1]),
                                     strict=False):
        applied.append((other, team, "other", status))
    applications = []
    for i, (where, team, voice, status) in enumerate(applied):
        application = actions.submit_application(
            offering, where, by=None, members=_team(team, len(team)), why=WHY[voice],
            situation=SITUATION[voice], state_contact_name=STATE_CONTACT[0],
            state_contact_email=STATE_CONTACT[1],
            now=deadline - dt.timedelta(days=10 - i, hours=3))
        applications.append((application, status))
    for reviewer in staff:
        for application, status in applications:
            actions.review_application(application, by=reviewer,
                                       score=5 if status == actions.DECISIONS[0] else 4,
                                       note="Clear plan and a team from several job families.")
    decided = deadline + dt.timedelta(days=5)
    for application, status in applications:
        actions.decide_application(application, by=None, status=status, now=decided)
    actions.send_decisions(offering, by=None, now=actions.notify_moment(offering), quiet=True)
    offering.refresh_from_db()
    return offering
