from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package as an app: hooks that belong to no domain app."""

    name = "resolution_portal"
    verbose_name = "Resolution Portal"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from .middleware import start_activity_clock
        from .security import count_failure, remember_browser

        # Stamped at sign-in, the first page after it need not write the session.
        user_logged_in.connect(start_activity_clock, dispatch_uid="activity_clock")
        # The per-account slow-down (security.py) beside django-axes' lockout.
        user_login_failed.connect(count_failure, dispatch_uid="account_failures")
        user_logged_in.connect(remember_browser, dispatch_uid="trusted_browser")
