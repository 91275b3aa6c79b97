"""The pages of a local's mentoring program.

- mentoring_home: everyone with standing in the local. A person sees the open cycle (sign up,
  change, withdraw), their own enrolment and, once published, their own pair; who manages the
  program (MANAGE_MENTORING) sees every cycle with its counts and the links to run it.
- Signing up (mentoring_enrol, mentoring_withdraw): the user's own Person in the local, while
  registration is open. Everyone else is refused (403).
- Everything else: MANAGE_MENTORING (with two-factor sign-in): the program and its committee,
  cycles, the enrolments (personal data), enrolling someone, the criteria, matching, changes by
  hand and publishing.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from unionhall.core import markdown
from unionhall.core.decorators import in_local_time, local_view
from unionhall.core.forms import add_errors
from unionhall.core.permissions import Perm
from unionhall.mentoring import course_queries
from unionhall.mentoring import program_queries as q
from unionhall.mentoring.actions import program as actions
from unionhall.mentoring.models import Enrollment
from unionhall.mentoring.program_forms import (
    CommitteeAddForm,
    CriteriaForm,
    CycleForm,
    EnrollmentForm,
    ProgramForm,
    SearchForm,
    enrollment_values,
)

MANAGE = Perm.MANAGE_MENTORING


def _home(request):
    return redirect("mentoring_home", local_slug=request.local.slug)


def _error(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


# --- The program's home -----------------------------------------------------------------------


@local_view()
@in_local_time
def home(request):
    access, local = request.access, request.local
    program = q.program_of(local)
    manage = q.can_manage(access)
    today = local.today()
    context = {"program": program, "manage": manage, "today": today,
               "has_person": access.person_id is not None, "mine": [], "cycles": []}
    if program is not None:
        context["description_html"] = mark_safe(markdown.render(program.description))  # noqa: S308
        context["mine"] = q.my_cycles(access, program, today)
        if manage:
            context["cycles"] = q.cycles_with_counts(program)
            for cycle in context["cycles"]:
                cycle.phase = q.phase(cycle, today)
        context["committee"] = q.committee(program)
    context["course_teams"] = course_queries.selected_teams_of(access.person_id)
    return render(request, "mentoring/program_home.html", context)


@local_view(MANAGE)
def program_edit(request):
    program = q.program_of(request.local)
    initial = {} if program is None else {
        "name": program.name, "description": program.description,
        "paid_hours_cap": program.paid_hours_cap, "thank_you_letter": program.thank_you_letter}
    if program is None:
        initial["name"] = _("Peer mentoring")
    form = ProgramForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_program(request.local, by=request.user, program=program,
                                 **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Program saved."))
            return _home(request)
    return render(request, "mentoring/program_form.html", {"form": form, "program": program})


def _program_or_home(request):
    program = q.program_of(request.local)
    if program is None:
        messages.error(request, _("Set up the program first."))
    return program


@local_view(MANAGE)
def committee(request):
    program = _program_or_home(request)
    if program is None:
        return redirect("mentoring_program_edit", local_slug=request.local.slug)
    members = q.committee(program)
    if request.method == "POST":
        current = [(m.person_id, m.role_title) for m in members]
        action = request.POST.get("action")
        try:
            if action == "add":
                form = CommitteeAddForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Choose someone to add."))
                person = q.person_or_404(request.local, form.cleaned_data["person"])
                current = [(pid, t) for pid, t in current if pid != person.pk]
                current.append((person.pk, form.cleaned_data["role_title"]))
                done = _("%(name)s is on the committee.") % {"name": person.display_name}
            elif action == "remove":
                try:
                    person_id = int(request.POST.get("person", ""))
                except ValueError:
                    raise ValidationError(_("Choose someone to remove.")) from None
                if person_id not in {pid for pid, _t in current}:
                    raise Http404
                current = [(pid, t) for pid, t in current if pid != person_id]
                done = _("Taken off the committee.")
            else:
                raise ValidationError(_("Nothing was changed."))
            actions.set_committee(program, current, by=request.user)
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, done)
        return redirect("mentoring_committee", local_slug=request.local.slug)
    search = SearchForm(request.GET or None)
    found = []
    if search.is_valid() and search.cleaned_data["q"]:
        on = {m.person_id for m in members}
        found = [p for p in q.search_people(request.local, search.cleaned_data["q"])
                 if p.pk not in on]
    return render(request, "mentoring/program_committee.html", {
        "program": program, "members": members, "search": search, "found": found,
        "searched": search.is_valid() and bool(search.cleaned_data["q"])})


# --- Cycles -----------------------------------------------------------------------------------


@local_view(MANAGE)
def cycle_new(request):
    program = _program_or_home(request)
    if program is None:
        return redirect("mentoring_program_edit", local_slug=request.local.slug)
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_cycle(program, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Cycle saved. People can sign up between the "
                                        "registration dates."))
            return _home(request)
    return render(request, "mentoring/program_cycle_form.html", {"form": form, "cycle": None})


@local_view(MANAGE)
def cycle_edit(request, pk: int):
    cycle = q.cycle_or_404(request.access, pk)
    initial = {f: getattr(cycle, f) for f in actions.CYCLE_FIELDS}
    form = CycleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_cycle(cycle.program, by=request.user, cycle=cycle, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Cycle saved."))
            return _home(request)
    return render(request, "mentoring/program_cycle_form.html", {"form": form, "cycle": cycle})


# --- Signing up -------------------------------------------------------------------------------


def _own_person(request):
    from unionhall.members.models import Person

    if request.access.person_id is None:
        raise PermissionDenied
    return Person.objects.select_related("job_class__family", "worksite").get(
        pk=request.access.person_id)


@local_view()
@in_local_time
def enrol(request, pk: int):
    person = _own_person(request)
    cycle = q.cycle_or_404(request.access, pk)
    local = request.local
    today = local.today()
    enrollment = q.own_enrollment(request.access, cycle)
    is_open = q.registration_open(cycle, today)
    published = enrollment is not None and enrollment.withdrawn_at is None and \
        actions.published_pairs(enrollment)
    form = None
    if is_open and not published:
        if enrollment is not None:
            initial = EnrollmentForm.initial_from(enrollment_values(enrollment))
        else:
            initial = EnrollmentForm.initial_from(actions.enrollment_defaults(person, today))
            initial.pop("role", None)
            if request.GET.get("as") in Enrollment.Role.values:
                initial["role"] = request.GET["as"]
        form = EnrollmentForm(request.POST or None, local=local, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                actions.save_enrollment(cycle, person, by=request.user, **form.values())
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("You're signed up. You can change or withdraw "
                                            "your sign-up until %(day)s.") % {
                    "day": _date(cycle.registration_closes_on)})
                return _home(request)
    elif request.method == "POST":
        messages.error(request, actions.closed_message(cycle, today) if not is_open else
                       _("Your pair is published: to change your sign-up, ask the mentoring "
                         "coordinator."))
        return _home(request)
    return render(request, "mentoring/program_enrol.html", {
        "cycle": cycle, "form": form, "enrollment": enrollment, "person": person,
        "is_open": is_open, "published": bool(published),
        "closed_message": None if is_open else actions.closed_message(cycle, today),
        "role": _role_shown(form)})


def _date(value) -> str:
    from django.utils.formats import date_format

    return date_format(value)


def _role_shown(form) -> str:
    """Which role's questions the form shows: the role chosen, or both when none is yet."""
    if form is None:
        return ""
    value = form.data.get("role") if form.is_bound else form.initial.get("role")
    return value if value in Enrollment.Role.values else ""


