"""Which cached public pages a change makes stale (resolution_portal/page_cache.py).

- an update published (saved or deleted while published), a recommendation
  saved: the recommendation's scopes;
- an organisation made responsible or no longer (an assignment created or
  deleted, `responsible.add/remove`): the recommendation's and that
  organisation's;
- an update awaiting review or returned, saved: none, the public never sees it;
- anything else (a recommendation deleted or moved to another resolution, an
  assignment edited, a resolution, an organisation, a group): every page
  (`global`), for rare edits or names that show everywhere.

A recommendation's scopes: `rec:<id>`, `res:<its resolution's slug>`,
`org:<slug>` of each organisation responsible for it, `lists`, and `front` when
its resolution is the one the front page shows.
"""

from django.db.models import Q

from resolution_portal import page_cache
from stakeholders.models import Organisation

from .models import Recommendation, Resolution, ReviewState


def recommendation_scopes(
    recommendation_id: int, organisation_ids: tuple[int, ...] = ()
) -> list[str] | None:
    """The scopes of a recommendation's pages, with those of `organisation_ids`
    besides its responsible organisations; None when it is gone."""
    found = (
        Recommendation.objects.filter(pk=recommendation_id)
        .values_list("resolution_id", "resolution__slug")
        .first()
    )
    if found is None:
        return None
    resolution_id, slug = found
    organisations = Organisation.objects.filter(
        Q(assignments__recommendation_id=recommendation_id) | Q(pk__in=organisation_ids)
    ).values_list("slug", flat=True)
    scopes = [f"rec:{recommendation_id}", f"res:{slug}", page_cache.LISTS]
    scopes += [f"org:{organisation}" for organisation in organisations.distinct()]
    current = Resolution.objects.current()
    if current is not None and current.pk == resolution_id:
        scopes.append(page_cache.FRONT)
    return scopes


def bump_recommendation(
    recommendation_id: int, organisation_ids: tuple[int, ...] = ()
) -> None:
    """Make stale the pages that show this recommendation; every page when it
    is gone (its deletion cascades from a resolution's)."""
    scopes = recommendation_scopes(recommendation_id, organisation_ids)
    page_cache.bump(*(scopes or [page_cache.GLOBAL]))


def recommendation_saving(sender, instance, **kwargs) -> None:
    """`pre_save`: remember the resolution it was in, should an edit move it."""
    if instance.pk is not None:
        instance._resolution_before = (
            Recommendation.objects.filter(pk=instance.pk)
            .values_list("resolution_id", flat=True)
            .first()
        )


def recommendation_saved(sender, instance, **kwargs) -> None:
    before = getattr(instance, "_resolution_before", None)
    if before is not None and before != instance.resolution_id:
        page_cache.bump_data_version()  # moved: the old resolution's pages too
    else:
        bump_recommendation(instance.pk)


def assignment_changed(sender, instance, created: bool = True, **kwargs) -> None:
    """`post_save` and `post_delete`: an edit may move the assignment from one
    organisation to another, and the old one is not known here."""
    if not created:
        page_cache.bump_data_version()
        return
    bump_recommendation(instance.recommendation_id, (instance.organisation_id,))


def responsible_changed(sender, instance, action: str, pk_set=None, **kwargs) -> None:
    """`m2m_changed` of `Recommendation.responsible`."""
    if not action.startswith("post_"):
        return
    if isinstance(instance, Recommendation) and pk_set is not None:
        bump_recommendation(instance.pk, tuple(pk_set))
    else:  # from the organisation's side, or cleared: who knows which
        page_cache.bump_data_version()


def update_changed(sender, instance, **kwargs) -> None:
    """`post_save` and `post_delete` of a status update: only a published one
    shows on the public pages."""
    if instance.state == ReviewState.PUBLISHED:
        bump_recommendation(instance.recommendation_id, (instance.organisation_id,))
