"""The people list as CSV: the columns each viewer may see, formula-safe, streamed."""

import csv

from django.utils.translation import gettext_lazy as _

from unionhall.core.permissions import Access, Perm
from unionhall.core.spreadsheet import safe_row

# (header, value of a Person, the permission that shows the column or None for everyone)
COLUMNS = [
    (_("Last name"), lambda p: p.legal_last_name, None),
    (_("First name"), lambda p: p.legal_first_name, None),
    (_("Preferred name"), lambda p: p.preferred_name, None),
    (_("Worksite"), lambda p: p.worksite.name if p.worksite else "", None),
    (_("Job"), lambda p: p.job_class.title if p.job_class else "", None),
    (_("Job family"), lambda p: p.job_class.family if p.job_class and p.job_class.family else "",
     None),
    (_("Membership"), lambda p: p.membership.get_status_display(), None),
    (_("Preferred language"), lambda p: p.get_language_display(), None),
    (_("Personal email"), lambda p: p.personal_email, Perm.VIEW_CONTACT),
    (_("Mobile phone"), lambda p: p.mobile_phone, Perm.VIEW_CONTACT),
    (_("Employee id"), lambda p: p.employee_id, Perm.VIEW_PRIVATE),
    (_("Hire date"), lambda p: p.hire_date.isoformat() if p.hire_date else "", Perm.VIEW_PRIVATE),
    (_("FTE"), lambda p: p.fte, Perm.VIEW_PRIVATE),
    (_("Home street address"), lambda p: p.street, Perm.VIEW_ADDRESS),
    (_("City"), lambda p: p.city, Perm.VIEW_ADDRESS),
    (_("State"), lambda p: p.state, Perm.VIEW_ADDRESS),
    (_("Postal code"), lambda p: p.postal_code, Perm.VIEW_ADDRESS),
]


def columns_for(access: Access) -> list:
    # A listed person is always inside the viewer's worksite scope, so a permission they hold
    # for some worksites covers every row they can export.
    return [c for c in COLUMNS if c[2] is None or access.can(c[2])]


class _Echo:
    def write(self, value):
        return value


def csv_lines(persons, columns):
    """CSV text, a line at a time, starting with a byte-order mark so spreadsheets read UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([str(header) for header, _get, _perm in columns])
    for person in persons:
        yield writer.writerow(safe_row(get(person) for _header, get, _perm in columns))
