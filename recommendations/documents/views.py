"""Staff report pages: the Excel progress report and the page that chooses it."""

import datetime
import tempfile

from django import forms
from django.contrib import admin
from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from stakeholders.models import Organisation

from ..models import Resolution
from .progress_certificate import (
    Certificate,
    signatory_name,
    write_progress_certificate,
)
from .progress_report import write_progress_report

# Beyond this size the workbook moves from memory to a temporary file.
SPOOL_MAX_BYTES = 8 * 1024 * 1024


class ReportForm(forms.Form):
    resolution = forms.ModelChoiceField(
        label=_("Resolution"),
        queryset=Resolution.objects.order_by("-adopted_on", "-id"),
        to_field_name="slug",
        required=False,
        empty_label=None,
        error_messages={
            "invalid_choice": _("There is no resolution with this code."),
        },
    )
    as_of = forms.DateField(
        label=_("State as of"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Give the date as YYYY-MM-DD.")},
    )

    def clean_resolution(self) -> Resolution:
        resolution = self.cleaned_data["resolution"] or Resolution.objects.current()
        if resolution is None:
            raise forms.ValidationError(_("There is no resolution to report on yet."))
        return resolution

    def clean_as_of(self) -> datetime.date:
        as_of = self.cleaned_data["as_of"] or timezone.localdate()
        if as_of > timezone.localdate():
            raise forms.ValidationError(
                _("The date is in the future: the report shows facts already known.")
            )
        return as_of


class CertificateForm(ReportForm):
    """The справка's parameters: the report's, and optionally one organisation."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All organisations"),
        error_messages={
            "invalid_choice": _("There is no organisation with this code."),
        },
    )


def _initial() -> dict:
    current = Resolution.objects.current()
    return {
        "resolution": current.slug if current else None,
        "as_of": timezone.localdate(),
    }


def _chooser(
    request: HttpRequest,
    form: ReportForm | None = None,
    certificate_form: CertificateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page of both reports; a refused request shows its form's errors."""
    initial = _initial()
    context = admin.site.each_context(request) | {
        "form": form or ReportForm(initial=initial),
        "certificate_form": certificate_form
        or CertificateForm(initial=initial, auto_id="certificate_%s"),
    }
    return render(request, "reports/index.html", context, status=status)


@require_GET
@login_required
@permission_required("recommendations.export_report", raise_exception=True)
def index(request: HttpRequest) -> HttpResponse:
    return _chooser(request)


@require_GET
@login_required
@permission_required("recommendations.export_report", raise_exception=True)
def progress_xlsx(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.GET)
    if not form.is_valid():
        return _chooser(request, form, status=400)
    resolution = form.cleaned_data["resolution"]
    as_of = form.cleaned_data["as_of"]
    # A spooled file: small workbooks stay in memory, large ones go to a
    # temporary file for the length of the request only.
    # FileResponse closes the file once it has been sent.
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX_BYTES)  # noqa: SIM115
    write_progress_report(out, resolution=resolution, as_of=as_of)
    out.seek(0)
    return FileResponse(
        out,
        as_attachment=True,
        filename=f"progress-{resolution.slug}-{as_of:%Y-%m-%d}.xlsx",
        content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ),
    )


@require_GET
@login_required
@permission_required("recommendations.export_report", raise_exception=True)
def progress_docx(request: HttpRequest) -> HttpResponse:
    form = CertificateForm(request.GET, auto_id="certificate_%s")
    if not form.is_valid():
        return _chooser(request, certificate_form=form, status=400)
    certificate = Certificate(
        resolution=form.cleaned_data["resolution"],
        as_of=form.cleaned_data["as_of"],
        organisation=form.cleaned_data["organisation"],
        signatory=signatory_name(request.user),
        signed_on=timezone.localdate(),
    )
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX_BYTES)  # noqa: SIM115
    write_progress_certificate(out, certificate)
    out.seek(0)
    suffix = f"-{certificate.organisation.slug}" if certificate.organisation else ""
    return FileResponse(
        out,
        as_attachment=True,
        filename=(
            f"spravka-{certificate.resolution.slug}{suffix}"
            f"-{certificate.as_of:%Y-%m-%d}.docx"
        ),
        content_type=(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        ),
    )
