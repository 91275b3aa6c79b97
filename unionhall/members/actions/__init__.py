"""Every write to people, memberships, dues, the roster and payroll, one module a topic."""

from unionhall.members.actions.dues import (  # noqa: F401
    DUES_POLICY_FIELDS,
    set_dues_policy,
    set_dues_rate,
)
from unionhall.members.actions.joining import (  # noqa: F401
    approve_application,
    publish_terms,
    reject_application,
    set_join_page,
    submit_application,
    terms_hash,
)
from unionhall.members.actions.payroll import (  # noqa: F401
    active_authorization,
    apply_due_resignations,
    deduction_csv,
    export_deductions,
    import_remittance,
    lapse,
    layout_of,
    resign,
    resolve_exception,
    set_payroll_layout,
)
from unionhall.members.actions.people import add_people, change_membership  # noqa: F401
from unionhall.members.actions.roster import (  # noqa: F401
    confirm_roster,
    import_roster,
    resolve_duplicate,
    run_roster_upload_now,
    stage_roster,
)
