"""Access-matrix rows (see test_access_matrix.py) for the grievance_setup pages: the procedure
and the district calendar, for who sets the grievance rules (officers and the local admin
among the personas; the grievance chair too). Everyone else signed in gets 403.

POSTs carry no data: a POST that lacks what it needs (which day to remove, which file to
import) comes back as the page with the mistake on it (400); adding the public holidays needs
nothing, so it is done (302)."""

import datetime as dt

from tests.matrix_common import who as _who


def _local(w):
    return {"local_slug": "lakeview"}


def _year(w):
    from unionhall.grievances.actions import save_school_year

    year = save_school_year(w.local, name="2026–27", starts=dt.date(2026, 8, 17),
                            ends=dt.date(2027, 6, 4), by=None)
    return {"local_slug": "lakeview", "pk": year.pk}


GRIEVANCE_SETUP_MATRIX = {
    "grievance_procedure": ("get", _local, _who(officer=200, admin=200)),
    "grievance_calendar": ("get", _local, _who(officer=200, admin=200)),
    "grievance_school_year": ("get", _year, _who(officer=200, admin=200)),
    "grievance_calendar_day_remove": ("post", _year, _who(officer=400, admin=400)),
    "grievance_calendar_import": ("post", _year, _who(officer=400, admin=400)),
    "grievance_calendar_holidays": ("post", _year, _who(officer=302, admin=302)),
}
