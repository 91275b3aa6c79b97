"""Forms of the communications pages. They parse; the actions decide."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from unionhall.comms import queries
from unionhall.comms.actions import MAX_BODY, MAX_SUBJECT
from unionhall.core.models import Worksite
from unionhall.members.models import MembershipStatus, Topic

MARKDOWN_HELP = _("Markdown: a blank line between paragraphs, *italics*, **bold**, "
                  "[a link](https://example.org), “- ” for a list. Pictures and HTML are not "
                  "shown.")
AUDIENCE_FIELDS = ("worksites", "job_families", "statuses", "languages", "roles")


def _worksite_label(site) -> str:
    return site.name


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=MAX_SUBJECT,
                              help_text=_("e.g. “Bus drivers: new route bids open Monday”."))
    topic = forms.ChoiceField(
        label=_("What it is about"), choices=Topic.choices,
        help_text=_("People who turned this topic off do not get it."))
    language = forms.ChoiceField(label=_("Written in"), choices=settings.LANGUAGES)
    body = forms.CharField(label=_("Message"), max_length=MAX_BODY,
                           widget=forms.Textarea(attrs={"rows": 14}), help_text=MARKDOWN_HELP)
    worksites = forms.ModelMultipleChoiceField(
        label=_("Worksites"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple)
    job_families = forms.ModelMultipleChoiceField(
        label=_("Job families"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple)
    statuses = forms.MultipleChoiceField(
        label=_("Membership status"), choices=MembershipStatus.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    languages = forms.MultipleChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES, required=False,
        widget=forms.CheckboxSelectMultiple)
    roles = forms.MultipleChoiceField(
        label=_("Role in the union"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(r.value, r.label) for r in queries.AUDIENCE_ROLES],
        help_text=_("Choosing a role writes to those who hold it, in the unit or not."))

    def __init__(self, *args, local, translations_for=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worksites"].queryset = queries.worksite_choices(local)
        self.fields["worksites"].label_from_instance = _worksite_label
        self.fields["job_families"].queryset = queries.job_family_choices()
        self.translation_languages = []
        names = dict(settings.LANGUAGES)
        for code in translations_for:
            self.fields[f"subject_{code}"] = forms.CharField(
                label=_("Subject in %(language)s") % {"language": names[code]},
                max_length=MAX_SUBJECT, required=False)
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Message in %(language)s") % {"language": names[code]},
                max_length=MAX_BODY, required=False,
                widget=forms.Textarea(attrs={"rows": 10, "lang": code}))
            self.fields[f"subject_{code}"].widget.attrs["lang"] = code
            self.translation_languages.append(
                (code, names[code], self[f"subject_{code}"], self[f"body_{code}"]))

    def worksite_groups(self):
        """The worksite checkboxes by kind of worksite (a local has a hundred or more)."""
        kinds = dict(Worksite.Kind.choices)
        chosen = {str(v) for v in (self["worksites"].value() or ())}
        groups: dict[str, dict] = {}
        for option in self["worksites"]:
            site = option.data["value"].instance
            group = groups.setdefault(site.kind, {"label": kinds.get(site.kind, site.kind),
                                                  "options": [], "chosen": 0})
            group["options"].append(option)
            if str(site.pk) in chosen:
                group["chosen"] += 1
        return list(groups.values())

    def values(self) -> dict:
        data = self.cleaned_data
        audience = {
            "worksites": [w.pk for w in data["worksites"]],
            "job_families": [f.pk for f in data["job_families"]],
            "statuses": list(data["statuses"]),
            "languages": list(data["languages"]),
            "roles": list(data["roles"]),
        }
        return {"subject": data["subject"], "topic": data["topic"],
                "language": data["language"], "body": data["body"], "audience": audience}

    def translations(self) -> dict:
        data = self.cleaned_data
        return {code: (data.get(f"subject_{code}", ""), data.get(f"body_{code}", ""))
                for code, *_rest in self.translation_languages}


class EmailPreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the emails"),
                                 choices=settings.LANGUAGES,
                                 help_text=_("Messages come in this language when the union "
                                             "wrote one in it."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for topic in Topic:
            self.fields[f"topic_{topic.value}"] = forms.BooleanField(
                label=topic.label, required=False)

    def topic_fields(self):
        return [self[f"topic_{topic.value}"] for topic in Topic]

    def topics(self) -> dict[str, bool]:
        return {topic.value: bool(self.cleaned_data[f"topic_{topic.value}"]) for topic in Topic}
