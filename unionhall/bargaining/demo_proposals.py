"""The demo local's proposals over the last two months: wages, leaves, hours, transportation
and health and safety. Leaves has a chain of three (the union's proposal, the district's
counter, the union's counter), which both sides then signed as a tentative agreement; so did
the union's transportation proposal. The district withdrew its overtime proposal; the union's
health-and-safety proposal is a draft only the team sees.

Each proposal is the article of the contract in force with the side's changes written in, so
its redline shows what that side wants changed. Everything is invented."""

import datetime as dt

from unionhall.bargaining.actions.proposals import (
    create_proposal,
    set_proposal_status,
    sign_agreement,
)
from unionhall.bargaining.contract_text import article_text
from unionhall.bargaining.models import Side

# Where each subject is in the contract: words of the article's title, then a usual number.
SUBJECTS = {
    "wages": (("wage", "salar", "compensation"), "6"),
    "leaves": (("leave",), "7"),
    "hours": (("hours", "overtime"), "5"),
    "transportation": (("transport",), "9"),
    "safety": (("safety",), "10"),
}


def _article(contract, subject):
    words, usual = SUBJECTS[subject]
    articles = list(contract.articles.prefetch_related("sections"))
    for article in articles:
        if any(w in article.title.lower() for w in words):
            return article
    return next((a for a in articles if a.number == usual), None)


def _write(text: str, changes) -> str:
    for old, new in changes:
        text = text.replace(old, new, 1)
    return text


def _signers(sessions) -> tuple[str, str]:
    """Who signs: the first of each side at the table in the sessions, else invented names."""
    for session in sessions:
        union = session.attendees.filter(side=Side.UNION).order_by("id").first()
        district = session.attendees.filter(side=Side.DISTRICT).order_by("id").first()
        if union and district:
            return union.name, district.name
    return "Rosa Delgado", "Diane Whitcomb"


WAGES_U = [
    ("rise by four percent (4%) on July 1, 2025 and by three and one-half percent (3.5%) on "
     "July 1, 2026.",
     "rise by four percent (4%) on July 1, 2025, by six percent (6%) on July 1, 2026, and by "
     "five percent (5%) on July 1, 2027."),
    ("with twenty (20) years, $1,800.",
     "with twenty (20) years, $1,800; with twenty-five (25) years, $2,400."),
]
WAGES_D = [
    ("rise by four percent (4%) on July 1, 2025, by six percent (6%) on July 1, 2026, and by "
     "five percent (5%) on July 1, 2027.",
     "rise by four percent (4%) on July 1, 2025 and by four percent (4%) on July 1, 2026."),
    ("with twenty (20) years, $1,800; with twenty-five (25) years, $2,400.",
     "with twenty (20) years, $1,800."),
]
LEAVES_U = [
    ("has three (3) days of paid personal leave", "has four (4) days of paid personal leave"),
    ("The first ten (10) working days are paid", "The first thirty (30) working days are paid"),
    ("The employee returns to the same position",
     "The employee keeps the right to bid on routes and assignments while on leave, and "
     "returns to the same position"),
]
LEAVES_D = [
    ("has four (4) days of paid personal leave", "has three (3) days of paid personal leave"),
    ("The first thirty (30) working days are paid", "The first fifteen (15) working days are "
     "paid"),
]
LEAVES_U2 = [
    ("The first fifteen (15) working days are paid", "The first twenty (20) working days are "
     "paid"),
    ("is added to the employee's sick leave at the end of the year.",
     "is added to the employee's sick leave at the end of the year.\n(d) Personal leave may be "
     "taken in half days."),
]
HOURS_D = [
    ("Overtime is offered by seniority in turn among the qualified employees of the "
     "classification at the worksite, starting each year at the top of the list. An employee "
     "who is skipped is offered the next available overtime and paid for the hours missed.",
     "Overtime is assigned by the supervisor among the qualified employees of the "
     "classification at the worksite, considering seniority where the needs of the District "
     "allow."),
    ("are posted at each worksite by August 15.", "are posted at each worksite by August 25."),
]
TRANSPORT_U = [
    ("at least four (4) hours a day on a regular route, including fifteen (15) minutes for the "
     "pre-trip inspection",
     "at least four and one-half (4.5) hours a day on a regular route, including twenty (20) "
     "minutes for the pre-trip inspection"),
    ("to clean and fuel the bus.", "to clean and fuel the bus. Time a driver waits at a school "
     "for a late dismissal is paid."),
]
SAFETY_U = [
    ("No custodian is scheduled alone on a night shift",
     "No custodian, maintenance worker or campus security officer is scheduled alone on a "
     "night shift"),
    ("of more than one building.", "of more than one building. Every employee who works alone "
     "carries a District radio or phone that reaches help at once."),
]

