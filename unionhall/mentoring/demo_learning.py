"""Demo course content: each module of an offering gets a self-study reading, a team assignment
and (modules 1, 3 and 5) a webinar; the first selected team has done module 1 (every member
completed the reading, the team wrote its why statement and got feedback, the kickoff webinar
has its attendance and recording). Made through the actions as the system (`by=None`).
Invented text in the union's voice; no real people."""

import datetime as dt
import re

from django.utils import timezone

from unionhall.mentoring import learning_queries as q
from unionhall.mentoring import learning_schedule
from unionhall.mentoring.actions import learning as actions
from unionhall.mentoring.models import Activity, Module, TeamApplication

K = Activity.Kind
PLACEHOLDER = re.compile(r"(Module|Módulo) \d+")

# (title, summary, self-study, team assignment, webinar or None); each activity is (title,
# instructions). A module still named "Module N" (as the course's own demo makes them) takes
# the title here.
PLAN = [
    ("Why mentoring, and why us",
     "Why ESP mentoring, and why your local. Mentoring is how we make sure no one in the "
     "bargaining unit starts the job alone, and how members find their voice.",
     ("Reading: what peer mentoring does for ESPs",
      "Read the two-page introduction in the course library, then think of your own first "
      "month on the job.\n\n- Who showed you the ropes?\n- What do you wish someone had told "
      "you?\n\nMark it completed and, if you like, write a few lines about it."),
     ("Our why statement",
      "As a team, write your local's **why statement**: one or two sentences on why you are "
      "building a mentoring program and the values you lead with. Then list three things "
      "that are true about your local today (size, job families, turnover) that the "
      "program must answer to."),
     ("Kickoff: meet the cohort",
      "All teams together: introductions, how the course works, and the why statements of "
      "locals that came before you. Bring one question.")),
    ("Listening to our members",
     "Listening before building: what do your members need?",
     ("Reading: running a short needs survey",
      "How to ask new and experienced ESPs what support they want, in every job family and "
      "on every shift, without a long form nobody finishes."),
     ("Member needs snapshot",
      "Talk to at least ten members across job families (the bus yard and night custodians "
      "too). Summarize what you heard: what new ESPs struggle with, what experienced ESPs "
      "would share. Attach your notes or survey results."),
     None),
    ("Designing our program",
     "Designing the program with the Professional Growth Continuum.",
     ("Reading: program models that work",
      "Three short case studies: a one-to-one model in a large district, small-group circles "
      "in a rural local, and a job-family model for food service."),
     ("Program design draft",
      "Draft your program on one or two pages: who can be a mentor or mentee, how pairs are "
      "matched, how often they meet, which standards of the Growth Continuum you focus on, "
      "and who runs it (your advisory committee)."),
     ("Designing with the Growth Continuum",
      "Facilitators walk through the eight standards and how to turn them into goals a pair "
      "can work on. Teams share their drafts in small groups.")),
    ("Mentors: recruiting, training, support",
     "Recruiting, training and supporting mentors.",
     ("Reading: recruiting and training mentors",
      "What makes a good mentor, how to ask people personally, and a two-hour training "
      "outline you can adapt."),
     ("Mentor recruitment plan",
      "Who will you ask first, by worksite and job family? How will you train them, and "
      "what will you offer them (release time, paid hours, recognition)?"),
     None),
    ("Launching and sustaining the program",
     "Launching and sustaining: bargaining, partnerships, and keeping it going.",
     ("Reading: sustaining the program",
      "Getting mentoring into the contract or a memorandum of understanding, working with "
      "the district and a community college, and measuring what changes."),
     ("Launch plan and budget",
      "Your launch calendar for the first cycle, a one-page budget, and how you will know it "
      "worked (what you will measure at the end of the year)."),
     ("Closing: present your program",
      "Each team has five minutes to present its program to the cohort. Celebrate, and plan "
      "how you will stay in touch.")),
]

