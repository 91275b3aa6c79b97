"""Case pages: the list, opening a case, a case with its steps, due dates, timeline and files,
and the printable case file.

Who sees what (queries.cases_for): the chair and the officers every case; a steward the cases
they are on; a grievant their own case, with the notes and files shared with them. Anyone else
gets "not found", so a case number reveals nothing. Only who handles a case changes it.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.bargaining.queries import citation_links
from unionhall.core.decorators import local_view, mfa_setup_url
from unionhall.core.permissions import Perm
from unionhall.grievances import actions, events, filetypes, queries
from unionhall.grievances.forms import (
    AnswerForm,
    CaseForm,
    CloseForm,
    DocumentForm,
    ExtensionForm,
    FilingForm,
    ListFilterForm,
    NoteForm,
    StewardsForm,
)
from unionhall.grievances.models import Grievance

LISTED = 200


def _errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def two_factor(view):
    """Inside `local_view()`: who sees cases as a steward, the chair or an officer has a second
    factor before any case page opens, as on every page with other people's personal data
    (`local_view()` without a permission does not ask). A grievant reads their own case
    without; the redirect comes before any case is looked up, so it says nothing of one."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        access = request.access
        if access.needs_mfa and (access.can(Perm.HANDLE_GRIEVANCES)
                                 or access.can(Perm.VIEW_ALL_GRIEVANCES)):
            return redirect(mfa_setup_url(request))
        return view(request, *args, **kwargs)

    return wrapper


def _back(case: Grievance, anchor: str = ""):
    url = reverse("grievance_detail", kwargs={"local_slug": case.local.slug,
                                              "number": case.number})
    return redirect(url + (f"#{anchor}" if anchor else ""))


@local_view()
@two_factor
def grievance_list(request):
    access = request.access
    form = ListFilterForm(request.GET or None)
    cases = queries.cases_for(access).select_related("worksite").prefetch_related("stewards")
    if form.is_valid():
        if form.cleaned_data["status"]:
            cases = cases.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["q"]:
            text = form.cleaned_data["q"]
            cases = cases.filter(number__icontains=text) | cases.filter(title__icontains=text)
    cases = list(cases.order_by("status", "-number")[:LISTED + 1])
    due = {e.case.pk: e.pending for e in queries.deadlines(
        [c for c in cases if c.status == Grievance.Status.OPEN], local=request.local)}
    return render(request, "grievances/list.html", {
        "cases": [(c, due.get(c.pk)) for c in cases[:LISTED]], "more": len(cases) > LISTED,
        "form": form, "today": request.local.today(),
        "upcoming": queries.upcoming(access, request.local.today()),
        "can_open": access.can(Perm.HANDLE_GRIEVANCES),
        "sees_all": queries.sees_all(access),
        "can_set_rules": access.can(Perm.SET_GRIEVANCE_RULES)})


