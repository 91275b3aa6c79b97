from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from unionhall.core.actions import log_export
from unionhall.core.decorators import local_view
from unionhall.core.permissions import Perm
from unionhall.members.exports import columns_for, csv_lines
from unionhall.members.forms import PeopleFilterForm
from unionhall.members.queries import (
    dues_standing,
    membership_history,
    people,
    person_or_404,
    worksites_in_scope,
)

PAGE_SIZE = 50


def _filtered(request):
    access = request.access
    form = PeopleFilterForm(request.GET or None, worksites=worksites_in_scope(access))
    filters = form.cleaned_data if form.is_valid() else {}
    qs = people(
        access,
        q=filters.get("q", ""),
        worksite_id=filters.get("worksite"),
        status=filters.get("status", ""),
        family=filters.get("family", ""),
        language=filters.get("language", ""),
    )
    return form, qs


@local_view(Perm.VIEW_PEOPLE)
def person_list(request):
    access = request.access
    form, qs = _filtered(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "members/person_list.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "show_contact": access.can(Perm.VIEW_CONTACT),
    })


@local_view(Perm.VIEW_PEOPLE)
def person_export(request):
    _form, qs = _filtered(request)
    columns = columns_for(request.access)
    log_export(request.local, "people", filters=request.GET.dict(),
               columns=[str(c[0]) for c in columns], by=request.user)
    response = StreamingHttpResponse(csv_lines(qs.iterator(chunk_size=2000), columns),
                                     content_type="text/csv; charset=utf-8")
    name = f"{request.local.slug}-people-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@local_view()
def person_detail(request, pk: int):
    access = request.access
    person = person_or_404(access, pk)
    is_self = person.pk == access.person_id
    if not is_self and access.needs_mfa:
        from django.shortcuts import redirect

        from unionhall.core.decorators import mfa_setup_url

        return redirect(mfa_setup_url(request))
    return render(request, "members/person_detail.html", {
        "person": person,
        "is_self": is_self,
        "show_contact": is_self or access.covers(Perm.VIEW_CONTACT, person.worksite_id),
        "show_private": is_self or access.can(Perm.VIEW_PRIVATE),
        "show_address": is_self or access.covers(Perm.VIEW_ADDRESS, person.worksite_id),
        "history": membership_history(access, person),
        "can_invite": access.can(Perm.INVITE_PERSON) and not is_self,
        "dues": dues_standing(access, person),
        **_activity(person),
    })


def _activity(person) -> dict:
    """The events the person attended and the messages they received (the last few of each,
    with counts): four queries whatever the numbers."""
    from unionhall.events.queries_activity import events_attended, messages_received

    attended_count, attended = events_attended(person)
    received_count, received = messages_received(person)
    return {"attended": attended, "attended_count": attended_count,
            "received": received, "received_count": received_count}
