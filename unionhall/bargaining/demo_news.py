"""The demo local's updates: four bargaining updates (one for members only, one still a draft)
and one piece of news, linked to the sessions and contract articles they are about, with
members' replies, some waiting for a moderator. Every person, quote and word is invented."""

import datetime as dt
from zoneinfo import ZoneInfo

from unionhall.bargaining.actions import news

# Who replies when the local has no accounts of its own to lend names.
INVENTED_MEMBERS = ("Rosa Delgado", "Darnell Price", "Mei Lin Chao", "Tom Okafor",
                    "Graciela Ruiz", "Pat Kowalski", "Aisha Bello", "Luis Romero")


def _day(value: dt.date) -> str:
    return f"{value:%B} {value.day}"


def _articles(contract, *words):
    """The contract's articles whose titles mention one of `words`, else its first few."""
    if contract is None:
        return []
    articles = list(contract.articles.order_by("position"))
    found = [a for a in articles if any(w in a.title.lower() for w in words)]
    return found[:2] or articles[:1]


def _people(local):
    """Accounts of the local's people: the team writes, members reply."""
    from unionhall.accounts.models import User

    users = list(User.objects.filter(person__local=local).select_related("person")
                 .order_by("pk")[:200])
    roles = {}
    for user in users:
        roles[user.pk] = set(user.role_assignments.filter(affiliate=local)
                             .values_list("role", flat=True))
    writers = [u for u in users if roles[u.pk] & {"bargaining_team"}] or [
        u for u in users if roles[u.pk] & {"officer"}]
    members = [u for u in users if not roles[u.pk] & {"bargaining_team", "officer",
                                                       "local_admin"}]
    return writers, members


