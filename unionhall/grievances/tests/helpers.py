"""A local's procedure, a winter break and cases, for the grievance tests."""

import datetime as dt

from unionhall.grievances import actions
from unionhall.grievances.closures import Closure

D = dt.date
PROCEDURE = [
    {"name": "Step 1: supervisor", "days": 10, "kind": "working", "starts_from": "knowledge"},
    {"name": "Step 2: human resources", "days": 10, "kind": "working", "starts_from": "answer"},
    {"name": "Arbitration", "days": 30, "kind": "calendar", "starts_from": "answer"},
]
# Winter break: the district is closed Monday December 21, 2026 to Friday January 1, 2027.
WINTER_BREAK = [D(2026, 12, 21) + dt.timedelta(days=i) for i in range(12)
                if (D(2026, 12, 21) + dt.timedelta(days=i)).weekday() < 5]


def set_up_local(local) -> None:
    actions.set_procedure(local, PROCEDURE, by=None)
    year = actions.save_school_year(local, name="2026–27", starts=D(2026, 8, 17),
                                    ends=D(2027, 6, 4), by=None)
    actions.import_calendar(year, [Closure(d, "closed", "Winter break") for d in WINTER_BREAK],
                            by=None)


def open_case(world, *, steward="steward", grievant=None, **extra):
    details = {"title": "Overtime given out of seniority order", "grievant_kind": "person",
               "what_happened": "Overtime went to the newest custodian.",
               "remedy_sought": "Pay for the hours lost.", "incident_on": D(2026, 12, 3),
               "learned_on": D(2026, 12, 7), "articles": ["12.3"], "worksite": None,
               "job_family": None, "group_name": ""}
    details.update(extra)
    stewards = [world.users[steward]] if steward else []
    return actions.open_grievance(world.local, by=None, stewards=stewards,
                                  grievants=[grievant or world.people_b[1]], **details)
