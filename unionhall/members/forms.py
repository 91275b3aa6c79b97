from django import forms
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from unionhall.core.models import JobFamily
from unionhall.members.models import MembershipStatus


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    worksite = forms.TypedChoiceField(label=_("Worksite"), required=False, coerce=int,
                                      empty_value=None)
    status = forms.ChoiceField(label=_("Membership"), required=False,
                               choices=[("", _("Any"))] + MembershipStatus.choices)
    family = forms.ChoiceField(label=_("Job family"), required=False,
                               choices=[("", _("Any"))] + JobFamily.Code.choices)
    language = forms.ChoiceField(label=_("Language"), required=False,
                                 choices=[("", _("Any"))] + list(settings.LANGUAGES))

    def __init__(self, *args, worksites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worksite"].choices = [("", _("Any"))] + [(w.pk, w.name) for w in worksites]

    def worksite_options(self):
        """The worksite <option>s, joined in Python: a large local has thousands of worksites and
        rendering them one widget template at a time dominated the page."""
        selected = str(self["worksite"].value() or "")
        return format_html_join(
            "", "{}", ((format_html('<option value="{}"{}>{}</option>', value,
                                    " selected" if str(value) == selected else "", name),)
                       for value, name in self.fields["worksite"].choices),
        )
