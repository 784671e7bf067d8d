from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "recommendations"
    verbose_name = _("Recommendations and progress")

    def ready(self) -> None:
        from resolution_portal.page_cache import data_changed
        from stakeholders.models import AddresseeGroup, Organisation

        from .models import Assignment, Recommendation, Resolution, StatusUpdate

        # Whatever the public pages show, changed anywhere (the admin above all),
        # makes the cached pages stale. The receivers do nothing else.
        for model in (
            Resolution,
            Recommendation,
            Assignment,
            StatusUpdate,
            Organisation,
            AddresseeGroup,
        ):
            post_save.connect(data_changed, sender=model, dispatch_uid=f"pages-{model}")
            post_delete.connect(
                data_changed, sender=model, dispatch_uid=f"pages-del-{model}"
            )
        m2m_changed.connect(
            data_changed,
            sender=Recommendation.responsible.through,
            dispatch_uid="pages-responsible",
        )
