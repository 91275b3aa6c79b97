"""Forms of the contract pages. They parse; the actions decide (the text, the name, the dates)."""

from pathlib import PurePath

from django import forms
from django.utils.translation import gettext_lazy as _

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_BYTES = 2 * 1024 * 1024
FILE_TYPES = (".txt",)


class ContractForm(forms.Form):
    name = forms.CharField(label=_("Version"), max_length=60,
                           help_text=_("The years it covers, e.g. “2024–2027”. It becomes part "
                                       "of the version's address."))
    title = forms.CharField(label=_("Title"), max_length=300, required=False,
                            help_text=_("e.g. “Agreement between the Lakeview ESP Association "
                                        "and the Lakeview School District”."))
    starts_on = forms.DateField(label=_("In force from"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Expires"), required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", _("A version expires after it comes into force."))
        return data


class ContractTextForm(ContractForm):
    """The version and its text: a .txt file or the text pasted. Also the edit form of a
    draft, where the text is optional (left empty, the text stays as it is)."""

    file = forms.FileField(
        label=_("Upload the contract as a text file"), required=False,
        help_text=_("A .txt file in UTF-8, up to 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(FILE_TYPES)}))
    text = forms.CharField(
        label=_("Or paste its text"), required=False, strip=False, max_length=MAX_BYTES,
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "false"}))

    def __init__(self, *args, text_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.text_required = text_required
        if not text_required:
            self.fields["file"].label = _("Replace the text with a file")
            self.fields["text"].label = _("Or paste the new text")
            self.fields["text"].help_text = _("Leave both empty to keep the text as it is.")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if PurePath(upload.name).suffix.lower() not in FILE_TYPES:
            raise forms.ValidationError(_("Upload a plain-text .txt file. From a word "
                                          "processor, use “Save as… Plain text (.txt)”, "
                                          "encoding UTF-8."))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB: is it really the text "
                                          "of the contract?"))
        raw = upload.read()
        if b"\x00" in raw:
            raise forms.ValidationError(_("The file is not plain text (it may be a word "
                                          "processor file or UTF-16): save it as plain text in "
                                          "UTF-8 and upload it again."))
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text: save it as plain text "
                                          "with the encoding UTF-8 (“Unicode”) and upload it "
                                          "again.")) from None

    def clean(self):
        data = super().clean()
        if data.get("file"):
            data["text"] = data["file"]
        elif not (data.get("text") or "").strip():
            data["text"] = ""
            if self.text_required and "file" not in self.errors:
                raise forms.ValidationError(_("Upload the contract's text file or paste its "
                                              "text."))
        return data
