"""The bargaining search page: one box over the contract, the transcripts, the proposals and the
updates (unionhall.bargaining.search). Everyone with standing in the local may search; each
reads only what they may read elsewhere. Any text in the box is safe: at worst it finds
nothing."""

from django import forms
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from unionhall.bargaining.search import KINDS, search
from unionhall.core.decorators import in_local_time, local_view

# The filter's values in the address, the kinds of hit they keep, and their labels.
FILTERS = {
    "all": (None, _("Everything")),
    "contract": (["section"], _("The contract")),
    "transcripts": (["segment"], _("Transcripts")),
    "proposals": (["proposal"], _("Proposals")),
    "updates": (["post"], _("Updates")),
}
KIND_FILTER = {"section": "contract", "segment": "transcripts", "proposal": "proposals",
               "post": "updates"}
KIND_LABELS = {"section": _("Contract"), "segment": _("Transcript"), "proposal": _("Proposal"),
               "post": _("Update")}
PER_PAGE = 20


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the contract, transcripts, proposals and updates"),
                        required=False, strip=True,
                        widget=forms.SearchInput(attrs={"placeholder": _("e.g. training, 7.3"),
                                                        "autocomplete": "off"}))
    kind = forms.ChoiceField(label=_("Look in"), required=False,
                             choices=[(value, label) for value, (_k, label) in FILTERS.items()])


@local_view()
@in_local_time
def bargaining_search(request):
    q = request.GET.get("q", "")
    q = q.replace("\x00", "") if isinstance(q, str) else ""
    kind = request.GET.get("kind", "all")
    if kind not in FILTERS:
        kind = "all"
    form = SearchForm({"q": q, "kind": kind})
    form.is_valid()
    q = form.cleaned_data.get("q", q.strip())
    result = search(request.access, q, kinds=FILTERS[kind][0], limit=PER_PAGE)
    shown = result.total if kind == "all" else sum(
        result.counts[k] for k in FILTERS[kind][0])
    tabs = [{"value": value, "label": label, "current": value == kind,
             "count": result.total if value == "all" else result.counts[kinds[0]],
             "url": "?" + urlencode({"q": q, "kind": value})}
            for value, (kinds, label) in FILTERS.items()]
    return render(request, "bargaining/search.html", {
        "form": form, "q": q, "kind": kind, "result": result, "tabs": tabs,
        "hits": [(hit, KIND_LABELS[hit.kind]) for hit in result.hits],
        "shown": shown, "more": shown > len(result.hits), "kinds": KINDS,
    })
