from django.core.paginator import Paginator
from django.shortcuts import render

from unionhall.core.decorators import local_view
from unionhall.core.permissions import Perm
from unionhall.members.forms import PeopleFilterForm
from unionhall.members.queries import (
    membership_history,
    people,
    person_or_404,
    worksites_in_scope,
)

PAGE_SIZE = 50


@local_view(Perm.VIEW_PEOPLE)
def person_list(request):
    access = request.access
    form = PeopleFilterForm(request.GET or None, worksites=worksites_in_scope(access))
    filters = form.cleaned_data if form.is_valid() else {}
    qs = people(
        access,
        q=filters.get("q", ""),
        worksite_id=filters.get("worksite"),
        status=filters.get("status", ""),
        family=filters.get("family", ""),
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "members/person_list.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "show_contact": access.can(Perm.VIEW_CONTACT),
    })


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
        "history": membership_history(access, person),
        "can_invite": access.can(Perm.INVITE_PERSON) and not is_self,
    })
