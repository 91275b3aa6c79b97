"""The local's membership settings: the join page's words, the terms, the dues."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from unionhall.core.actions import set_reps_see_home_addresses
from unionhall.core.decorators import local_view
from unionhall.core.permissions import Perm
from unionhall.members import actions
from unionhall.members.queries import current_terms, dues_policy, dues_rates_of
from unionhall.members.settings_forms import (
    DuesPolicyForm,
    DuesRateForm,
    JoinPageForm,
    PrivacyForm,
    TermsForm,
)


def _forms(local, data=None, which=None):
    from unionhall.members.models import JoinPage

    page = JoinPage.objects.filter(local=local).first()
    terms = current_terms(local)
    policy = dues_policy(local)

    def bound(name):
        return data if which == name else None

    return {
        "join_form": JoinPageForm(bound("join"), initial={
            "intro_en": page.intro_en if page else "", "intro_es": page.intro_es if page else ""}),
        "terms_form": TermsForm(bound("terms"), initial={
            "text_en": terms.text_en if terms else "", "text_es": terms.text_es if terms else ""}),
        "policy_form": DuesPolicyForm(bound("policy"), instance=policy),
        "rate_form": DuesRateForm(bound("rate")),
        "privacy_form": PrivacyForm(bound("privacy"), initial={
            "reps_see_home_addresses": local.reps_see_home_addresses}),
        "terms": terms,
    }


@local_view(Perm.MANAGE_PEOPLE)
def membership_settings(request):
    local, which = request.local, request.POST.get("form")
    forms = _forms(local, request.POST or None, which)
    if request.method == "POST":
        form = forms.get(f"{which}_form")
        if form is not None and form.is_valid():
            try:
                _save(which, form.cleaned_data, local, request.user)
            except ValidationError as exc:
                for field, errors in exc.error_dict.items() if hasattr(exc, "error_dict") else [
                        (None, exc.messages)]:
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Saved."))
                return redirect("membership_settings", local_slug=local.slug)
    return render(request, "members/membership_settings.html",
                  {**forms, "rates": dues_rates_of(local)})


def _save(which, data, local, user):
    if which == "join":
        actions.set_join_page(local, **data, by=user)
    elif which == "terms":
        actions.publish_terms(local, **data, by=user)
    elif which == "policy":
        actions.set_dues_policy(local, **data, by=user)
    elif which == "privacy":
        set_reps_see_home_addresses(local, data["reps_see_home_addresses"], by=user)
    elif which == "rate":
        yearly = data.pop("yearly")
        actions.set_dues_rate(local, **data, yearly_cents=int(yearly * 100), by=user)
