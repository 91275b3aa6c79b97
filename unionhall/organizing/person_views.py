"""Organizers' pages about people: one person's record, the rep's list, the walk list; and the
page where any member invites a coworker."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from unionhall.core.decorators import local_view
from unionhall.core.permissions import Perm
from unionhall.organizing.actions import assess, invite_coworker, join_link, log_conversation
from unionhall.organizing.actions import set_next_step as set_next_step_action
from unionhall.organizing.forms import (
    AssessmentForm,
    ConversationForm,
    InviteForm,
    NextStepForm,
    RepListFilterForm,
)
from unionhall.organizing.queries import (
    my_referrals,
    organizer_person_or_404,
    organizing_record,
    organizing_worksites,
    owner_choices,
    rep_list,
    scale_for,
    user_label,
    with_levels,
)

LIST_PAGE_SIZE = 100


@local_view(Perm.ORGANIZE)
def organizer_person(request, pk: int):
    access = request.access
    person = organizer_person_or_404(access, pk)
    scale = scale_for(request.local)
    owners = owner_choices(access, person, me=request.user)
    contact = getattr(person, "organizing", None)
    forms = {
        "conversation": ConversationForm(local=request.local),
        "assess": AssessmentForm(scale=scale, initial={
            "value": contact.assessment if contact else None}),
        "next": NextStepForm(owners=owners, initial={
            "owner": contact.owner_id if contact else request.user.pk,
            "next_step": contact.next_step if contact else "",
            "due": contact.next_step_due if contact else None,
            "follow_up": contact.follow_up if contact else False}),
    }
    if request.method == "POST":
        which = request.POST.get("form")
        try:
            if which == "conversation":
                form = forms["conversation"] = ConversationForm(request.POST, local=request.local)
                if form.is_valid():
                    log_conversation(person, by=request.user, **form.cleaned_data)
                    messages.success(request, _("Conversation logged."))
            elif which == "assess":
                form = forms["assess"] = AssessmentForm(request.POST, scale=scale)
                if form.is_valid():
                    assess(person, form.cleaned_data["value"], by=request.user)
                    messages.success(request, _("Assessment saved."))
            elif which == "next":
                form = forms["next"] = NextStepForm(request.POST, owners=owners)
                if form.is_valid():
                    data = form.cleaned_data
                    set_next_step_action(person, owner=data["owner"], next_step=data["next_step"],
                                         due=data["due"], follow_up=data["follow_up"],
                                         by=request.user)
                    messages.success(request, _("Next step saved."))
            else:
                form = None
                messages.error(request, _("Choose what to save."))
        except ValidationError as exc:
            form.add_error(None, exc)
        if form is None or (form.is_bound and not form.errors):
            return redirect("organizer_person", local_slug=request.local.slug, pk=person.pk)
    record = organizing_record(access, person)
    return render(request, "organizing/person.html", {
        "person": person, "record": record, "forms": forms,
        "owner_name": user_label(record.contact.owner),
        "last_by_name": user_label(record.contact.last_contact_by),
    }, status=400 if request.method == "POST" else 200)


def _list(request):
    access = request.access
    scale = scale_for(request.local)
    worksites = list(organizing_worksites(access))
    form = RepListFilterForm(request.GET or None, worksites=worksites, scale=scale)
    qs = rep_list(access, **form.filters())
    query = request.GET.copy()
    query.pop("page", None)
    return form, qs, query.urlencode(), len(worksites) > 1


@local_view(Perm.ORGANIZE)
def rep_list_page(request):
    form, qs, query, many_sites = _list(request)
    page = Paginator(qs, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_levels(page.object_list, request.local)
    return render(request, "organizing/person_list.html", {
        "form": form, "page": page, "query": query, "many_sites": many_sites,
        "scale": scale_for(request.local),
    })


@local_view(Perm.ORGANIZE)
def walk_list(request):
    access = request.access
    form, qs, query, many_sites = _list(request)
    rows = with_levels(qs, request.local)
    for p in rows:
        p.show_phone = access.covers(Perm.VIEW_CONTACT, p.worksite_id)
    return render(request, "organizing/walk_list.html", {
        "form": form, "rows": rows, "query": query, "scale": scale_for(request.local),
    })


@local_view()
def invite(request):
    access = request.access
    if access.person_id is None:
        raise PermissionDenied
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        me = request.user.person
        referral = invite_coworker(me, name=form.cleaned_data["name"],
                                   email=form.cleaned_data["email"], by=request.user,
                                   base_url=request.build_absolute_uri("/"))
        if referral.invitee_email:
            messages.success(request, _("We emailed the join link to %(email)s.") % {
                "email": referral.invitee_email})
        return redirect(f"{request.path}?made={referral.token}")
    base = request.build_absolute_uri("/")
    referrals = list(my_referrals(access).select_related("joined")[:50])
    for r in referrals:
        r.link = join_link(r, base)
    made = next((r for r in referrals if r.token == request.GET.get("made")), None)
    return render(request, "organizing/invite.html", {
        "form": form, "referrals": referrals, "made": made,
    })