@require_POST
@local_view()
def withdraw(request, pk: int):
    _own_person(request)
    cycle = q.cycle_or_404(request.access, pk)
    enrollment = q.own_enrollment(request.access, cycle)
    if enrollment is None or enrollment.withdrawn_at is not None:
        messages.error(request, _("You are not signed up for this cycle."))
        return _home(request)
    try:
        actions.withdraw_enrollment(enrollment, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("You have withdrawn from %(cycle)s. You can sign up again "
                                    "while registration is open.") % {"cycle": cycle.name})
    return _home(request)


# --- The coordinator's enrolments -------------------------------------------------------------


@local_view(MANAGE)
@in_local_time
def enrolments(request, pk: int):
    cycle = q.cycle_or_404(request.access, pk)
    rows = q.with_labels(q.enrollments(cycle))
    active = [e for e in rows if e.withdrawn_at is None]
    return render(request, "mentoring/program_enrolments.html", {
        "cycle": cycle, "enrollments": rows,
        "mentors": len([e for e in active if e.role == Enrollment.Role.MENTOR]),
        "mentees": len([e for e in active if e.role == Enrollment.Role.MENTEE]),
        "places": sum(e.capacity for e in active if e.role == Enrollment.Role.MENTOR),
        "withdrawn": len(rows) - len(active)})


