from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "recommendations"
    verbose_name = _("Recommendations and progress")

    def ready(self) -> None:
        from resolution_portal.page_cache import data_changed
        from stakeholders.models import AddresseeGroup, Organisation

        from . import page_scopes
        from .models import Assignment, Recommendation, Resolution, StatusUpdate

        # Whatever the public pages show, changed anywhere (the admin above all),
        # makes the cached pages that show it stale: page_scopes.py says which.
        # The receivers do nothing else.
        assignment = page_scopes.assignment_changed
        update = page_scopes.update_changed
        receivers = [
            (Resolution, data_changed, data_changed),
            (Organisation, data_changed, data_changed),
            (AddresseeGroup, data_changed, data_changed),
            (Recommendation, page_scopes.recommendation_saved, data_changed),
            (Assignment, assignment, assignment),
            (StatusUpdate, update, update),
        ]
        for model, saved, deleted in receivers:
            uid = f"pages-{model._meta.label}"
            post_save.connect(saved, sender=model, dispatch_uid=uid)
            post_delete.connect(deleted, sender=model, dispatch_uid=f"{uid}-deleted")
        pre_save.connect(
            page_scopes.recommendation_saving,
            sender=Recommendation,
            dispatch_uid="pages-recommendation-before",
        )
        m2m_changed.connect(
            page_scopes.responsible_changed,
            sender=Recommendation.responsible.through,
            dispatch_uid="pages-responsible",
        )
