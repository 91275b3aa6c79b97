"""Forms of the proposal and agreement pages. They parse; the actions decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from unionhall.bargaining.models import Proposal, Side

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT_HELP = _("Written as in the contract: the article's opening text, then each section on a "
              "line of its own starting with its number, e.g. “7.1 Sick Leave”, and its text "
              "below. Leave a blank line between paragraphs.")


class ProposalFilterForm(forms.Form):
    side = forms.ChoiceField(label=_("Side"), required=False,
                             choices=[("", _("Both sides"))] + list(Side.choices))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status"))] + list(Proposal.Status.choices))
    article = forms.ChoiceField(label=_("Article"), required=False, choices=[])

    def __init__(self, *args, numbers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].choices = [("", _("Every article"))] + [
            (n, _("Article %(number)s") % {"number": n}) for n in numbers]


class ProposalForm(forms.Form):
    side = forms.ChoiceField(label=_("Proposed by"), choices=Side.choices,
                             initial=Side.UNION)
    article_number = forms.CharField(
        label=_("Article number"), max_length=10,
        help_text=_("The article of the contract in force it amends, in digits. A number the "
                    "contract does not have proposes a new article."))
    title = forms.CharField(label=_("Article title"), max_length=200, required=False,
                            help_text=_("Needed for a new article; otherwise only if the "
                                        "proposal changes the title."))
    text = forms.CharField(label=_("Proposed text of the whole article"), required=False,
                           widget=forms.Textarea(attrs={"rows": 18}), help_text=TEXT_HELP)
    rationale = forms.CharField(label=_("Why (the rationale)"), required=False,
                                widget=forms.Textarea(attrs={"rows": 4}))
    presented_on = forms.DateField(label=_("Presented at the table on"), required=False,
                                   widget=DATE,
                                   help_text=_("Leave empty for a proposal not presented "
                                               "yet."))
    session = forms.ModelChoiceField(label=_("Bargaining session"), required=False,
                                     queryset=None, empty_label=_("None"))
    published = forms.BooleanField(label=_("Publish to members now"), required=False,
                                   help_text=_("Until published, only the bargaining team "
                                               "sees it."))

    def __init__(self, *args, sessions, fixed: bool = False, editing: bool = False,
                 sides=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["session"].label_from_instance = (
            lambda s: f"{s.held_on:%Y-%m-%d}" + (f" · {s.title}" if s.title else ""))
        if sides is not None:
            self.fields["side"].choices = [c for c in Side.choices if c[0] in sides]
        if fixed:
            # A counter-proposal: the article is the one it answers.
            self.fields["article_number"].disabled = True
        if editing:
            del self.fields["side"]
            del self.fields["published"]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=[
        (Proposal.Status.OPEN, Proposal.Status.OPEN.label),
        (Proposal.Status.WITHDRAWN, Proposal.Status.WITHDRAWN.label),
        (Proposal.Status.REJECTED, Proposal.Status.REJECTED.label)])

    def __init__(self, *args, current: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if current is not None:
            # Offer what would change it ("open" stands for "countered" too).
            same = {current} | ({Proposal.Status.OPEN}
                                if current == Proposal.Status.COUNTERED else set())
            self.fields["status"].choices = [c for c in self.fields["status"].choices
                                             if c[0] not in same]


class AgreementForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    union_signer = forms.CharField(label=_("Signed for the union by"), max_length=200)
    district_signer = forms.CharField(label=_("Signed for the district by"), max_length=200)
    title = forms.CharField(label=_("Article title"), max_length=200, required=False)
    text = forms.CharField(label=_("Agreed text of the whole article"), required=False,
                           widget=forms.Textarea(attrs={"rows": 18}),
                           help_text=_("As both sides signed it. Leave it empty only if the "
                                       "agreement removes the article."))
    replace = forms.BooleanField(label=_("Replace the earlier agreement on this article"),
                                 required=False)

    def __init__(self, *args, earlier=None, **kwargs):
        super().__init__(*args, **kwargs)
        if earlier is None:
            del self.fields["replace"]


class RatifyForm(forms.Form):
    name = forms.CharField(label=_("Name of the new version"), max_length=60,
                           help_text=_("E.g. “2026–2029”."))
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    starts_on = forms.DateField(label=_("In force from"), widget=DATE)
    ends_on = forms.DateField(label=_("Expires"), widget=DATE, required=False)
    ratified_on = forms.DateField(label=_("Ratified by the members on"), widget=DATE)
    election = forms.ModelChoiceField(label=_("Ratification vote"), required=False,
                                      queryset=None, empty_label=_("No vote on record here"))

    def __init__(self, *args, elections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["election"].queryset = elections
        self.fields["election"].label_from_instance = (
            lambda e: e.title if e.published_at
            else _("%(title)s (results not published yet)") % {"title": e.title})
