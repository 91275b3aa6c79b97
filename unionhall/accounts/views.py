from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.accounts.actions import invite_person
from unionhall.core.decorators import local_view
from unionhall.core.permissions import Perm
from unionhall.members.queries import person_or_404


@require_POST
@local_view(Perm.INVITE_PERSON)
def invite(request, pk: int):
    person = person_or_404(request.access, pk)
    try:
        invite_person(person, login_url=request.build_absolute_uri(reverse("account_login")),
                      by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Invitation sent to %(email)s.") % {
            "email": person.personal_email})
    return redirect("person_detail", local_slug=request.local.slug, pk=person.pk)
