"""Work the grievance pages hand to the task worker."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def send_deadline_reminder(reminder_id: int) -> int:
    """Email one reminder to the case's stewards, each in their language. The sent mark is set
    under a row lock, so a task run twice (a worker restarted mid-run) sends once."""
    from unionhall.grievances.actions.reminders import recipients
    from unionhall.grievances.models import Reminder, StepRule

    with transaction.atomic():
        reminder = (Reminder.objects.select_for_update()
                    .select_related("grievance__local").filter(pk=reminder_id).first())
        if reminder is None or reminder.sent_at is not None or reminder.skipped:
            return 0
        case = reminder.grievance
        step = StepRule.objects.filter(local=case.local_id, position=reminder.position).first()
        url = settings.SITE_URL + reverse("grievance_detail", kwargs={
            "local_slug": case.local.slug, "number": case.number})
        sent = 0
        for user in recipients(case):
            person = getattr(user, "person", None)
            language = person.language if person is not None else case.local.language
            with translation.override(language):
                params = {"number": case.number, "title": case.title,
                          "step": step.name if step else reminder.position,
                          "due": formats.date_format(reminder.due_on, "DATE_FORMAT"),
                          "url": url}
                if reminder.days_before == 0:
                    subject = _("Due today: grievance %(number)s, %(step)s") % params
                elif reminder.days_before == 1:
                    subject = _("Due tomorrow (next working day): grievance %(number)s, "
                                "%(step)s") % params
                else:
                    subject = (_("Due in %(n)s working days: grievance %(number)s, %(step)s")
                               % {**params, "n": reminder.days_before})
                body = _("Grievance %(number)s (%(title)s): %(step)s is due on %(due)s.\n\n"
                         "Open the case: %(url)s\n") % params
            sent += EmailMultiAlternatives(subject=subject, body=body, to=[user.email]).send()
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["sent_at"])
        return sent