@local_view(MANAGE)
@in_local_time
def enrolment_add(request, pk: int):
    cycle = q.cycle_or_404(request.access, pk)
    local = request.local
    person_id = request.POST.get("person") or request.GET.get("person")
    if not person_id:
        search = SearchForm(request.GET or None)
        found = []
        if search.is_valid() and search.cleaned_data["q"]:
            found = q.search_people(local, search.cleaned_data["q"])
        enrolled = set(Enrollment.objects.filter(cycle=cycle, person__in=found)
                       .values_list("person_id", flat=True))
        return render(request, "mentoring/program_enrolment_add.html", {
            "cycle": cycle, "search": search, "found": found, "enrolled": enrolled,
            "searched": search.is_valid() and bool(search.cleaned_data["q"])})
    if not str(person_id).isdigit():
        raise Http404
    person = q.person_or_404(local, person_id)
    existing = Enrollment.objects.filter(cycle=cycle, person=person).first()
    if existing is not None and existing.withdrawn_at is None:
        return redirect("mentoring_enrolment_edit", local_slug=local.slug, pk=existing.pk)
    initial = EnrollmentForm.initial_from(actions.enrollment_defaults(person, local.today()))
    initial.pop("role", None)
    form = EnrollmentForm(request.POST or None, local=local, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_enrollment(cycle, person, by=request.user, **form.values())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is enrolled.") % {
                "name": person.display_name})
            return redirect("mentoring_enrolments", local_slug=local.slug, pk=cycle.pk)
    return render(request, "mentoring/program_enrolment_form.html", {
        "cycle": cycle, "form": form, "person": person, "enrollment": None,
        "role": _role_shown(form)})


@local_view(MANAGE)
@in_local_time
def enrolment_edit(request, pk: int):
    enrollment = q.enrollment_or_404(request.access, pk)
    cycle, local = enrollment.cycle, request.local
    form = EnrollmentForm(request.POST or None, local=local,
                          initial=EnrollmentForm.initial_from(enrollment_values(enrollment)))
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_enrollment(cycle, enrollment.person, by=request.user, **form.values())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Enrolment saved."))
            return redirect("mentoring_enrolments", local_slug=local.slug, pk=cycle.pk)
    return render(request, "mentoring/program_enrolment_form.html", {
        "cycle": cycle, "form": form, "person": enrollment.person, "enrollment": enrollment,
        "role": _role_shown(form)})


@require_POST
@local_view(MANAGE)
def enrolment_withdraw(request, pk: int):
    enrollment = q.enrollment_or_404(request.access, pk)
    try:
        actions.withdraw_enrollment(enrollment, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("%(name)s is withdrawn.") % {
            "name": enrollment.person.display_name})
    return redirect("mentoring_enrolments", local_slug=request.local.slug,
                    pk=enrollment.cycle_id)


# --- Criteria and matching --------------------------------------------------------------------


