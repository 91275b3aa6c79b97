"""After a roster import: new job titles to place in a family, possible duplicates to settle."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from unionhall.core.actions import set_job_family
from unionhall.core.decorators import local_view
from unionhall.core.models import JobFamily
from unionhall.core.permissions import Perm
from unionhall.members.actions import confirm_roster, resolve_duplicate, stage_roster
from unionhall.members.queries import (
    duplicate_or_404,
    job_class_or_404,
    open_duplicates,
    roster_upload_or_404,
    unplaced_job_classes,
)


@local_view(Perm.MANAGE_PEOPLE)
def roster_review(request):
    return render(request, "members/roster_review.html", {
        "job_classes": unplaced_job_classes(request.access),
        "families": JobFamily.Code.choices,
        "duplicates": open_duplicates(request.access),
        "upload_form": RosterUploadForm(),
    })


@require_POST
@local_view(Perm.MANAGE_PEOPLE)
def job_class_family(request, pk: int):
    job_class = job_class_or_404(request.access, pk)
    code = request.POST.get("family", "")
    if code not in JobFamily.Code.values:
        messages.error(request, _("Choose one of the job families."))
    else:
        set_job_family(job_class, code, by=request.user)
        messages.success(request, _("%(title)s is now under %(family)s.") % {
            "title": job_class.title, "family": JobFamily.Code(code).label})
    return redirect("roster_review", local_slug=request.local.slug)


@require_POST
@local_view(Perm.MANAGE_PEOPLE)
def duplicate_resolve(request, pk: int):
    duplicate = duplicate_or_404(request.access, pk)
    try:
        resolve_duplicate(duplicate, merge=request.POST.get("decision") == "merge",
                          by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Done."))
    return redirect("roster_review", local_slug=request.local.slug)


MAX_ROSTER_BYTES = 50 * 1024 * 1024


class RosterUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("The district's roster (CSV or XLSX)"))
    partial = forms.BooleanField(
        label=gettext_lazy(
            "This file is only part of the roster (nobody is marked as having left)"),
        required=False)
    create_worksites = forms.BooleanField(
        label=gettext_lazy("Add worksites the file names that Unionhall does not have yet"),
        required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_ROSTER_BYTES:
            raise forms.ValidationError(gettext_lazy("The file is larger than 50 MB."))
        return upload


@require_POST
@local_view(Perm.MANAGE_PEOPLE)
def roster_upload(request):
    form = RosterUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("roster_review", local_slug=request.local.slug)
    upload = stage_roster(request.local, form.cleaned_data["file"].read(),
                          filename=form.cleaned_data["file"].name,
                          partial=form.cleaned_data["partial"],
                          create_worksites=form.cleaned_data["create_worksites"],
                          by=request.user)
    return redirect("roster_upload_detail", local_slug=request.local.slug, pk=upload.pk)


@local_view(Perm.MANAGE_PEOPLE)
def roster_upload_detail(request, pk: int):
    return render(request, "members/roster_upload.html",
                  {"upload": roster_upload_or_404(request.access, pk)})


@require_POST
@local_view(Perm.MANAGE_PEOPLE)
def roster_upload_confirm(request, pk: int):
    upload = roster_upload_or_404(request.access, pk)
    try:
        confirm_roster(upload, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("roster_upload_detail", local_slug=request.local.slug, pk=pk)
