"""The course itself: a team's course home, modules and activities (self-study, the team's
assignment with files, webinars), the staff's view of every team's work, feedback,
attendance and progress, and certificates (with a public page to check one).

Who sees what: `course_view` (course_access) resolves the offering and the viewer's role;
`learning_queries` scopes every lookup (another team's work, or a module not yet released, is
"not found"); the actions check again."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.core import markdown
from unionhall.core.decorators import mfa_setup_url
from unionhall.core.forms import add_errors
from unionhall.mentoring import learning_queries as q
from unionhall.mentoring.actions import learning as actions
from unionhall.mentoring.certificate_pdf import CertificateText
from unionhall.mentoring.certificate_pdf import render as render_pdf
from unionhall.mentoring.course_access import course_view
from unionhall.mentoring.learning_forms import (
    ActivityForm,
    AttendanceForm,
    FeedbackForm,
    FileForm,
    ModuleForm,
    SelfStudyForm,
    TeamWorkForm,
)
from unionhall.mentoring.models import Activity

K = Activity.Kind


def _md(text: str):
    return mark_safe(markdown.render(text))  # noqa: S308 - sanitized by nh3


def _in_course_time(view):
    """Show times where the viewer is: a team member in their local's zone (wrap inside
    `course_view`)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        zone = q.viewer_zone(request.offering, request.course, request.user)
        with timezone.override(zone):
            return view(request, *args, **kwargs)

    return wrapper