def _case_details(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("filed_on", None)
    return data


@local_view(Perm.HANDLE_GRIEVANCES)
def grievance_new(request):
    form = CaseForm(request.POST or None, local=request.local, new=True)
    if request.method == "POST" and form.is_valid():
        data = _case_details(form)
        try:
            case = actions.open_grievance(request.local, by=request.user,
                                          filed_on=form.cleaned_data["filed_on"], **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied:
            form.add_error("worksite", _("You are a steward at other worksites: ask the "
                                         "grievance chair to open this case."))
        else:
            messages.success(request, _("Case %(number)s opened.") % {"number": case.number})
            return _back(case)
    return render(request, "grievances/form.html", {
        "form": form, "case": None, "has_procedure": bool(queries.procedure(request.local))},
        status=400 if form.is_bound and form.errors else 200)


def _handled_case(request, number: str) -> Grievance:
    case = queries.case_or_404(request.access, number)
    if not queries.handles(request.access, case):
        raise PermissionDenied
    return case


@local_view()
@two_factor
def grievance_edit(request, number: str):
    case = _handled_case(request, number)
    initial = {f: getattr(case, f) for f in actions.cases.DETAIL_FIELDS}
    initial["articles"] = ", ".join(case.articles)
    initial["grievants"] = "\n".join(p.employee_id or p.display_name
                                     for p in case.grievants.all())
    form = CaseForm(request.POST or None, initial=initial, local=request.local, new=False)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_grievance(case, by=request.user, **_case_details(form))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Case saved."))
            return _back(case)
    return render(request, "grievances/form.html", {"form": form, "case": case},
                  status=400 if form.is_bound and form.errors else 200)


@local_view()
@two_factor
def grievance_detail(request, number: str):
    access = request.access
    case = queries.case_or_404(access, number)
    handler = queries.handles(access, case)
    district = queries.district_calendar(request.local)
    entry = queries.deadlines([case], local=request.local, district=district)[0]
    timeline, documents = queries.case_record(case, handler=handler)
    pending = entry.pending
    for row in entry.rows:
        row.rule_text = events.rule_text(row.due.rule)
        row.breaks = events.breaks(row.due, district.labels)
    ctx = {
        "case": case, "handler": handler, "steps": entry.rows, "pending": pending,
        "today": request.local.today(),
        "grievants": case.grievants.select_related("worksite", "job_class"),
        "stewards": case.stewards.all(),
        "timeline": [(e, events.describe(e)) for e in timeline],
        "documents": documents, "sees_all": queries.sees_all(access),
        "has_procedure": bool(entry.rows),
        "citations": citation_links(request.local, case.articles),
    }
    if handler and case.status == Grievance.Status.OPEN:
        _attach_step_forms(entry.rows)
        ctx["close_form"] = CloseForm(prefix="c", initial={"closed_on": request.local.today()})
    if handler:
        ctx.update(note_form=NoteForm(prefix="n"), document_form=DocumentForm(prefix="d"))
    if ctx["sees_all"]:
        ctx["stewards_form"] = StewardsForm(local=request.local,
                                            initial={"stewards": list(ctx["stewards"])})
    return render(request, "grievances/detail.html", ctx)


def _attach_step_forms(rows) -> None:
    """The forms a handler needs on each step: file (or appeal) and extend the first step not
    yet filed; record the answer on a filed step that has none."""
    first_unfiled = True
    for row in rows:
        n = row.due.rule.position
        filed = row.record is not None and row.record.filed_on is not None
        if not filed and first_unfiled:
            row.filing_form = FilingForm(prefix=f"f{n}")
            row.extension_form = ExtensionForm(prefix=f"x{n}")
            first_unfiled = False
        elif filed and not row.record.answered_on:
            row.answer_form = AnswerForm(prefix=f"a{n}")


def _step_action(request, number: str, position: int, form_class, prefix: str, act):
    case = _handled_case(request, number)
    form = form_class(request.POST, prefix=f"{prefix}{position}")
    if not form.is_valid():
        messages.error(request, _errors(form))
        return _back(case, f"step-{position}")
    try:
        act(case, form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Saved."))
    return _back(case, f"step-{position}")


@require_POST
@local_view()
@two_factor
def grievance_step_file(request, number: str, position: int):
    return _step_action(request, number, position, FilingForm, "f", lambda case, d:
                        actions.record_filing(case, position, d["filed_on"], by=request.user))


@require_POST
@local_view()
@two_factor
def grievance_step_answer(request, number: str, position: int):
    return _step_action(request, number, position, AnswerForm, "a", lambda case, d:
                        actions.record_answer(case, position, d["answered_on"], d["answer"],
                                              by=request.user))


@require_POST
@local_view()
@two_factor
def grievance_extend(request, number: str, position: int):
    return _step_action(request, number, position, ExtensionForm, "x", lambda case, d:
                        actions.extend_deadline(case, position, by=request.user, **d))


def _chaired_case(request, number: str) -> Grievance:
    """A case only the chair and the officers may change (its stewards, reopening it): who
    cannot see the case gets 404 like on every case URL, who sees it but is not the chair 403."""
    case = queries.case_or_404(request.access, number)
    if not queries.sees_all(request.access):
        raise PermissionDenied
    return case


def _case_action(request, number: str, form, act, anchor: str, done: str, *,
                 lookup=_handled_case):
    case = lookup(request, number)
    if form is not None and not form.is_valid():
        messages.error(request, _errors(form))
        return _back(case, anchor)
    try:
        act(case, form.cleaned_data if form is not None else {})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return _back(case, anchor)


@require_POST
@local_view()
@two_factor
def grievance_note(request, number: str):
    return _case_action(request, number, NoteForm(request.POST, prefix="n"), lambda case, d:
                        actions.add_note(case, d["text"], shared=d["shared"], by=request.user),
                        "timeline", _("Note added."))


@require_POST
@local_view()
@two_factor
def grievance_close(request, number: str):
    return _case_action(request, number, CloseForm(request.POST, prefix="c"), lambda case, d:
                        actions.close_grievance(case, by=request.user, **d),
                        "", _("Case closed."))


@require_POST
@local_view()
@two_factor
def grievance_reopen(request, number: str):
    return _case_action(request, number, None, lambda case, d:
                        actions.reopen_grievance(case, by=request.user), "",
                        _("Case reopened."), lookup=_chaired_case)


@require_POST
@local_view()
@two_factor
def grievance_stewards(request, number: str):
    return _case_action(request, number, StewardsForm(request.POST, local=request.local),
                        lambda case, d: actions.assign_stewards(case, d["stewards"],
                                                                by=request.user),
                        "stewards", _("Stewards saved."), lookup=_chaired_case)


@require_POST
@local_view()
@two_factor
def grievance_document_add(request, number: str):
    form = DocumentForm(request.POST, request.FILES, prefix="d")

    def add(case, d):
        upload = d["file"]
        # Read no more than one byte past the limit: the action refuses it with the message.
        data = upload.read(settings.GRIEVANCE_FILE_MAX_BYTES + 1)
        actions.add_document(case, name=upload.name, data=data,
                             description=d["description"], shared=d["shared"],
                             by=request.user)

    return _case_action(request, number, form, add, "files", _("File added."))


@local_view()
@two_factor
def grievance_document(request, number: str, pk: int):
    case = queries.case_or_404(request.access, number)
    _timeline, documents = queries.case_record(
        case, handler=queries.handles(request.access, case))
    document = get_object_or_404(documents, pk=pk)
    try:
        handle = actions.stored_path(document).open("rb")
    except FileNotFoundError:
        raise Http404 from None
    inline = document.content_type in filetypes.INLINE and "download" not in request.GET
    content_type = document.content_type
    if content_type == filetypes.TEXT:
        content_type += "; charset=utf-8"  # sniff accepts UTF-8 text only; say so
    response = FileResponse(handle, content_type=content_type,
                            as_attachment=not inline, filename=document.name)
    # The bytes were checked, but a browser must never guess another type or run a script.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src " \
                                          "'unsafe-inline'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@local_view()
@two_factor
def grievance_print(request, number: str):
    case = queries.case_or_404(request.access, number)
    handler = queries.handles(request.access, case)
    timeline, documents = queries.case_record(case, handler=handler)
    return render(request, "grievances/print.html", {
        "case": case, "steps": queries.deadlines([case], local=request.local)[0].rows,
        "grievants": case.grievants.select_related("worksite", "job_class"),
        "stewards": case.stewards.all(), "documents": documents,
        "timeline": [(e, events.describe(e)) for e in timeline],
        "printed": request.local.today()})
