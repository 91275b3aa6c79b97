"""The bargaining page: where things stand, for members and for the team."""

from django.db.models import Count
from django.shortcuts import render

from unionhall.bargaining import queries
from unionhall.bargaining.models import Comment, Proposal, SurveyResponse
from unionhall.core.decorators import in_local_time, local_view


@local_view()
@in_local_time
def bargaining_home(request):
    access = request.access
    by_status = dict(queries.proposals_for(access).order_by().values_list("status")
                     .annotate(n=Count("id")))
    context = {
        "contract": queries.contract_in_force(request.local),
        "sessions": queries.sessions_for(access)[:5],
        "posts": queries.posts_for(access).filter(status="published")[:3],
        "proposal_counts": [(label, by_status.get(value, 0))
                            for value, label in Proposal.Status.choices],
        "pending_agreements": queries.agreements_for(access).filter(contract=None).count(),
        "surveys": _open_surveys(request, access),
        "team": queries.is_team(access),
        "moderator": queries.can_publish_news(access),
    }
    if context["moderator"]:
        context["pending_comments"] = Comment.objects.filter(
            post__local=request.local, status=Comment.Status.PENDING).count()
    return render(request, "bargaining/home.html", context)


def _open_surveys(request, access) -> list[tuple]:
    """Surveys open now, each with whether the viewer has answered it."""
    from django.utils import timezone

    now = timezone.now()
    open_now = list(queries.surveys_for(access).filter(
        status="published", opens_at__lte=now, closes_at__gt=now))
    answered = set()
    if access.person_id and open_now:
        answered = set(SurveyResponse.objects.filter(
            survey__in=open_now, person_id=access.person_id).values_list("survey_id", flat=True))
    return [(s, s.id in answered) for s in open_now]