def _in_offering_time(view):
    """Forms of who runs the course read and show times in the offering's zone."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        with timezone.override(q.offering_zone(request.offering)):
            return view(request, *args, **kwargs)

    return wrapper


def _today(request):
    return q.offering_today(request.offering)


def _url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"offering_slug": request.offering.slug, **kwargs})


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _of_kind(activity, kind):
    if activity.kind != kind:
        raise Http404
    return activity


def _team_only(request):
    if request.course.team is None:
        raise PermissionDenied
    return request.course.team


def _who(user, default: str = "") -> str:
    if user is None:
        return default or _("someone on the team")
    if user.person_id:
        return user.person.display_name
    return user.name or _("a course facilitator")


# --- The course home and modules ----------------------------------------------------------------


@course_view(team=True)
@_in_course_time
def learning_home(request):
    offering, role = request.offering, request.course
    today = _today(request)
    modules = q.modules_for(offering, role, today)
    everything = [a for m in modules for a in m.activities.all()]
    context = {"offering": offering, "role": role, "modules": modules, "today": today}
    if role.team is not None:
        states = q.my_states(offering, role.team, role.person_id, everything)
        for module in modules:
            for activity in module.shown:
                activity.state = states[activity.pk]
        done = sum(1 for s in states.values() if s == q.Cell.DONE)
        context.update(done=done, total=len(everything),
                       certificate=q.my_certificate(role.team, role.person_id))
    return render(request, "mentoring/learning_home.html", context)


@course_view(team=True)
@_in_course_time
def learning_module(request, number: int):
    offering, role = request.offering, request.course
    module = q.module_or_404(offering, role, number, _today(request))
    if role.team is not None and module.shown:
        states = q.my_states(offering, role.team, role.person_id, module.shown)
        for activity in module.shown:
            activity.state = states[activity.pk]
    return render(request, "mentoring/learning_module.html", {
        "offering": offering, "role": role, "module": module,
        "summary_html": _md(module.summary)})


def _module_form_page(request, form, module):
    return render(request, "mentoring/learning_module_form.html", {
        "offering": request.offering, "form": form, "module": module})


@course_view(runs=True)
@_in_offering_time
def learning_module_new(request):
    form = ModuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            module = actions.save_module(request.offering, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Module saved."))
            return redirect(_url(request, "learning_module", number=module.number))
    return _module_form_page(request, form, None)


@course_view(runs=True)
@_in_offering_time
def learning_module_edit(request, number: int):
    module = q.module_or_404(request.offering, request.course, number, _today(request))
    initial = {"title": module.title, "summary": module.summary,
               "releases_on": module.releases_on}
    form = ModuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_module(request.offering, module=module, by=request.user,
                                **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Module saved."))
            return redirect(_url(request, "learning_module", number=module.number))
    return _module_form_page(request, form, module)


# --- Activities: editing (who runs the course) --------------------------------------------------


def _activity_form_page(request, form, module, activity):
    return render(request, "mentoring/learning_activity_form.html", {
        "offering": request.offering, "form": form, "module": module, "activity": activity})


@course_view(runs=True)
@_in_offering_time
def learning_activity_new(request, number: int):
    module = q.module_or_404(request.offering, request.course, number, _today(request))
    form = ActivityForm(request.POST or None, zone_name=request.offering.time_zone,
                        initial={"kind": request.GET.get("kind") or K.SELF_STUDY})
    if request.method == "POST" and form.is_valid():
        try:
            activity = actions.save_activity(module, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Activity saved."))
            return redirect(_url(request, "learning_activity", pk=activity.pk))
    return _activity_form_page(request, form, module, None)


@course_view(runs=True)
@_in_offering_time
def learning_activity_edit(request, pk: int):
    activity = q.activity_or_404(request.offering, request.course, pk, _today(request))
    initial = {f: getattr(activity, f) for f in actions.ACTIVITY_FIELDS}
    form = ActivityForm(request.POST or None, initial=initial,
                        zone_name=request.offering.time_zone)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_activity(activity.module, activity=activity, by=request.user,
                                  **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Activity saved."))
            return redirect(_url(request, "learning_activity", pk=activity.pk))
    return _activity_form_page(request, form, activity.module, activity)


@require_POST
@course_view(runs=True)
def learning_activity_delete(request, pk: int):
    activity = q.activity_or_404(request.offering, request.course, pk, _today(request))
    number = activity.module.number
    try:
        actions.delete_activity(activity, by=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect(_url(request, "learning_activity_edit", pk=pk))
    messages.success(request, _("Activity removed."))
    return redirect(_url(request, "learning_module", number=number))


# --- An activity ----------------------------------------------------------------------------------


def _activity_page(request, activity, *, self_study_form=None, work_form=None, file_form=None,
                   status=200):
    offering, role = request.offering, request.course
    context = {"offering": offering, "role": role, "activity": activity,
               "module": activity.module, "instructions_html": _md(activity.instructions),
               "offering_zone": q.offering_zone(offering)}
    if activity.kind == K.WEBINAR:
        now = timezone.now()
        end = q.webinar_end(activity)
        context.update(webinar_end=end, webinar_over=end is not None and now >= end,
                       webinar_started=now >= activity.starts_at)
    team = role.team
    if team is not None:
        context["state"] = q.my_states(offering, team, role.person_id, [activity])[activity.pk]
        if activity.kind == K.SELF_STUDY:
            done = q.self_study_done(activity, team)
            mine = done.get(role.person_id)
            members = q.team_members(team)
            context.update(
                mine=mine, team_done=[m for m in members if m.person_id in done],
                team_size=len(members),
                feedback_html=_md(mine.feedback) if mine and mine.feedback else "",
                reflection_html=_md(mine.text) if mine and mine.text else "",
                self_study_form=self_study_form or SelfStudyForm(
                    initial={"reflection": mine.text if mine else ""}))
        elif activity.kind == K.TEAM_ASSIGNMENT:
            sub = q.team_submission(activity, team)
            context.update(
                submission=sub, work_html=_md(sub.text) if sub else "",
                feedback_html=_md(sub.feedback) if sub and sub.feedback else "",
                last_saved_by=_who(sub.submitted_by) if sub else "",
                work_form=work_form or TeamWorkForm(initial={
                    "text": sub.text if sub else "",
                    "seen": sub.updated_at.isoformat() if sub else ""}),
                file_form=file_form or FileForm(),
                max_mb=f"{settings.MENTORING_FILE_MAX_BYTES / 1024 / 1024:.3g}")
        else:
            context["attendance"] = q.my_attendance(activity, role.person_id)
    return render(request, "mentoring/learning_activity.html", context, status=status)


@course_view(team=True)
@_in_course_time
def learning_activity(request, pk: int):
    activity = q.activity_or_404(request.offering, request.course, pk, _today(request))
    return _activity_page(request, activity)


@require_POST
@course_view(team=True)
@_in_course_time
def learning_self_study(request, pk: int):
    _team_only(request)
    activity = _of_kind(q.activity_or_404(request.offering, request.course, pk,
                                          _today(request)), K.SELF_STUDY)
    form = SelfStudyForm(request.POST)
    if form.is_valid():
        try:
            actions.complete_self_study(activity, by=request.user,
                                        reflection=form.cleaned_data["reflection"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Marked as completed."))
            return redirect(_url(request, "learning_activity", pk=activity.pk))
    return _activity_page(request, activity, self_study_form=form)


@require_POST
@course_view(team=True)
@_in_course_time
def learning_team_work(request, pk: int):
    _team_only(request)
    activity = _of_kind(q.activity_or_404(request.offering, request.course, pk,
                                          _today(request)), K.TEAM_ASSIGNMENT)
    form = TeamWorkForm(request.POST)
    if form.is_valid():
        try:
            sub = actions.save_team_work(activity, by=request.user,
                                         text=form.cleaned_data["text"],
                                         seen=form.cleaned_data["seen"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            if sub.overwrote is not None:
                messages.warning(request, _(
                    "Saved. %(name)s had saved changes while you were writing: your text "
                    "replaced theirs.") % {"name": _who(sub.overwrote)})
            else:
                messages.success(request, _("Your team's work is saved."))
            return redirect(_url(request, "learning_activity", pk=activity.pk) + "#work")
    return _activity_page(request, activity, work_form=form)


@require_POST
@course_view(team=True)
@_in_course_time
def learning_file_add(request, pk: int):
    _team_only(request)
    activity = _of_kind(q.activity_or_404(request.offering, request.course, pk,
                                          _today(request)), K.TEAM_ASSIGNMENT)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        # Read no more than one byte past the limit: the action refuses it with the message.
        data = upload.read(settings.MENTORING_FILE_MAX_BYTES + 1)
        try:
            actions.add_submission_file(activity, by=request.user, name=upload.name, data=data)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("File added."))
            return redirect(_url(request, "learning_activity", pk=activity.pk) + "#files")
    return _activity_page(request, activity, file_form=form)


@course_view(team=True)
def learning_file(request, pk: int):
    if request.course.needs_mfa:
        return redirect(mfa_setup_url(request))
    file = q.file_or_404(request.offering, request.course, pk)
    try:
        handle = actions.stored_path(file).open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = file.content_type
    if content_type == "text/plain":
        content_type += "; charset=utf-8"
    response = FileResponse(handle, content_type=content_type, as_attachment=True,
                            filename=file.name)
    # The bytes were checked, but a browser must never guess another type or run a script.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Staff: every team's work ---------------------------------------------------------------------


@course_view(staff=True)
@_in_course_time
def learning_submissions(request, pk: int):
    activity = q.activity_or_404(request.offering, request.course, pk, _today(request))
    if activity.kind == K.WEBINAR:
        return redirect(_url(request, "learning_attendance", pk=activity.pk))
    rows = q.work_for_activity(activity)
    return render(request, "mentoring/learning_submissions.html", {
        "offering": request.offering, "activity": activity, "module": activity.module,
        "rows": rows})


def _submission_page(request, sub, form=None, status=200):
    return render(request, "mentoring/learning_submission.html", {
        "offering": request.offering, "sub": sub, "activity": sub.activity,
        "text_html": _md(sub.text), "feedback_html": _md(sub.feedback),
        "last_saved_by": _who(sub.submitted_by),
        "feedback_by": (_who(sub.feedback_by, _("the course facilitators"))
                        if sub.feedback else ""),
        "form": form or FeedbackForm(initial={"feedback": sub.feedback})}, status=status)


@course_view(staff=True)
@_in_course_time
def learning_submission(request, pk: int):
    sub = q.submission_or_404(request.offering, request.course, pk)
    return _submission_page(request, sub)


@require_POST
@course_view(staff=True)
@_in_course_time
def learning_feedback(request, pk: int):
    sub = q.submission_or_404(request.offering, request.course, pk)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            actions.give_feedback(sub, by=request.user, feedback=form.cleaned_data["feedback"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Feedback saved; the team is emailed."))
            return redirect(_url(request, "learning_submission", pk=sub.pk))
    return _submission_page(request, sub, form)


@course_view(staff=True)
@_in_course_time
def learning_attendance(request, pk: int):
    offering = request.offering
    activity = q.activity_or_404(offering, request.course, pk, _today(request))
    if activity.kind != K.WEBINAR:
        raise Http404
    teams = q.selected_teams(offering)
    form = AttendanceForm(request.POST or None, teams=teams, marks=q.attendance_marks(activity))
    if request.method == "POST" and form.is_valid():
        try:
            changed = actions.mark_attendance(activity, form.marks(), by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Attendance saved (%(n)s changed).") % {"n": changed})
            return redirect(_url(request, "learning_attendance", pk=activity.pk))
    return render(request, "mentoring/learning_attendance.html", {
        "offering": offering, "activity": activity, "module": activity.module, "form": form,
        "started": timezone.now() >= activity.starts_at})


@course_view(staff=True)
@_in_course_time
def learning_progress(request):
    progress = q.course_progress(request.offering)
    return render(request, "mentoring/learning_progress.html", {
        "offering": request.offering, "progress": progress})


@course_view(staff=True)
@_in_course_time
def learning_team_progress(request, team_pk: int):
    team = q.selected_team_or_404(request.offering, team_pk)
    progress = q.course_progress(request.offering, teams=[team])
    return render(request, "mentoring/learning_team_progress.html", {
        "offering": request.offering, "team": team, "progress": progress,
        "row": progress.teams[0]})


# --- Certificates ---------------------------------------------------------------------------------


@course_view(team=True)
@_in_course_time
def learning_certificate(request):
    team = _team_only(request)
    offering, role = request.offering, request.course
    certificate = q.my_certificate(team, role.person_id)
    done = None if certificate else q.member_completion(offering, team, role.person_id)
    return render(request, "mentoring/learning_certificate.html", {
        "offering": offering, "certificate": certificate, "done": done})


@require_POST
@course_view(team=True)
def learning_certificate_issue(request):
    _team_only(request)
    try:
        actions.issue_certificate(request.offering, by=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect(_url(request, "learning_certificate"))
    return redirect(_url(request, "learning_certificate_pdf"))


def certificate_text(certificate, offering) -> CertificateText:
    """The certificate's words in the active language."""
    url = settings.SITE_URL + reverse("learning_certificate_check",
                                        kwargs={"code": certificate.code})
    names = q.facilitator_names(offering)
    return CertificateText(
        heading=_("Certificate of completion"),
        certifies=_("This certifies that"),
        person=certificate.person.display_name,
        of_local=_("of %(local)s") % {"local": certificate.application.local.name},
        completed=_("has completed the course"),
        course=offering.title,
        offered_by=_("offered by %(association)s") % {"association": offering.affiliate.name},
        completed_on=_("Completed on %(day)s") % {"day": formats.date_format(
            # The month in full ("June 3, 2027"), in the active language's order.
            certificate.completed_on, formats.get_format("DATE_FORMAT").replace("N", "F"))},
        facilitators=(_("Facilitators: %(names)s") % {"names": ", ".join(names)}
                      if names else ""),
        code=_("Certificate code: %(code)s") % {"code": certificate.code},
        check=_("Check it at %(url)s") % {"url": url})


@course_view(team=True)
def learning_certificate_pdf(request):
    team = _team_only(request)
    certificate = q.my_certificate(team, request.course.person_id)
    if certificate is None:
        raise Http404
    certificate.application = team
    pdf = render_pdf(certificate_text(certificate, request.offering))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{request.offering.slug}.pdf"')
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def learning_certificate_check(request, code: str):
    """Public: anyone given a certificate's code (or its link) sees whose it is and for which
    course, and nothing else."""
    certificate = q.certificate_by_code_or_404(code)
    response = render(request, "mentoring/learning_certificate_check.html", {
        "certificate": certificate, "offering": certificate.application.offering})
    response["X-Robots-Tag"] = "noindex"  # a name, for whoever holds the code: not for search
    return response
