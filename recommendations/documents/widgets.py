"""Import widgets: each turns one cell into a value or says in Russian what is
wrong with it."""

import datetime
import functools
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from import_export import widgets

from stakeholders.models import Organisation

from ..models import (
    Recommendation,
    Status,
)

DATE_INPUT_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y")


class ImportFileError(Exception):
    """A problem with the file as a whole; its text is shown to the user as is."""


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class RecommendationIdWidget(widgets.Widget):
    # Filled once per file by the resource: no query per row.
    known: dict[int, Recommendation] | None = None

    def clean(
        self, value: Any, row: dict | None = None, **kwargs: Any
    ) -> Recommendation | None:
        if blank(value):
            return None
        try:
            pk = _whole_number(value)
        except ValueError:
            raise ValueError(
                _("The recommendation id must be a number, not «%(value)s».")
                % {"value": value}
            ) from None
        if self.known is not None:
            found = self.known.get(pk)
        else:
            found = (
                Recommendation.objects.select_related("resolution")
                .filter(pk=pk)
                .first()
            )
        if found is None:
            raise ValueError(
                _("There is no recommendation with id %(id)s.") % {"id": pk}
            )
        return found

    def render(
        self, value: Recommendation | None, obj: Any = None, **kwargs: Any
    ) -> int | None:
        return value.pk if value else None


class OrganisationSlugWidget(widgets.Widget):
    # Filled once per file by the resource: no query per row.
    known: dict[str, Organisation] | None = None

    def clean(
        self, value: Any, row: dict | None = None, **kwargs: Any
    ) -> Organisation | None:
        if blank(value):
            return None
        slug = str(value).strip()
        if self.known is not None:
            found = self.known.get(slug)
        else:
            # A zero byte would reach PostgreSQL, which refuses it in English.
            found = (
                None
                if "\x00" in slug
                else Organisation.objects.filter(slug=slug).first()
            )
        if found is None:
            raise ValueError(
                _("There is no organisation with the code «%(code)s».") % {"code": slug}
            )
        return found

    def render(self, value: Organisation | None, obj: Any = None, **kwargs: Any) -> str:
        return value.slug if value else ""


@functools.cache
def _status_names() -> dict[str, str]:
    """Every accepted spelling of a status, folded, to its value."""
    names = {}
    for language in ("en", "ru"):
        with translation.override(language):
            for status in Status:
                names[str(status.label).casefold()] = status.value
    return names | {status.value: status.value for status in Status}


class StatusWidget(widgets.Widget):
    """A `Status` value, or its Russian or English label, in any letter case."""

    def clean(self, value: Any, row: dict | None = None, **kwargs: Any) -> str | None:
        if blank(value):
            return None
        text = " ".join(str(value).split()).casefold()
        if text in _status_names():
            return _status_names()[text]
        raise ValueError(
            _("Unknown status «%(status)s». Use one of: %(statuses)s.")
            % {
                "status": value,
                "statuses": ", ".join(f"«{status.label}»" for status in Status),
            }
        )

    def render(self, value: str | None, obj: Any = None, **kwargs: Any) -> str:
        return str(Status(value).label) if value else ""


class ProgressWidget(widgets.Widget):
    """Whole per cent: 40, 40.0, "40" or "40%"."""

    def clean(self, value: Any, row: dict | None = None, **kwargs: Any) -> int | None:
        if blank(value):
            return None
        text = str(value).strip().rstrip("%").strip().replace(",", ".")
        try:
            return _whole_number(text)
        except ValueError:
            raise ValueError(
                _("Progress must be a whole number from 0 to 100, not «%(value)s».")
                % {"value": value}
            ) from None

    def render(self, value: int | None, obj: Any = None, **kwargs: Any) -> int | None:
        return value


class ReportDateWidget(widgets.Widget):
    """A spreadsheet date, or text as 2019-03-01 or 01.03.2019."""

    def clean(
        self, value: Any, row: dict | None = None, **kwargs: Any
    ) -> datetime.date | None:
        if blank(value):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        for pattern in DATE_INPUT_FORMATS:
            try:
                return datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValueError(
            _("«%(value)s» is not a date: write it as 01.03.2019 or 2019-03-01.")
            % {"value": value}
        )

    def render(
        self, value: datetime.date | None, obj: Any = None, **kwargs: Any
    ) -> datetime.date | str | None:
        if value is None:
            return None
        return value if kwargs.get("force_native_type") else f"{value:%d.%m.%Y}"


class TextWidget(widgets.Widget):
    def clean(self, value: Any, row: dict | None = None, **kwargs: Any) -> str:
        if blank(value):
            return ""
        return str(value).strip()

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "" if value is None else str(value)


def whole_number_or_none(value: Any) -> int | None:
    """The cell as a whole number, or None: for reading ids ahead."""
    try:
        return None if blank(value) else _whole_number(value)
    except (ValueError, OverflowError):
        return None


def _whole_number(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    try:
        number = float(value)
    except TypeError:  # a date or a time in the cell: not a number
        raise ValueError(value) from None
    if not number.is_integer():
        raise ValueError(value)
    return int(number)
