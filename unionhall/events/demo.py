"""Demo events, made through the actions as the system (`by=None`): four in the next three
weeks and two past ones with check-ins. Invented people and places only.

- a strategy meeting for stewards (audience: roles),
- a lunchtime visit at the biggest school (audience: one worksite),
- a paraeducator training with 25 places, full, with a wait list (audience: a job family),
- a rally before the school board meeting (audience: everyone),
- past: a back-to-school potluck (everyone) and a new-member orientation (members).

Answers come from 10-30% of those invited (at most MAX_ANSWERS an event, for a large local),
spread over the days after the invitation, so the wait list has a real order.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import Count
from django.utils import timezone

from unionhall.core.models import JobFamily, Role, Worksite
from unionhall.events import actions, queries
from unionhall.events.models import Event

MAX_ANSWERS = 200
NOT_SCHOOLS = ("transportation", "nutrition", "facilities", "district_office", "other")

STRATEGY = """Stewards and the grievance chair: an hour to plan the next two months.

- Which cases are coming up for a step 2 meeting
- The staffing complaints at the middle schools: grievance or group action?
- Who covers which building while two stewards are out

Snacks provided. Bring your case notes (no names in the group chat, please)."""

VISIT = """Your building rep and an officer will be in the staff lounge over lunch.
Come ask about the contract, your dues, the bargaining survey, or anything that is bugging you
at work. Five minutes is fine: we know lunch is short."""

TRAINING = """Two hours on the new rules for paraeducators working with students on IEPs:

1. What the contract says about your duties and your breaks
2. Documentation: what you write down and what you don't
3. What to do when you are asked to cover a classroom alone

Places are limited to 25 so everyone gets to ask questions. If it is full, say yes anyway:
you join the wait list and get an email if a place frees up. We will run it again in spring."""

RALLY = """The board votes on next year's staffing plan. We want every seat filled with
support staff in union blue before the meeting starts.

Meet in the parking lot at 5:30 pm. Signs are provided; bring a friend. Members who want to
speak during public comment: sign up at the table by 5:50 pm."""

POTLUCK = """Kick off the school year with your coworkers. The local brings the main dishes;
bring a side or a dessert if you can. Kids welcome."""

ORIENTATION = """New to the union? An hour on how the local works: your contract, your
building rep, how dues are spent, and how to get involved. Pizza at 4:15."""


def _at(local, days: int, hour: int, minute: int = 0) -> dt.datetime:
    """`days` from today at hour:minute in the local's time zone."""
    zone = ZoneInfo(local.time_zone)
    day = timezone.now().astimezone(zone).date() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)


def _answers(rng, event, *, share=None, yes=None, now=None) -> list:
    """Answer for a sample of those invited, in time order between the invitation and now (or
    the day before the event). `yes`: exactly that many yes (the rest maybe or no)."""
    invited = list(queries.invited(event).order_by("pk").values_list("pk", flat=True))
    if not invited:
        return []
    share = share if share is not None else rng.uniform(0.10, 0.30)
    count = min(len(invited), MAX_ANSWERS, max(1, round(len(invited) * share)))
    if yes is not None:
        count = min(len(invited), max(count, yes + rng.randint(3, 8)))
    chosen = rng.sample(invited, count)
    if yes is not None:
        values = ["yes"] * min(yes, count) + [rng.choice(("maybe", "no", "no"))
                                              for _ in range(count - min(yes, count))]
        rng.shuffle(values)
    else:
        values = [rng.choices(("yes", "maybe", "no"), weights=(55, 25, 20))[0] for _ in chosen]
    start = event.published_at
    end = min(now or timezone.now(), event.starts_at - dt.timedelta(hours=6))
    span = max((end - start).total_seconds(), 60)
    times = sorted(start + dt.timedelta(seconds=rng.uniform(0, span)) for _ in chosen)
    people = {p.pk: p for p in queries.invited(event).filter(pk__in=chosen)}
    rsvps = []
    for pk, value, when in zip(chosen, values, times, strict=True):
        rsvps.append(actions.answer_rsvp(event, people[pk], value, by=None, via="email",
                                         now=when))
    return rsvps