@local_view(MANAGE)
def criteria(request, pk: int):
    cycle = q.cycle_or_404(request.access, pk)
    form = CriteriaForm(request.POST or None, initial=CriteriaForm.initial_from(cycle.criteria))
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_criteria(cycle, form.criteria(), by=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Criteria saved. Propose matches to use them."))
            return redirect("mentoring_matching", local_slug=request.local.slug, pk=cycle.pk)
    return render(request, "mentoring/program_criteria.html", {"cycle": cycle, "form": form})


@local_view(MANAGE)
@in_local_time
def matching(request, pk: int):
    cycle = q.cycle_or_404(request.access, pk)
    today = request.local.today()
    overview = q.matching_overview(cycle)
    return render(request, "mentoring/program_matching.html", {
        "cycle": cycle, **overview, "phase": q.phase(cycle, today),
        "registration_open": q.registration_open(cycle, today),
        "criteria": _criteria_summary(cycle.criteria), "hard_rules": _hard_rules(cycle.criteria)})


def _hard_rules(criteria) -> bool:
    from unionhall.mentoring import scoring

    c = scoring.validate(criteria)
    return any(scoring.in_use(c, name) and c[name]["required"] for name in scoring.CRITERIA)


def _criteria_summary(criteria) -> list[str]:
    from unionhall.mentoring import scoring
    from unionhall.mentoring.program_forms import CRITERION_LABELS, WANT_CHOICES

    c = scoring.validate(criteria)
    wants = dict(WANT_CHOICES)
    out = []
    for name in scoring.CRITERIA:
        if not scoring.in_use(c, name):
            continue
        label = str(CRITERION_LABELS[name][0])
        if name == "worksite":
            label = f"{label}: {wants[c[name]['want']]}"
        if c[name]["required"]:
            out.append(_("%(criterion)s: hard rule, weight %(weight)s") % {
                "criterion": label, "weight": c[name]["weight"]})
        else:
            out.append(_("%(criterion)s: weight %(weight)s") % {
                "criterion": label, "weight": c[name]["weight"]})
    return out


def _to_matching(request, cycle_pk):
    return redirect("mentoring_matching", local_slug=request.local.slug, pk=cycle_pk)


@require_POST
@local_view(MANAGE)
def propose(request, pk: int):
    cycle = q.cycle_or_404(request.access, pk)
    try:
        summary = actions.propose_matches(cycle, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, ngettext(
            "Proposed %(pairs)s pair; %(unmatched)s of %(mentees)s mentees unmatched.",
            "Proposed %(pairs)s pairs; %(unmatched)s of %(mentees)s mentees unmatched.",
            summary["pairs"]) % summary)
    return _to_matching(request, cycle.pk)


@require_POST
@local_view(MANAGE)
def publish(request, pk: int):
    cycle = q.cycle_or_404(request.access, pk)
    try:
        count = actions.publish_matches(cycle, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        if count:
            messages.success(request, ngettext(
                "Published %(n)s pair: each person in it is told by email.",
                "Published %(n)s pairs: each person in them is told by email.", count) % {
                "n": count})
        else:
            messages.info(request, _("There are no new or changed pairs to publish."))
    return _to_matching(request, cycle.pk)


@local_view(MANAGE)
@in_local_time
def match_change(request, pk: int):
    mentee = q.enrollment_or_404(request.access, pk)
    if mentee.role != Enrollment.Role.MENTEE:
        raise Http404
    cycle = mentee.cycle
    if request.method == "POST":
        mentor = None
        if request.POST.get("unmatch") != "1":
            mentor_pk = request.POST.get("mentor", "")
            mentor = Enrollment.objects.filter(
                pk=int(mentor_pk) if mentor_pk.isdigit() else 0, cycle=cycle,
                role=Enrollment.Role.MENTOR).first()
            if mentor is None:
                messages.error(request, _("Choose a mentor."))
                return redirect(request.path)
        try:
            match = actions.set_match(mentee, mentor, by=request.user)
        except ValidationError as exc:
            _error(request, exc)
            return redirect(request.path)
        if match is None:
            messages.success(request, _("%(name)s is not matched now.") % {
                "name": mentee.person.display_name})
        else:
            messages.success(request, _("%(mentee)s is matched with %(mentor)s (by hand). "
                                        "Publish to tell them.") % {
                "mentee": mentee.person.display_name,
                "mentor": match.mentor.person.display_name})
        return _to_matching(request, cycle.pk)
    choices = q.mentor_choices(cycle, mentee)
    current = q.match_of(mentee)
    chosen = None
    wanted = request.GET.get("mentor", "")
    if wanted.isdigit():
        chosen = next((c for c in choices if c["mentor"].pk == int(wanted)), None)
    current_choice = None
    if current is not None:
        current_choice = next((c for c in choices if c["mentor"].pk == current.mentor_id), None)
    return render(request, "mentoring/program_match_change.html", {
        "cycle": cycle, "mentee": mentee, "choices": choices, "chosen": chosen,
        "current": current, "current_choice": current_choice,
        "locked": current is not None and current.status != "proposed"
        and actions.has_activity(current),
        "action_url": reverse("mentoring_match_change",
                              kwargs={"local_slug": request.local.slug, "pk": mentee.pk})})
