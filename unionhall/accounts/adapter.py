from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import PermissionDenied

from unionhall.core.mail import queue_email


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Accounts come from an invitation on a person's page, never from open sign-up.
        return False

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (body for body, kind in getattr(message, "alternatives", []) if kind == "text/html"),
            None,
        )
        queue_email(message.to, message.subject, message.body, html, message.from_email)

    def pre_login(self, request, user, **kwargs):
        # Demo accounts have published passwords: they sign in only where demo logins are on.
        if user.email.endswith("@" + settings.DEMO_EMAIL_DOMAIN) and not settings.DEMO_LOGINS:
            raise PermissionDenied
        return super().pre_login(request, user, **kwargs)
