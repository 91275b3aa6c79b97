"""Every write to grievances, one module a topic."""

from unionhall.grievances.actions.cases import (  # noqa: F401
    add_note,
    assign_stewards,
    close_grievance,
    extend_deadline,
    open_grievance,
    record_answer,
    record_filing,
    reopen_grievance,
    update_grievance,
)
from unionhall.grievances.actions.documents import add_document, stored_path  # noqa: F401
from unionhall.grievances.actions.feeds import create_feed, revoke_feed  # noqa: F401
from unionhall.grievances.actions.procedure import (  # noqa: F401
    import_calendar,
    remove_calendar_day,
    save_school_year,
    set_calendar_day,
    set_calendar_days,
    set_procedure,
)
from unionhall.grievances.actions.reminders import queue_reminders  # noqa: F401
