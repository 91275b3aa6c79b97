"""After a roster import: new job titles to place in a family, possible duplicates to settle."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.core.actions import set_job_family
from unionhall.core.decorators import local_view
from unionhall.core.models import JobFamily
from unionhall.core.permissions import Perm
from unionhall.members.actions import resolve_duplicate
from unionhall.members.queries import (
    duplicate_or_404,
    job_class_or_404,
    open_duplicates,
    unplaced_job_classes,
)


@local_view(Perm.MANAGE_PEOPLE)
def roster_review(request):
    return render(request, "members/roster_review.html", {
        "job_classes": unplaced_job_classes(request.access),
        "families": JobFamily.Code.choices,
        "duplicates": open_duplicates(request.access),
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