def _event(local, *, published: dt.datetime, **values) -> Event:
    """Created and published (at `published`) without emailing anyone: it is a demo."""
    event = actions.create_event(local, by=None, **values)
    return actions.publish_event(event, by=None, invite=False, now=published)


def seed_events(local, rng) -> list[Event]:
    """The six demo events of `local`, with answers, a wait list and check-ins."""
    events = []
    hall = "Union hall, 418 Cedar Street"

    # Past: answers and check-ins (most who said yes came, a few who said maybe walked in).
    for days, title, audience, description, hour in (
            (-20, "Back-to-school potluck", Event.Audience.EVERYONE, POTLUCK, 17),
            (-9, "New member orientation", Event.Audience.MEMBERS, ORIENTATION, 16)):
        starts = _at(local, days, hour)
        event = _event(local, published=starts - dt.timedelta(days=10), title=title,
                       description=description, place=hall, starts_at=starts,
                       ends_at=starts + dt.timedelta(hours=2), audience=audience)
        for rsvp in _answers(rng, event, now=starts):
            came = (rsvp.answer == "yes" and rng.random() < 0.8) or (
                rsvp.answer == "maybe" and rng.random() < 0.3)
            if came:
                actions.check_in_person(event, rsvp.person, by=None,
                                        now=starts + dt.timedelta(minutes=rng.randint(-10, 25)))
        events.append(event)

    # Upcoming: the next three weeks, announced a few days ago.
    def announced():
        return timezone.now() - dt.timedelta(days=rng.randint(2, 6), hours=rng.randint(0, 8))

    starts = _at(local, 4, 16, 30)
    strategy = _event(
        local, published=announced(), title="Stewards' strategy meeting", description=STRATEGY,
        place=f"{hall}, conference room", video_url="https://meet.example.org/stewards-strategy",
        starts_at=starts, ends_at=starts + dt.timedelta(hours=1), audience=Event.Audience.ROLES,
        roles=[Role.STEWARD, Role.GRIEVANCE_CHAIR, Role.OFFICER])
    _answers(rng, strategy, share=rng.uniform(0.5, 0.8))
    events.append(strategy)

    school = (Worksite.objects.filter(local=local).exclude(kind__in=NOT_SCHOOLS)
              .annotate(n=Count("persons")).order_by("-n", "name").first()
              or Worksite.objects.filter(local=local).order_by("name").first())
    if school is not None:
        starts = _at(local, 7, 11, 30)
        visit = _event(
            local, published=announced(), title=f"Meet your union: lunchtime at {school.name}",
            description=VISIT, place=f"{school.name}, staff lounge", starts_at=starts,
            ends_at=starts + dt.timedelta(minutes=90), audience=Event.Audience.WORKSITES,
            worksites=[school])
        _answers(rng, visit)
        events.append(visit)

    paras = JobFamily.objects.filter(code=JobFamily.Code.PARAEDUCATORS).first()
    if paras is not None:
        starts = _at(local, 12, 16)
        training = _event(
            local, published=announced(), title="Paraeducator training: IEPs and your rights",
            description=TRAINING, place=f"{hall}, training room", starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2), audience=Event.Audience.JOB_FAMILIES,
            job_families=[paras], capacity=25)
        _answers(rng, training, yes=25 + rng.randint(4, 9))
        events.append(training)

    starts = _at(local, 17, 17, 30)
    rally = _event(
        local, published=announced(), title="Rally before the school board meeting",
        description=RALLY, place="District office parking lot, 900 Lake Avenue",
        starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
        audience=Event.Audience.EVERYONE)
    _answers(rng, rally)
    events.append(rally)
    return events
