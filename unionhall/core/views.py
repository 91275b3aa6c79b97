from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from unionhall.core.decorators import local_view
from unionhall.core.forms import AuditFilterForm
from unionhall.core.home import home_context
from unionhall.core.permissions import Perm
from unionhall.core.queries import audit_entries, audit_verbs


@login_required
def home(request):
    return render(request, "core/home.html", home_context(request))


@local_view(Perm.VIEW_AUDIT)
def audit_log(request):
    form = AuditFilterForm(request.GET or None, verbs=audit_verbs(request.access))
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entries(request.access, **{k: v for k, v in filters.items() if v})
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"form": form, "page": page})


@login_required
def mfa_required(request):
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = "/"
    return render(request, "core/mfa_required.html", {"next": next_url})


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
