"""Access-matrix rows (see test_access_matrix.py) for the grievance_report pages: only who sees
every case (the grievance chair and the officers; of the personas, the officer) gets them. The
local admin, who runs the local's people and roles, does not see grievance cases at all."""

LOGIN = "login"

ONLY_OFFICER = {"anonymous": LOGIN, "member": 403, "rep": 403, "steward": 403, "officer": 200,
                "admin": 403, "state": 403, "outsider": 403}


def _local(w):
    return {"local_slug": "lakeview"}


GRIEVANCE_REPORT_MATRIX = {
    "grievance_reports": ("get", _local, ONLY_OFFICER),
    "grievance_reports_csv": ("get", _local, ONLY_OFFICER),
}
