from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionhall.members.models import MembershipStatus
from unionhall.organizing.models import Conversation
from unionhall.organizing.queries import SORT_CHOICES, issue_choices, user_label


class ConversationForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(label=_("How"), choices=Conversation.Channel.choices,
                                widget=forms.RadioSelect)
    issues = forms.MultipleChoiceField(label=_("Issues raised"), required=False,
                                       widget=forms.CheckboxSelectMultiple)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, local, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("on", timezone.localdate())
        kwargs["initial"].setdefault("channel", Conversation.Channel.IN_PERSON)
        super().__init__(*args, prefix="conv", **kwargs)
        self.fields["issues"].choices = issue_choices(local)


class AssessmentForm(forms.Form):
    value = forms.TypedChoiceField(label=_("Assessment"), coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, scale, **kwargs):
        super().__init__(*args, prefix="assess", **kwargs)
        self.fields["value"].choices = [
            (level["value"], f'{level["value"]} · {level["label"]}') for level in scale]


class NextStepForm(forms.Form):
    owner = forms.TypedChoiceField(label=_("Owner"), required=False, coerce=int,
                                   empty_value=None)
    next_step = forms.CharField(label=_("Next step"), required=False, max_length=300)
    due = forms.DateField(label=_("Due"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))
    follow_up = forms.BooleanField(label=_("Needs follow-up"), required=False)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, prefix="next", **kwargs)
        self.owners = {u.pk: u for u in owners}
        self.fields["owner"].choices = [("", _("No one"))] + [
            (pk, user_label(u)) for pk, u in self.owners.items()]

    def clean_owner(self):
        pk = self.cleaned_data["owner"]
        return self.owners.get(pk) if pk else None


class RepListFilterForm(forms.Form):
    worksite = forms.TypedChoiceField(label=_("Worksite"), required=False, coerce=int,
                                      empty_value=None)
    assessment = forms.ChoiceField(label=_("Assessment"), required=False)
    status = forms.ChoiceField(label=_("Membership"), required=False,
                               choices=[("", _("Any"))] + MembershipStatus.choices)
    follow_up = forms.BooleanField(label=_("Needs follow-up"), required=False)
    days = forms.IntegerField(label=_("Not contacted in (days)"), required=False, min_value=0,
                              max_value=3650)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, worksites, scale, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worksite"].choices = [("", _("Any"))] + [(w.pk, w.name) for w in worksites]
        self.fields["assessment"].choices = (
            [("", _("Any")), ("none", _("Not assessed"))]
            + [(str(level["value"]), f'{level["value"]} · {level["label"]}') for level in scale])

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "worksite_id": data.get("worksite"),
            "assessment": data.get("assessment", ""),
            "status": data.get("status", ""),
            "follow_up": bool(data.get("follow_up")),
            "not_contacted_days": data.get("days"),
            "sort": data.get("sort") or "assessment",
        }


class InviteForm(forms.Form):
    name = forms.CharField(label=_("Your coworker's name"), required=False, max_length=200)
    email = forms.EmailField(label=_("Their personal email (optional)"), required=False,
                             help_text=_("Leave it empty to copy the link into a text message "
                                         "instead."))
