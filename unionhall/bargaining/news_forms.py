"""Forms of the updates pages. They parse; the actions decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from unionhall.bargaining import news_queries
from unionhall.bargaining.actions.news import MAX_COMMENT
from unionhall.bargaining.models import Post
from unionhall.core.templatetags.unionhall import day

MARKDOWN_HELP = _("Markdown: a blank line between paragraphs, *italics*, **bold**, "
                  "[a link](https://example.org), “> ” before a line to quote, “- ” for a "
                  "list. Pictures and HTML are not shown.")


class PostForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200,
                            help_text=_("e.g. “What we heard at the table on March 3”."))
    kind = forms.ChoiceField(label=_("Kind"), choices=Post.Kind.choices,
                             initial=Post.Kind.BARGAINING,
                             help_text=_("Members who want them get bargaining updates by "
                                         "email when first published."))
    audience = forms.ChoiceField(label=_("Who may read it"), choices=Post.Audience.choices,
                                 initial=Post.Audience.PUBLIC, widget=forms.RadioSelect)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 14}),
                           help_text=MARKDOWN_HELP)
    comments_open = forms.BooleanField(label=_("Members may comment"), required=False,
                                       initial=True)
    sessions = forms.ModelMultipleChoiceField(
        label=_("Bargaining sessions it is about"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple)
    articles = forms.ModelMultipleChoiceField(
        label=_("Contract articles it is about"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, access, post=None, **kwargs):
        super().__init__(*args, **kwargs)
        sessions = self.fields["sessions"]
        sessions.queryset = news_queries.session_choices(access)
        sessions.label_from_instance = _session_label
        articles = self.fields["articles"]
        articles.queryset = news_queries.article_choices(access.local, post)
        articles.label_from_instance = _article_label


def _session_label(session) -> str:
    label = day(session.held_on)
    if session.title:
        label = f"{label}: {session.title}"
    if not session.published:
        label = f"{label} ({_('draft, team only')})"
    return label


def _article_label(article) -> str:
    label = _("Article %(number)s") % {"number": article.number}
    if article.title:
        label = f"{label}: {article.title}"
    if article.contract.status != "in_force":
        label = f"{label} ({article.contract.name})"
    return label


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), max_length=MAX_COMMENT,
                           widget=forms.Textarea(attrs={"rows": 6}), help_text=MARKDOWN_HELP)


class ModerateForm(forms.Form):
    decision = forms.ChoiceField(choices=[("publish", _("Publish")), ("reject", _("Reject"))])


class NewsSettingsForm(forms.Form):
    hold_comments = forms.BooleanField(
        label=_("Hold members' comments for approval before they appear"), required=False,
        help_text=_("Unticked: comments appear as soon as they are posted; moderators can "
                    "still take one down."))


class KindFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Show"), required=False,
                             choices=[("", _("All posts")), *Post.Kind.choices])

