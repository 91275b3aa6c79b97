from django import forms
from django.utils.translation import gettext_lazy as _

from unionhall.members.models import DuesPolicy, DuesRate


class JoinPageForm(forms.Form):
    intro_en = forms.CharField(label=_("Why join (English)"), required=False,
                               widget=forms.Textarea(attrs={"rows": 6}))
    intro_es = forms.CharField(label=_("Why join (Spanish)"), required=False,
                               widget=forms.Textarea(attrs={"rows": 6}))


class TermsForm(forms.Form):
    text_en = forms.CharField(label=_("Terms and conditions (English)"),
                              widget=forms.Textarea(attrs={"rows": 10}))
    text_es = forms.CharField(label=_("Terms and conditions (Spanish)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 10}))


class DuesPolicyForm(forms.ModelForm):
    class Meta:
        model = DuesPolicy
        fields = ["year_start_month", "year_start_day", "pay_periods", "proration",
                  "revocation_opens_days", "revocation_closes_days",
                  "auto_approve_on_employee_id"]


class DuesRateForm(forms.ModelForm):
    yearly = forms.DecimalField(label=_("Yearly amount ($)"), min_value=0, max_digits=9,
                                decimal_places=2)

    class Meta:
        model = DuesRate
        fields = ["category", "label", "min_fte", "max_fte", "effective_from",
                  "effective_until"]
        widgets = {"effective_from": forms.DateInput(attrs={"type": "date"}),
                   "effective_until": forms.DateInput(attrs={"type": "date"})}


class PrivacyForm(forms.Form):
    reps_see_home_addresses = forms.BooleanField(
        label=_("Building reps and stewards see the home addresses of the people at their "
                "worksites (for home visits)"), required=False)
