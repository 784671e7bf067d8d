"""The Atom feed of published reports: what changed, newest first."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from ..models import FEED_ORDER, StatusUpdate
from ..validators import without_control_characters
from .links import portal_url

FEED_SIZE = 50


class PlainAtomFeed(Atom1Feed):
    """Drops control characters, which XML cannot hold: one in a report that
    came in before they were refused would break the feed for every visitor."""

    def add_item(self, **kwargs) -> None:
        super().add_item(
            **{
                name: without_control_characters(value)
                if isinstance(value, str)
                else value
                for name, value in kwargs.items()
            }
        )


class PublishedUpdatesFeed(Feed):
    feed_type = PlainAtomFeed
    description_template = "recommendations/feed_item.html"

    def title(self) -> str:
        return _("Reports on the recommendations — Resolution Portal")

    def subtitle(self) -> str:
        return _("Progress reports published after review by the coordinators.")

    # Absolute already, so the framework does not prefix the request's host.
    def link(self) -> str:
        return portal_url(reverse("recommendations:progress"))

    def feed_url(self) -> str:
        return portal_url(reverse("recommendations:feed"))

    def items(self):
        return (
            StatusUpdate.objects.public()
            .select_related("recommendation__resolution", "organisation")
            .order_by(*FEED_ORDER)[:FEED_SIZE]
        )

    def item_title(self, item: StatusUpdate) -> str:
        return _("%(number)s: %(status)s, %(progress)s%%") % {
            "number": item.recommendation.number,
            "status": item.get_status_display(),
            "progress": item.progress,
        }

    def item_link(self, item: StatusUpdate) -> str:
        return portal_url(f"{item.recommendation.get_absolute_url()}#update-{item.pk}")

    def item_guid(self, item: StatusUpdate) -> str:
        return f"status-update-{item.pk}"

    item_guid_is_permalink = False

    def item_author_name(self, item: StatusUpdate) -> str:
        return item.organisation.name

    def item_pubdate(self, item: StatusUpdate) -> datetime.datetime:
        return item.reviewed_at or item.created_at

    def item_updateddate(self, item: StatusUpdate) -> datetime.datetime:
        return item.reviewed_at or item.created_at
