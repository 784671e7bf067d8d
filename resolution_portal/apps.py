from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package as an app: hooks that belong to no domain app."""

    name = "resolution_portal"
    verbose_name = "Resolution Portal"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import start_activity_clock

        # Stamped at sign-in, the first page after it need not write the session.
        user_logged_in.connect(start_activity_clock, dispatch_uid="activity_clock")
