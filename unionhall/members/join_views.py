"""The public join page and the staff's review of signed forms."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.core.decorators import local_view
from unionhall.core.permissions import Perm
from unionhall.core.queries import local_or_404
from unionhall.members.actions import approve_application, reject_application, submit_application
from unionhall.members.join_forms import DuesForm, JoinForm
from unionhall.members.queries import (
    application_or_404,
    applications,
    current_terms,
    join_intro,
    join_quote,
)
from unionhall.organizing.queries import referral_for_token

REFERRAL_SESSION_KEY = "join_referral:%s"


def join(request, local_slug):
    local = local_or_404(local_slug)
    if request.method == "GET" and request.GET.get("ref"):
        # An invitation link from a coworker: keep its token until the form is signed.
        request.session[REFERRAL_SESSION_KEY % local.pk] = request.GET["ref"][:32]
    language = get_language()
    terms = current_terms(local)
    dues_form = DuesForm(request.GET or None, local=local, prefix="dues")
    fte = dues_form.cleaned_data["fte"] if dues_form.is_valid() else None
    form = JoinForm(request.POST or None, local=local, initial={
        "terms_version": terms.version if terms else None, "language": language,
        "fte": str(fte or 1),
        "job_class": dues_form.cleaned_data.get("job_class") if dues_form.is_valid() else None,
    })
    if request.method == "POST" and terms is not None and form.is_valid():
        data = form.cleaned_data
        if data["terms_version"] != terms.version:
            form.add_error(None, _("The terms and conditions have just changed. Please read the "
                                   "new version below, then sign again."))
        else:
            fields = {k: v for k, v in data.items() if k != "terms_version"}
            quote = join_quote(local, data["fte"])
            referral = referral_for_token(local,
                                          request.session.get(REFERRAL_SESSION_KEY % local.pk))
            try:
                submit_application(local, fields, terms=terms, quote=quote.as_fields(),
                                   ip=request.META.get("REMOTE_ADDR"),
                                   user_agent=request.META.get("HTTP_USER_AGENT", ""),
                                   referral=referral)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                request.session.pop(REFERRAL_SESSION_KEY % local.pk, None)
                return redirect("join_done", local_slug=local.slug)
        fte = data["fte"]
    quote = join_quote(local, fte or form["fte"].value() or 1)
    return render(request, "members/join.html", {
        "local": local, "intro": join_intro(local, language), "terms": terms,
        "terms_text": terms.text(language) if terms else "", "dues_form": dues_form,
        "quote": quote, "form": form,
    })


def join_done(request, local_slug):
    return render(request, "members/join_done.html", {"local": local_or_404(local_slug)})


@local_view(Perm.APPROVE_MEMBERSHIP)
def application_list(request):
    status = request.GET.get("status", "pending")
    return render(request, "members/application_list.html", {
        "applications": applications(request.access, status=status)[:200], "status": status,
    })


@local_view(Perm.APPROVE_MEMBERSHIP)
def application_detail(request, pk: int):
    return render(request, "members/application_detail.html", {
        "application": application_or_404(request.access, pk),
    })


@require_POST
@local_view(Perm.APPROVE_MEMBERSHIP)
def application_decide(request, pk: int):
    application = application_or_404(request.access, pk)
    decision = request.POST.get("decision")
    try:
        if decision in ("approve", "approve_new"):
            approve_application(application, by=request.user, use_match=decision == "approve")
            messages.success(request, _("Approved: %(name)s is a member.") % {
                "name": f"{application.legal_first_name} {application.legal_last_name}"})
        elif decision == "reject":
            note = request.POST.get("note", "").strip()
            if not note:
                raise ValidationError(_("Say why the form is not approved."))
            reject_application(application, note=note[:300], by=request.user)
            messages.success(request, _("The form was not approved."))
        else:
            raise ValidationError(_("Choose approve or reject."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("application_detail", local_slug=request.local.slug, pk=pk)
    return redirect("application_list", local_slug=request.local.slug)
