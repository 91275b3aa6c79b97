"""The local's organizing settings: the assessment scale, the issues, the goal and rep ratio,
and whether state staff see assessments and notes. For whoever manages the local's people."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from unionhall.core.decorators import local_view
from unionhall.core.permissions import Perm
from unionhall.organizing import actions
from unionhall.organizing.dashboard import local_settings
from unionhall.organizing.models import default_scale
from unionhall.organizing.queries import (
    DEFAULT_SCALE_LABELS,
    issue_label,
    issues_for,
    scale_for,
)
from unionhall.organizing.settings_forms import (
    IssuesForm,
    NumbersForm,
    ScaleForm,
    StateAccessForm,
)


def _forms(local, data=None, which=None):
    def bound(name):
        return data if which == name else None

    return {
        "scale_form": ScaleForm(bound("scale"), scale=scale_for(local)),
        "issues_form": IssuesForm(bound("issues"), initial={
            "issues": "\n".join(str(issue_label(i)) for i in issues_for(local))}),
        "numbers_form": NumbersForm(bound("numbers"), initial=local_settings(local)),
        "state_form": StateAccessForm(bound("state"), initial={
            "state_sees_organizing": local.state_sees_organizing}),
    }


@local_view(Perm.MANAGE_PEOPLE)
def organizing_settings(request):
    local, which = request.local, request.POST.get("form")
    forms = _forms(local, request.POST or None, which)
    reset_errors = []
    if request.method == "POST":
        form = forms.get(f"{which}_form")
        if which == "reset_scale" or (form is not None and form.is_valid()):
            try:
                _save(which, form.cleaned_data if form is not None else {}, local,
                      request.user)
            except ValidationError as exc:
                if form is None:
                    reset_errors = exc.messages
                else:
                    form.add_error(None, exc.messages)
            else:
                messages.success(request, _("Saved."))
                return redirect("organizing_settings", local_slug=local.slug)
    return render(request, "organizing/settings.html", {
        **forms, "reset_errors": reset_errors, "default_scale": scale_for_default()})


def scale_for_default():
    """The default scale as the page shows it (labels translated)."""
    return [{**level, "label": DEFAULT_SCALE_LABELS.get(level["label"], level["label"])}
            for level in default_scale()]


def _save(which, data, local, user):
    if which == "scale":
        actions.set_assessment_scale(local, data["levels"], by=user)
    elif which == "reset_scale":
        actions.set_assessment_scale(local, default_scale(), by=user)
    elif which == "issues":
        actions.set_issues(local, data["issues"], by=user)
    elif which == "numbers":
        actions.set_organizing_numbers(local, **data, by=user)
    elif which == "state":
        actions.set_state_sees_organizing(local, data["state_sees_organizing"], by=user)
