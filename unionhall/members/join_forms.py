from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from unionhall.core.models import JobClass, Worksite
from unionhall.members.models import Application

FTE_CHOICES = [("1", _("Full time (1.0)")), ("0.875", "0.875"), ("0.75", "0.75"),
               ("0.625", "0.625"), ("0.5", _("Half time (0.5)")), ("0.375", "0.375"),
               ("0.25", "0.25")]


class DuesForm(forms.Form):
    """The visitor's job and FTE, for the dues the join page shows."""

    job_class = forms.ModelChoiceField(label=_("Your job"), queryset=JobClass.objects.none(),
                                       required=False, empty_label=_("Choose your job"))
    fte = forms.TypedChoiceField(label=_("Your FTE (share of a full-time position)"),
                                 choices=FTE_CHOICES, coerce=Decimal, initial="1")

    def __init__(self, *args, local, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job_class"].queryset = JobClass.objects.filter(local=local)


class JoinForm(forms.ModelForm):
    fte = forms.TypedChoiceField(label=_("Your FTE (share of a full-time position)"),
                                 choices=FTE_CHOICES, coerce=Decimal, initial="1")
    consent = forms.BooleanField(
        label=_("I have read the terms and conditions, and I authorize the dues deduction "
                "described above."), required=True)
    terms_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Application
        fields = ["legal_first_name", "legal_last_name", "preferred_name", "personal_email",
                  "mobile_phone", "street", "city", "state", "postal_code", "language",
                  "worksite", "job_class", "fte", "employee_id", "typed_name"]
        widgets = {"personal_email": forms.EmailInput(attrs={"autocomplete": "email"}),
                   "mobile_phone": forms.TextInput(attrs={"autocomplete": "tel",
                                                          "inputmode": "tel"})}
        help_texts = {
            "employee_id": _("If you know it; it helps us find you on the district's roster."),
            "personal_email": _("Not your work email: we send your signed card here."),
            "typed_name": _("Type your full legal name to sign."),
        }

    def __init__(self, *args, local, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worksite"].queryset = Worksite.objects.filter(local=local)
        self.fields["worksite"].required = True
        self.fields["job_class"].queryset = JobClass.objects.filter(local=local)
        self.fields["job_class"].required = True
        self.fields["language"].choices = settings.LANGUAGES
        for name in ("legal_first_name", "legal_last_name"):
            self.fields[name].widget.attrs["autocomplete"] = (
                "given-name" if "first" in name else "family-name")

    def clean(self):
        data = super().clean()
        if not data.get("personal_email") and not data.get("mobile_phone"):
            raise forms.ValidationError(_("Give us a personal email or a mobile phone so we can "
                                          "reach you."))
        typed = " ".join((data.get("typed_name") or "").casefold().split())
        last = (data.get("legal_last_name") or "").casefold().strip()
        if typed and last and last not in typed:
            self.add_error("typed_name", _("Your signature should be your full legal name."))
        return data
