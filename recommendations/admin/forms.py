"""Admin forms: a report with its evidence, a return note, a safe edit."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stakeholders.models import Organisation

from ..models import Recommendation, StatusUpdate, progress_help_text
from ..services import (
    StaleVersionError,
    recommendation_check_version,
    validate_report,
)
from ..validators import validate_evidence_file, validate_plain_text
from .kept_upload import keep_upload, kept_file, kept_name


def https_by_default(db_field, **kwargs):
    """Form fields for a model, with links typed without a scheme read as https."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class EvidenceFileInput(forms.ClearableFileInput):
    """Links to the access-checked evidence view, never to the storage itself."""

    template_name = "admin/recommendations/evidence_file_input.html"

    def _render(self, template_name, context, renderer=None) -> str:
        # The project's templates, not only the form renderer's built-in ones.
        return mark_safe(render_to_string(template_name, context))

    kept: dict | None = None  # a file put aside across a form error

    def get_context(self, name, value, attrs) -> dict:
        context = super().get_context(name, value, attrs)
        context["widget"]["kept"] = self.kept
        instance = getattr(value, "instance", None)
        if value and instance is not None and instance.pk:
            context["widget"]["evidence_link"] = reverse("evidence", args=[instance.pk])
        return context


class StatusUpdateForm(forms.ModelForm):
    """A report as an official or a coordinator writes it.

    The admin sets `user` before validation; the workflow's rules are the
    service's, checked here so that every problem shows next to its field.
    """

    user = None
    # An official of a single organisation is not asked to choose it.
    fixed_organisation: Organisation | None = None

    class Meta:
        model = StatusUpdate
        formfield_callback = https_by_default
        fields = [
            "recommendation",
            "organisation",
            "status",
            "progress",
            "reported_on",
            "comment",
            "evidence_url",
            "evidence_file",
        ]
        widgets = {
            "evidence_file": EvidenceFileInput,
            "comment": forms.Textarea(attrs={"rows": 5, "cols": 80}),
        }
        help_texts = {
            "progress": progress_help_text,
            "reported_on": gettext_lazy(
                "The date the facts refer to, not later than today."
            ),
            "evidence_file": gettext_lazy(
                "PDF, DOC, DOCX, ODT, XLS, XLSX, ODS, JPG or PNG."
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The admin's autocomplete widget looks the submitted id up again to
        # draw the form: one that is not a number would end in a server error
        # there, so it is dropped and the field asked for anew.
        name = self.add_prefix("recommendation")
        value = self.data.get(name) if self.is_bound else None
        if value and not str(value).strip().isdigit():
            self.data = self.data.copy()
            self.data[name] = ""

    def kept_field_name(self) -> str:
        return self.add_prefix("evidence_file") + "-kept"

    def full_clean(self) -> None:
        super().full_clean()
        if not self._errors:
            return
        # A browser never sends a file back: keep it for the next send.
        widget = self.fields["evidence_file"].widget
        upload = self.cleaned_data.get("evidence_file")
        token = self.data.get(self.kept_field_name())
        if isinstance(upload, UploadedFile):
            token = keep_upload(upload, user=self.user)
        elif not isinstance(upload, File) or not token:
            return
        widget.kept = {
            "token": token,
            "name": kept_name(token),
            "field": self.kept_field_name(),
        }

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if isinstance(upload, UploadedFile):
            validate_evidence_file(upload)
            return upload
        token = self.data.get(self.kept_field_name())
        if upload is None and token:
            return kept_file(token, user=self.user)
        return upload

    def _value(self, field: str):
        if field in self.cleaned_data:
            return self.cleaned_data[field]
        return getattr(self.instance, field, None)

    def clean(self) -> dict:
        cleaned = super().clean()
        organisation = (
            self.fixed_organisation
            if "organisation" not in self.fields
            else cleaned.get("organisation")
        )
        if self.instance.pk and "recommendation" not in self.fields:
            recommendation = self.instance.recommendation
        else:
            recommendation = cleaned.get("recommendation")
        needed = [recommendation, organisation, cleaned.get("reported_on")]
        if self.errors or any(value is None for value in needed):
            if recommendation is not None and organisation is None:
                self.add_error(
                    None, _("Choose the organisation on whose behalf you report.")
                )
            return cleaned
        evidence_file = cleaned.get("evidence_file")
        if evidence_file is False:  # "clear" ticked
            evidence_file = None
        elif evidence_file is None:
            evidence_file = self.instance.evidence_file or None
        try:
            validate_report(
                recommendation=recommendation,
                organisation=organisation,
                author=self.user,
                status=cleaned.get("status"),
                progress=cleaned.get("progress"),
                comment=cleaned.get("comment") or "",
                evidence_url=cleaned.get("evidence_url") or "",
                evidence_file=evidence_file,
                reported_on=cleaned["reported_on"],
            )
        except ValidationError as refusal:
            for field, messages in refusal.message_dict.items():
                target = field if field in self.fields else None
                for message in messages:
                    self.add_error(target, message)
        return cleaned


class ReturnForm(forms.Form):
    """What the coordinator asks the official to fix."""

    review_note = forms.CharField(
        label=gettext_lazy("What needs to be fixed"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80, "autofocus": True}),
        help_text=gettext_lazy("The official sees this note and gets it by e-mail."),
        validators=[validate_plain_text],
        error_messages={
            "required": gettext_lazy(
                "Say what needs to be fixed: the note is required."
            )
        },
    )


class RecommendationForm(forms.ModelForm):
    """An edit that is refused when someone else saved the item in the meantime."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Recommendation
        fields = [
            "resolution",
            "group",
            "number",
            "order",
            "text",
            "due_on",
            "is_continuous",
            "report_frequency",
            "report_due_day",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.version
        if frequency := self.fields.get("report_frequency"):
            frequency.choices = [
                ("", _("As in the resolution")),
                *frequency.choices[1:],
            ]

    def clean(self) -> dict:
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        seen = cleaned.get("seen_version")
        try:
            self.next_version = recommendation_check_version(
                recommendation=self.instance,
                seen=seen if seen is not None else -1,
            )
        except StaleVersionError as refusal:
            # The next save is a deliberate one, made with the current version
            # in view: let it through with the version the person now knows.
            self.data = self.data.copy()
            self.data[self.add_prefix("seen_version")] = refusal.current
            raise
        return cleaned