def seed_news(local, sessions, contract) -> None:
    from django.utils import timezone

    tz = ZoneInfo(local.time_zone)
    now = timezone.now()
    ordered = sorted(sessions, key=lambda s: (s.held_on, s.pk))
    days = [s.held_on for s in ordered[:3]]
    if not days:
        today = local.today()
        days = [today - dt.timedelta(days=n) for n in (40, 26, 9)]
    while len(days) < 3:
        days.append(days[-1] + dt.timedelta(days=14))
    first, second, third = days

    def session(i):
        return [ordered[i]] if i < len(ordered) else []

    def evening(day: dt.date, plus: int = 1) -> dt.datetime:
        at = dt.datetime.combine(day + dt.timedelta(days=plus), dt.time(18, 30), tzinfo=tz)
        return min(at, now - dt.timedelta(hours=2))

    writers, members = _people(local)

    def writer(i):
        return writers[i % len(writers)] if writers else None

    def write(title, body, *, kind="bargaining", audience="public", links=(), articles=(),
              published=None, by_writer=0):
        post = news.create_post(local, by=None, author=writer(by_writer), title=title,
                                body=body, kind=kind, audience=audience,
                                sessions=list(links), articles=list(articles))
        if published is not None:
            post = news.publish_post(post, by=None, announce=False, now=published)
        return post

    opening = write(
        f"What we heard at the table on {_day(first)}",
        f"Your bargaining team sat down with the district on {_day(first)}. We agreed the "
        "ground rules (sessions are recorded, and members can watch) and we put our opening "
        "proposals on the table: **a fair raise for every job class**, **paid training "
        "time for paraeducators**, and **pay for the split-shift gap** bus drivers wait "
        "through every day.\n\n"
        "When we asked whether the district would bargain over training at all, their "
        "chief negotiator answered:\n\n"
        "> “Training is a management decision. We are not sure it belongs in the "
        "contract.”\n\n"
        "Our chief spokesperson answered:\n\n"
        "> “The training is required to do the job. If it is required, it is work, and "
        "work is paid. That belongs in the contract.”\n\n"
        "They did not say no. We meet again in two weeks.\n\n"
        "**What you can do:** tell your building rep what training you were promised and "
        "never got. Your stories go on the table.",
        links=session(0), articles=_articles(contract, "wage", "salar", "compensation"),
        published=evening(first))
    routes = write(
        f"Para training, bus routes and custodians: the {_day(second)} session",
        f"On {_day(second)} we spent the session on three things members told us matter "
        "most in the survey.\n\n"
        "**Paid training for paras.** When we asked when paras should get the training "
        "the job requires, the district said:\n\n"
        "> “Training happens when the schedule allows it.”\n\n"
        "A paraeducator on our team answered:\n\n"
        "> “The schedule never allows it. That is why it has to be in the contract: paid, "
        "and during the workday.”\n\n"
        "**Split shifts.** A driver who waits four hours for the afternoon run is not on a "
        "break: she is on call. The district wants to see what paying for it costs across "
        "all routes. We will give them the numbers.\n\n"
        "**Custodial staffing.** We asked for the square footage each night custodian is "
        "assigned, school by school. The district agreed to provide it.\n\n"
        "Next session: the salary schedule.",
        links=session(1),
        articles=_articles(contract, "training", "transport", "hours", "professional"),
        published=evening(second), by_writer=1)
    members_only = write(
        "For members: where we stand on wages",
        "This update is for members only. Please do not forward it.\n\n"
        "The district has moved on training time but not on wages. Their offer is "
        "**1.5% a year for three years**, less than the rise in rents in our district "
        "last year.\n\n"
        "Your team answered:\n\n"
        "> “Our members keep the buses running, the buildings clean and the kids fed. "
        "1.5% tells them they are worth less every year.”\n\n"
        "- **Come to the membership meeting** to hear the full picture and ask questions.\n"
        "- **Sign the petition** your building rep is carrying.\n"
        "- **Check your contact details** so you hear from us quickly.\n\n"
        "We bargain for all of us. Stand together and we will win a fair contract.",
        audience="members", links=session(2),
        articles=_articles(contract, "wage", "salar", "compensation"),
        published=evening(third, 2))
    write(
        "Tentative agreement on route bidding (draft: check the dates)",
        "We have reached a **tentative agreement** on route bidding: routes will be posted "
        "two weeks before the school year starts and bid by seniority.\n\n"
        "_Team: confirm the posting date with the transportation office before we publish "
        "this._",
        links=session(1), articles=_articles(contract, "transport", "seniority"))
    breakfast = write(
        "Thank you, night custodians: breakfast on us",
        "Our night custodians have every building ready before the first bell. On Friday "
        "the local is serving breakfast at the end of the night shift, at the union hall "
        "from 6:00 to 8:00 a.m.\n\n"
        "Bring a coworker. Not a member yet? Come anyway, and ask us how to join.",
        kind="news", published=evening(third, 4), by_writer=1)

    # Members reply; a moderator has been through most of them, a few still wait.
    said = [
        (opening, "Seven years as a para and I have never once had paid training. "
                  "Thank you for saying it at the table.", True),
        (routes, "Our school does trainings on Saturdays, unpaid. Please keep pushing.",
         True),
        (routes, "Does this cover the CPR certification too?", False),
        (routes, "Split shifts are why we can't keep drivers. Four hours waiting in the lot "
                 "is not a life.", True),
        (routes, "Thank you for asking for the square footage. On nights at my school two "
                 "of us cover what four covered when I started.", True),
        (members_only, "1.5% is an insult. I'll be at the meeting and I'm bringing my whole "
                       "kitchen crew.", True),
        (members_only, "Where do I sign the petition if our building has no rep?", False),
        (breakfast, "Thank you! Nights get forgotten. See you Friday.", True),
    ]
    for i, (post, text, publish) in enumerate(said):
        user = members[i % len(members)] if members else None
        name = user.person.display_name if user is not None else INVENTED_MEMBERS[i]
        at = min(post.published_at + dt.timedelta(hours=3 + 5 * (i % 3), minutes=7 * i),
                 now - dt.timedelta(minutes=30 - i))
        comment = news.post_comment(post, text, by=None, author=user, author_name=name, at=at)
        if publish:
            news.moderate_comment(comment, "publish", by=None)
