"""Forms of the payroll page and the person page's resign and lapse buttons."""

from django import forms
from django.utils.translation import gettext_lazy as _

from unionhall.members import payroll


class PayDateForm(forms.Form):
    pay_date = forms.DateField(label=_("Pay date"), widget=forms.DateInput(attrs={"type": "date"}))


class RemittanceForm(forms.Form):
    pay_date = forms.DateField(label=_("Pay date"), widget=forms.DateInput(attrs={"type": "date"}))
    file = forms.FileField(label=_("Remittance file (CSV)"),
                           help_text=_("An employee id column and an amount column, e.g. "
                                       "\"Employee ID\" and \"Amount\"."))


class ResolveForm(forms.Form):
    note = forms.CharField(label=_("How it was resolved"), max_length=300)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)
    on = forms.DateField(label=_("Asked on"), required=False,
                         widget=forms.DateInput(attrs={"type": "date"}),
                         help_text=_("The date of the member's letter; today if left empty."))
    release = forms.BooleanField(label=_("Release from the card now, before its revocation "
                                         "window"), required=False)


class LayoutForm(forms.Form):
    deduction_code = forms.CharField(label=_("Deduction code"), max_length=20)
    columns = forms.CharField(
        label=_("Columns, in order"), max_length=300,
        help_text=_("Comma-separated, from: %(keys)s. Add a header after a colon, e.g. "
                    "\"employee_id:EMP NO\".") % {"keys": ", ".join(payroll.COLUMNS)})
    amount_format = forms.ChoiceField(label=_("Amount format"), choices=[
        ("dollars", _("Dollars (12.34)")), ("cents", _("Cents (1234)"))])
    include_header = forms.BooleanField(label=_("Header row"), required=False)

    def cleaned_columns(self) -> list[list[str]]:
        pairs = []
        for part in self.cleaned_data["columns"].split(","):
            key, _sep, header = part.strip().partition(":")
            if key.strip():
                pairs.append([key.strip(), header.strip()])
        return pairs


def layout_initial(layout) -> dict:
    return {
        "deduction_code": layout.deduction_code,
        "columns": ", ".join(f"{key}:{header}" for key, header in layout.columns),
        "amount_format": layout.amount_format, "include_header": layout.include_header,
    }
