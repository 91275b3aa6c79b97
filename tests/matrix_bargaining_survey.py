"""Access-matrix rows (see test_access_matrix.py) for the bargaining survey's pages, and the
survey the rows (and the survey tests) are built on.

Drafting, editing, publishing and the CSV are the bargaining team's (Perm.BARGAIN: the team,
the officers, the local admin). Everyone with standing in the local sees a published survey;
its results before it closes only the team (the rows use an open survey)."""

import datetime as dt

from django.utils import timezone

LOGIN = "login"

PRIORITIES = ["Wages", "Health insurance", "Paid training time", "Safe staffing ratios"]
QUESTIONS = [
    {"text": "Would you take part in a rally at the board meeting?", "kind": "choice",
     "choices": ["Yes", "Maybe", "No"], "required": True},
    {"text": "How respected do you feel by district administration?", "kind": "scale",
     "choices": [], "required": False},
    {"text": "Anything else the team should know?", "kind": "text", "choices": [],
     "required": False},
]


def make_survey(local, phase: str = "open", *, title="Bargaining priorities",
                priorities=None, questions=None):
    """A survey in the given phase: draft, upcoming, open or closed (made through the actions
    by the system; a closed one is opened first, so tests may answer it, then closed)."""
    from unionhall.bargaining.actions.survey import create_survey, publish_survey

    now = timezone.now()
    if phase == "upcoming":
        opens, closes = now + dt.timedelta(days=2), now + dt.timedelta(days=9)
    else:
        opens, closes = now - dt.timedelta(days=1), now + dt.timedelta(days=7)
    survey = create_survey(local, by=None, title=title, opens_at=opens, closes_at=closes,
                           intro="Tell the team what matters most.",
                           priorities=PRIORITIES if priorities is None else priorities,
                           questions=QUESTIONS if questions is None else questions)
    if phase != "draft":
        survey = publish_survey(survey, by=None)
    if phase == "closed":
        survey = close_survey(survey)
    return survey


def close_survey(survey):
    """Move the survey's close into the past (the team may change the times at any time)."""
    from unionhall.bargaining.actions.survey import update_survey

    now = timezone.now()
    return update_survey(survey, by=None, title=survey.title, intro=survey.intro,
                         opens_at=min(survey.opens_at, now - dt.timedelta(days=10)),
                         closes_at=now - dt.timedelta(minutes=1))


def _local(w):
    return {"local_slug": "lakeview"}


def _survey(phase):
    def build(w):
        return {"local_slug": "lakeview", "pk": make_survey(w.local, phase).pk}

    return build


ANYONE = {"anonymous": LOGIN, "member": 200, "rep": 200, "steward": 200, "officer": 200,
          "admin": 200, "state": 200, "outsider": 403, "team": 200}


def _team(status):
    return {"anonymous": LOGIN, "member": 403, "rep": 403, "steward": 403, "officer": status,
            "admin": status, "state": 403, "outsider": 403, "team": status}


SURVEY_MATRIX = {
    "survey_list": ("get", _local, ANYONE),
    "survey_new": ("get", _local, _team(200)),
    "survey_edit": ("get", _survey("draft"), _team(200)),
    "survey_publish": ("post", _survey("draft"), _team(302)),
    "survey_detail": ("get", _survey("open"), ANYONE),
    # Open: the results are the team's until the survey closes.
    "survey_results": ("get", _survey("open"), _team(200)),
    "survey_results_csv": ("get", _survey("open"), _team(200)),
}
