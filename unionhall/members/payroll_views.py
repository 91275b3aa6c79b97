"""The payroll page (deduction file, remittance, exceptions) and the person page's lifecycle
buttons. Thin: parse, call one action or query, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.core.decorators import local_view
from unionhall.core.permissions import Perm
from unionhall.members.actions import (
    deduction_csv,
    export_deductions,
    import_remittance,
    lapse,
    layout_of,
    resign,
    resolve_exception,
    set_payroll_layout,
)
from unionhall.members.payroll import Line
from unionhall.members.payroll_forms import (
    LayoutForm,
    PayDateForm,
    ReasonForm,
    RemittanceForm,
    ResolveForm,
    layout_initial,
)
from unionhall.members.queries import (
    lapse_candidates,
    payroll_export_or_404,
    payroll_exports,
    person_or_404,
    remittance_exception_or_404,
    remittance_exceptions,
    remittance_or_404,
    remittances,
)

MAX_UPLOAD = 20 * 1024 * 1024


def _page(request, *, export_form=None, remittance_form=None, layout_form=None, status=200):
    access = request.access
    layout = layout_of(request.local)
    return render(request, "members/payroll.html", {
        "export_form": export_form or PayDateForm(initial={"pay_date": timezone.localdate()}),
        "remittance_form": remittance_form or RemittanceForm(),
        "layout_form": layout_form or LayoutForm(initial=layout_initial(layout)),
        "exports": payroll_exports(access)[:10],
        "remittances": remittances(access)[:10],
        "exceptions": remittance_exceptions(access)[:200],
        "lapse_candidates": lapse_candidates(request.local)[:100],
        "resolve_form": ResolveForm(),
    }, status=status)


@local_view(Perm.MANAGE_PEOPLE)
def payroll_page(request):
    return _page(request)


@require_POST
@local_view(Perm.MANAGE_PEOPLE)
def payroll_export(request):
    form = PayDateForm(request.POST)
    if not form.is_valid():
        return _page(request, export_form=form)
    export, _data = export_deductions(request.local, form.cleaned_data["pay_date"],
                                      by=request.user)
    return redirect("payroll_export_detail", local_slug=request.local.slug, pk=export.pk)


@local_view(Perm.MANAGE_PEOPLE)
def payroll_export_detail(request, pk: int):
    export = payroll_export_or_404(request.access, pk)
    return render(request, "members/payroll_export.html", {"export": export})


@local_view(Perm.MANAGE_PEOPLE)
def payroll_export_csv(request, pk: int):
    export = payroll_export_or_404(request.access, pk)
    lines = [Line(*row) for row in export.lines.values_list(
        "employee_id", "last_name", "first_name", "amount_cents")]
    response = HttpResponse(deduction_csv(layout_of(request.local), lines, export.pay_date),
                            content_type="text/csv; charset=utf-8")
    name = f"{request.local.slug}-deductions-{export.pay_date:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@local_view(Perm.MANAGE_PEOPLE)
def payroll_layout(request):
    form = LayoutForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            set_payroll_layout(request.local, deduction_code=data["deduction_code"],
                               columns=form.cleaned_columns(),
                               amount_format=data["amount_format"],
                               include_header=data["include_header"], by=request.user)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The deduction file's layout is saved."))
            return redirect("payroll", local_slug=request.local.slug)
    return _page(request, layout_form=form)


@require_POST
@local_view(Perm.MANAGE_PEOPLE)
def payroll_remittance_import(request):
    form = RemittanceForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            form.add_error("file", _("The file is larger than 20 MB."))
        else:
            try:
                remittance = import_remittance(
                    request.local, upload.read(), pay_date=form.cleaned_data["pay_date"],
                    filename=upload.name, by=request.user)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error("file", message)
            else:
                return redirect("remittance_detail", local_slug=request.local.slug,
                                pk=remittance.pk)
    return _page(request, remittance_form=form)


@local_view(Perm.MANAGE_PEOPLE)
def remittance_detail(request, pk: int):
    remittance = remittance_or_404(request.access, pk)
    return render(request, "members/remittance.html", {
        "remittance": remittance,
        "exceptions": remittance_exceptions(request.access, open_only=False,
                                            remittance=remittance)[:500],
        "resolve_form": ResolveForm(),
    })


@require_POST
@local_view(Perm.MANAGE_PEOPLE)
def remittance_exception_resolve(request, pk: int):
    exception = remittance_exception_or_404(request.access, pk)
    form = ResolveForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Say how the exception was resolved."))
        resolve_exception(exception, note=form.cleaned_data["note"], by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The exception is resolved."))
    if request.POST.get("next") == "remittance":
        return redirect("remittance_detail", local_slug=request.local.slug,
                        pk=exception.remittance_id)
    return redirect("payroll", local_slug=request.local.slug)


def _lifecycle(request, pk: int, act):
    person = person_or_404(request.access, pk)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give a reason."))
        message = act(person, form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, message)
    return redirect("person_detail", local_slug=request.local.slug, pk=person.pk)


@require_POST
@local_view(Perm.MANAGE_PEOPLE)
def person_resign(request, pk: int):
    def act(person, data):
        resignation = resign(person, on=data["on"], reason=data["reason"],
                             release=data["release"], by=request.user)
        if resignation.applied_at:
            return _("The resignation is recorded and in effect.")
        return _("The resignation is recorded; it takes effect on %(date)s, when the card's "
                 "revocation window opens.") % {"date": resignation.effective.isoformat()}

    return _lifecycle(request, pk, act)


@require_POST
@local_view(Perm.MANAGE_PEOPLE)
def person_lapse(request, pk: int):
    def act(person, data):
        lapse(person, reason=data["reason"], by=request.user)
        return _("The membership has lapsed.")

    return _lifecycle(request, pk, act)