RATIONALE = {
    "wages": "Food service assistants start at $17.40 an hour, less than the warehouse down "
             "the road pays, and we lose half of our new hires in their first year. Six "
             "percent in 2026 makes up for two years of prices rising faster than our pay; a "
             "25-year longevity step recognizes the people who have kept our schools running "
             "for a generation.",
    "leaves": "Members with a new baby are back at work after two weeks because they cannot "
              "afford to stay home: thirty paid days is still less than the teachers' contract "
              "gives. A fourth personal day lets parents who work in our schools be at their "
              "own children's conferences. Drivers on leave should not lose the route they "
              "have driven for years.",
    "leaves_d": "The District agrees parental leave should improve and offers fifteen paid "
                "days. It cannot fund a fourth personal day for every employee: each one means "
                "a substitute in a classroom or on a route. The District accepts that drivers "
                "keep their bidding rights while on leave.",
    "leaves_u2": "We move to twenty paid days and accept three personal days, if personal leave "
                 "can be taken in half days: a paraeducator should be able to leave at noon for "
                 "a medical appointment without losing a whole day.",
    "hours": "The District says supervisors need to staff evening events and emergencies with "
             "employees who know the building, and that schedules depend on enrollment figures "
             "that are not final until late August.",
    "transportation": "The state's new pre-trip checklist takes twenty minutes to do "
                      "properly. Drivers are doing it before the clock starts, or skipping "
                      "steps; neither is safe for the students on the bus. Drivers held at a "
                      "school for a late dismissal are waiting unpaid.",
    "wages_d": "The District values its support staff. State funding for next year rises "
               "3.1%; four percent goes beyond it and is what the District can pay without "
               "cutting positions. The District cannot add a longevity step this year.",
    "safety": "Team draft, not presented yet. Since the break-in at Birch Middle in October, "
              "night custodians have asked for a way to call for help. Check the cost of "
              "radios with the transportation office before we table it.",
}


def seed_proposals(local, contract, sessions) -> None:
    """About eight proposals on five articles, from both sides, over the last two months."""
    today = local.today()
    sessions = sorted(sessions, key=lambda s: s.held_on)

    def when(days_ago: int):
        """The planned date, or the date of a session held within three days of it."""
        planned = today - dt.timedelta(days=days_ago)
        for session in sessions:
            if abs((session.held_on - planned).days) <= 3 and session.held_on <= today:
                return session.held_on, session
        return planned, None

    def propose(subject, side, days_ago, changes, *, base=None, answers=None,
                rationale=None, published=True):
        article = _article(contract, subject)
        if article is None:
            return None
        text = base if base is not None else article_text(article.intro,
                                                          article.sections.all())
        day, session = when(days_ago) if days_ago is not None else (None, None)
        return create_proposal(
            local, side=side, article_number=article.number, title="",
            text=_write(text, changes), rationale=RATIONALE[rationale or subject],
            presented_on=day, session=session, answers=answers, published=published,
            by=None)

    union_signer, district_signer = _signers(sessions)

    wages = propose("wages", Side.UNION, 56, WAGES_U)
    leaves = propose("leaves", Side.UNION, 56, LEAVES_U)
    hours = propose("hours", Side.DISTRICT, 49, HOURS_D)
    leaves_d = leaves and propose("leaves", Side.DISTRICT, 40, LEAVES_D, base=leaves.text,
                                  answers=leaves, rationale="leaves_d")
    transport = propose("transportation", Side.UNION, 40, TRANSPORT_U)
    leaves_u = leaves_d and propose("leaves", Side.UNION, 26, LEAVES_U2, base=leaves_d.text,
                                    answers=leaves_d, rationale="leaves_u2")
    if wages is not None:
        propose("wages", Side.DISTRICT, 19, WAGES_D, base=wages.text, answers=wages,
                rationale="wages_d")
    propose("safety", Side.UNION, None, SAFETY_U, published=False)
    if hours is not None:
        set_proposal_status(hours, "withdrawn", by=None)
    if transport is not None:
        signed_on = max(transport.presented_on, when(26)[0])
        sign_agreement(transport, signed_on=signed_on, union_signer=union_signer,
                       district_signer=district_signer, by=None)
    if leaves_u is not None:
        sign_agreement(leaves_u, signed_on=max(leaves_u.presented_on,
                                               today - dt.timedelta(days=12)),
                       union_signer=union_signer, district_signer=district_signer, by=None)