WHY = """**Our why:** to make sure every ESP in our district is welcomed, prepared and backed by
a coworker who has been there, so that new members find their voice and stay.

What is true about our local today:

1. About 3,800 ESPs in nine job families, on day, split and night shifts.
2. One in five started in the last two years; turnover is highest in food service and
   special education classrooms.
3. Members tell us the first month is the hardest, and that nobody explained the contract."""

FEEDBACK = """A strong start. Your why statement names who you serve and what changes for
them: keep that sentence on every flyer.

Two suggestions for module 2:

- Talk to the night custodians and the bus yard early; they are the hardest to reach.
- Turnover numbers by job family will help when you bring this to the district."""

REFLECTION = ("I started as a para with no one to ask. A mentor would have saved me a "
              "rough first semester. That is why I am on this team.")


def _at(day: dt.date, hour: int, zone) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=zone)


def seed_learning(offering, *, today: dt.date) -> dict:
    """Fill the offering's modules (made by the course demo) and play module 1 for the first
    selected team. Returns counts of what was made."""
    zone = q.offering_zone(offering)
    now = timezone.now()
    modules = list(Module.objects.filter(offering=offering).order_by("number"))
    made = {"activities": 0, "completed": 0}
    activities = []
    for module, (title, summary, study, assignment, webinar) in zip(modules, PLAN,
                                                                    strict=False):
        if not module.summary or PLACEHOLDER.fullmatch(module.title):
            module = actions.save_module(
                offering, module=module, by=None, releases_on=module.releases_on,
                title=title if PLACEHOLDER.fullmatch(module.title) else module.title,
                summary=module.summary or summary)
        module.offering = offering
        due = module.releases_on + dt.timedelta(days=12)
        items = [actions.save_activity(module, by=None, kind=K.SELF_STUDY, title=study[0],
                                       instructions=study[1], due_on=due - dt.timedelta(days=5)),
                 actions.save_activity(module, by=None, kind=K.TEAM_ASSIGNMENT,
                                       title=assignment[0], instructions=assignment[1],
                                       due_on=due)]
        if webinar is not None:
            items.append(actions.save_activity(
                module, by=None, kind=K.WEBINAR, title=webinar[0], instructions=webinar[1],
                starts_at=_at(module.releases_on + dt.timedelta(days=3), 19, zone), minutes=75,
                join_url=f"https://meet.example.org/{offering.slug}-module-{module.number}"))
        activities.append(items)
        made["activities"] += len(items)
        if module.releases_on <= today:
            learning_schedule.release(module.pk, now, notify=False)

    team = (TeamApplication.objects.filter(offering=offering,
                                           status=TeamApplication.Status.SELECTED)
            .order_by("id").first())
    if team is None or not modules or modules[0].releases_on > today:
        return made
    study, assignment, *rest = activities[0]
    members = q.team_members(team)
    start = modules[0].releases_on
    for i, member in enumerate(members):
        actions.complete_self_study(study, by=None, person=member.person,
                                    reflection=REFLECTION if i == 0 else "",
                                    now=_at(start + dt.timedelta(days=1 + i % 3), 20, zone))
        made["completed"] += 1
    sub = actions.save_team_work(assignment, by=None, application=team, text=WHY,
                                 now=_at(start + dt.timedelta(days=8), 21, zone))
    actions.give_feedback(sub, by=None, feedback=FEEDBACK, notify=False,
                          now=_at(start + dt.timedelta(days=10), 10, zone))
    if rest:
        webinar = rest[0]
        if webinar.starts_at <= now:
            # Module 1 is done by the whole team: someone late, someone excused, no one absent.
            statuses = ["present", "present", "late", "present", "excused"]
            marks = {m.person_id: statuses[i % len(statuses)] for i, m in enumerate(members)}
            actions.mark_attendance(webinar, marks, by=None)
            actions.save_activity(
                webinar.module, activity=webinar, by=None, kind=K.WEBINAR,
                title=webinar.title, instructions=webinar.instructions,
                position=webinar.position, starts_at=webinar.starts_at,
                minutes=webinar.minutes, join_url=webinar.join_url,
                recording_url=f"https://video.example.org/{offering.slug}/kickoff-recording")
    return made
