"""Forms of the survey pages. They parse; the actions decide (ranks, choices, the window)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from unionhall.bargaining.actions.survey import MAX_QUESTIONS, MAX_WRITTEN, ordinal
from unionhall.bargaining.models import Question

LOCAL_DATETIME = {"type": "datetime-local"}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _when(label, help_text=""):
    return forms.DateTimeField(
        label=label, help_text=help_text,
        widget=forms.DateTimeInput(attrs=LOCAL_DATETIME, format=DATETIME_FORMAT))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class SurveyForm(forms.Form):
    """Times are entered and shown in the local's time zone (the view activates it). Once the
    survey is published (`frozen`), the priorities are not on the form."""

    title = forms.CharField(label=_("Title"), max_length=200,
                            help_text=_("For example: “2027 bargaining priorities”."))
    intro = forms.CharField(
        label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the survey is for and how the team will use the answers."))
    opens_at = _when(_("Opens"))
    closes_at = _when(_("Closes"), help_text=_("Members see the results once it closes."))
    priorities = forms.CharField(
        label=_("Priorities to rank"), required=False, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One per line, e.g. “Wages”, “Paid training time”. People rank them from "
                    "1st (most important) down."))

    def __init__(self, *args, frozen: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if frozen:
            del self.fields["priorities"]

    def clean_priorities(self):
        return _lines(self.cleaned_data["priorities"])


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=500, required=False,
                           help_text=_("Leave empty to leave the question out."))
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=Question.Kind.choices,
                             initial=Question.Kind.CHOICE)
    choices = forms.CharField(
        label=_("Choices"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For “One choice”: the answers people choose from, one per line."))
    required = forms.BooleanField(label=_("An answer is required"), required=False)

    def clean_choices(self):
        return _lines(self.cleaned_data["choices"])


QuestionFormSet = forms.formset_factory(QuestionForm, extra=2, max_num=MAX_QUESTIONS,
                                        validate_max=True)


def questions_from(formset) -> list[dict]:
    return [f.cleaned_data for f in formset.forms
            if f.cleaned_data and (f.cleaned_data.get("text") or "").strip()]


def questions_initial(survey) -> list[dict]:
    return [{"text": q.text, "kind": q.kind, "choices": "\n".join(q.choices),
             "required": q.required} for q in survey.questions.all()]


SCALE_LABELS = (
    ("1", _("1 (lowest)")), ("2", "2"), ("3", "3"), ("4", "4"), ("5", _("5 (highest)")),
)


class AnswerForm(forms.Form):
    """One select per priority ("1st" … "nth", or not ranked) and a field per question."""

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        priorities = survey.priority_list
        rank_choices = [("", _("Not ranked"))] + [
            (str(i), ordinal(i)) for i in range(1, len(priorities) + 1)]
        self.rank_names = []
        for p in priorities:
            name = f"p{p.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=p.label, choices=rank_choices, required=False, coerce=int,
                empty_value=None)
            self.rank_names.append(name)
        self.question_names = []
        for q in survey.question_list:
            name = f"q{q.pk}"
            if q.kind == Question.Kind.CHOICE:
                field = forms.ChoiceField(choices=[(c, c) for c in q.choices],
                                          widget=forms.RadioSelect)
            elif q.kind == Question.Kind.SCALE:
                field = forms.ChoiceField(choices=SCALE_LABELS, widget=forms.RadioSelect)
            else:
                field = forms.CharField(max_length=MAX_WRITTEN,
                                        widget=forms.Textarea(attrs={"rows": 4}))
            field.label = q.text
            field.required = q.required
            if not q.required:
                field.help_text = _("Optional.")
            self.fields[name] = field
            self.question_names.append((name, q.kind))

    @property
    def rank_fields(self):
        return [self[name] for name in self.rank_names]

    @property
    def question_fields(self):
        return [(self[name], kind) for name, kind in self.question_names]

    def ranks(self) -> dict[int, int]:
        return {int(name[1:]): self.cleaned_data[name] for name in self.rank_names
                if self.cleaned_data.get(name)}

    def answers(self) -> dict[int, str]:
        return {int(name[1:]): self.cleaned_data.get(name) or ""
                for name, _kind in self.question_names}

    @staticmethod
    def initial_from(ranks: dict, answers: dict) -> dict:
        initial = {f"p{pid}": str(rank) for pid, rank in ranks.items()}
        initial.update({f"q{qid}": value for qid, value in answers.items()})
        return initial
