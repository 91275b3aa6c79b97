"""Email to members: officers write a message, choose its audience, preview who gets it and
send it (EMAIL_MEMBERS); a person chooses what they get (their own preferences page); anyone
with a signed link turns a topic off (unsubscribe, no sign-in)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unionhall.comms import actions, queries, sending
from unionhall.comms.forms import AUDIENCE_FIELDS, EmailPreferencesForm, MessageForm
from unionhall.comms.models import Message
from unionhall.comms.unsubscribe import read_token
from unionhall.core import markdown
from unionhall.core.decorators import in_local_time, local_view
from unionhall.core.permissions import Perm
from unionhall.members.models import Person, Topic

PAGE_SIZE = 25
PEOPLE_PAGE_SIZE = 50


def _data(request):
    """The posted data, or None for a GET (an empty POST is still a submitted form)."""
    return request.POST if request.method == "POST" else None


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _other_languages(message: Message) -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != message.language]


# --- messages: the list, writing ------------------------------------------------------------


@local_view(Perm.EMAIL_MEMBERS)
@require_GET
@in_local_time
def message_list(request):
    page = Paginator(queries.message_list(request.access), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "comms/message_list.html", {"page": page})


@local_view(Perm.EMAIL_MEMBERS)
@in_local_time
def message_new(request):
    local = request.local
    form = MessageForm(_data(request), local=local,
                       initial={"language": local.language or "en", "topic": Topic.EVENTS})
    if request.method == "POST" and form.is_valid():
        try:
            message = actions.create_message(local, by=request.user, **form.values())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Draft saved. Add a translation if you wrote one, "
                                        "then preview who it goes to."))
            return redirect("message_edit", local_slug=local.slug, pk=message.pk)
    return render(request, "comms/message_form.html", {"form": form, "message": None})


def _initial(message: Message) -> dict:
    initial = {f: getattr(message, f) for f in ("subject", "topic", "language", "body")}
    audience = message.audience or {}
    for field in AUDIENCE_FIELDS:
        initial[field] = list(audience.get(field) or ())
    for code, t in queries.translations(message).items():
        initial[f"subject_{code}"] = t.subject
        initial[f"body_{code}"] = t.body
    return initial


@local_view(Perm.EMAIL_MEMBERS)
@in_local_time
def message_edit(request, pk: int):
    message = queries.message_or_404(request.access, pk)
    if message.status != Message.Status.DRAFT:
        messages.info(request, _("This message has been sent: it can no longer be changed."))
        return redirect("message_detail", local_slug=request.local.slug, pk=message.pk)
    form = MessageForm(_data(request), local=request.local, initial=_initial(message),
                       translations_for=_other_languages(message))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_message(message, by=request.user, translations=form.translations(),
                                   **form.values())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved. The text as it will read is below."))
            return redirect(request.path + "#preview")
    return render(request, "comms/message_form.html", {
        "form": form, "message": message,
        "preview": mark_safe(markdown.render(message.body)),  # noqa: S308 (nh3-sanitized)
    })


# --- preview and send -------------------------------------------------------------------------


def _renders(message: Message) -> list[dict]:
    """The email as it will look in each language it exists in."""
    names = dict(settings.LANGUAGES)
    preferences = sending.preferences_url(message.local)
    out = []
    for code in queries.content_languages(message):
        with translation.override(code):
            placeholder = _("(each person's own unsubscribe link)")
        parts = sending.render_email(message, code, footer_language=code,
                                     unsubscribe=placeholder, preferences=preferences)
        out.append({"code": code, "name": names.get(code, code), **parts})
    return out


@local_view(Perm.EMAIL_MEMBERS)
@require_GET
@in_local_time
def message_preview(request, pk: int):
    message = queries.message_or_404(request.access, pk)
    if message.status != Message.Status.DRAFT:
        return redirect("message_detail", local_slug=request.local.slug, pk=message.pk)
    counts = queries.preview(message)
    no_email = Paginator(queries.no_email_people(message), PEOPLE_PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "comms/message_preview.html", {
        "message": message, "counts": counts, "no_email": no_email,
        "audience": queries.audience_labels(request.local, message.audience),
        "renders": _renders(message),
    })


@local_view(Perm.EMAIL_MEMBERS)
@require_POST
def message_send(request, pk: int):
    message = queries.message_or_404(request.access, pk)
    try:
        message = actions.send_message(message, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        view = "message_preview" if message.status == Message.Status.DRAFT else "message_detail"
        return redirect(view, local_slug=request.local.slug, pk=message.pk)
    text = _("On its way: %(queued)s emails are queued and go out over the next minutes.") % {
        "queued": message.n_queued}
    if message.n_no_email:
        text += " " + _("%(n)s people have no email address: they are listed below, to reach "
                        "another way.") % {"n": message.n_no_email}
    messages.success(request, text)
    return redirect("message_detail", local_slug=request.local.slug, pk=message.pk)


@local_view(Perm.EMAIL_MEMBERS)
@require_GET
@in_local_time
def message_detail(request, pk: int):
    message = queries.message_or_404(request.access, pk)
    problems = Paginator(queries.problem_deliveries(message), PEOPLE_PAGE_SIZE).get_page(
        request.GET.get("page"))
    for delivery in problems:
        delivery.uncertain = queries.is_uncertain(delivery)
    names = dict(settings.LANGUAGES)
    return render(request, "comms/message_detail.html", {
        "message": message, "problems": problems,
        "audience": queries.audience_labels(request.local, message.audience),
        "written_in": [names.get(c, c) for c in queries.content_languages(message)],
        "uncertain_minutes": int(queries.UNCERTAIN_AFTER.total_seconds() // 60),
    })


# --- a person's own preferences ---------------------------------------------------------------


@local_view()
def email_preferences(request):
    if request.access.person_id is None:
        raise PermissionDenied
    person = queries.own_person(request.access)
    initial = {"language": person.language}
    initial.update({f"topic_{t}": wants for t, wants in queries.wanted_topics(person).items()})
    form = EmailPreferencesForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_email_preferences(person, topics=form.topics(),
                                          language=form.cleaned_data["language"],
                                          by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved. We will write to you about what you chose."))
            return redirect("email_preferences", local_slug=request.local.slug)
    return render(request, "comms/email_preferences.html", {
        "form": form, "email": queries.email_of(person)})


# --- one-click unsubscribe (a signed link, no sign-in) --------------------------------------


def _page_language(request, person: Person) -> str:
    """The visitor's chosen language if they picked one on the site, else the person's."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    codes = {code for code, _name in settings.LANGUAGES}
    if chosen in codes:
        return chosen
    return person.language if person.language in codes else settings.LANGUAGE_CODE


@csrf_exempt  # RFC 8058: mail clients POST with no token; the signed link is the authority.
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET asks (mail scanners open links: a GET changes nothing); POST turns the topic off,
    from the page's button or from a mail client's one-click POST."""
    parsed = read_token(token)
    person = None
    if parsed is not None:
        person = Person.objects.select_related("local").filter(pk=parsed[0]).first()
    if person is None:
        return render(request, "comms/unsubscribe_invalid.html", status=404)
    topic = parsed[1]
    with translation.override(_page_language(request, person)):
        context = {"person": person, "local": person.local, "topic": Topic(topic).label,
                   "preferences_url": sending.preferences_url(person.local)}
        if request.method == "POST":
            actions.unsubscribe(person, topic, by=None)
            response = render(request, "comms/unsubscribe_done.html", context)
        else:
            response = render(request, "comms/unsubscribe.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response
