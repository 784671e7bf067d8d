"""Spreadsheet import and export in the admin (django-import-export).

The admin classes in `recommendations/admin/` inherit these mixins, so that exchanging
spreadsheets stays in one place, scoped to each official's organisations.
Every resource is built for the requesting user (`get_resource_kwargs`) and
limits itself to what that user may see or report on.
"""

import csv
import io
from urllib.parse import quote

import openpyxl
import tablib
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export.admin import ExportMixin, ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.results import Result

from ..services import import_claim
from .bounds import check_table, check_workbook
from .cells import CSV_QUOTING, csv_cell
from .export_resources import RecommendationResource, StatusUpdateResource
from .import_forms import (
    BAD_CONFIRM,
    StatusUpdateConfirmForm,
    StatusUpdateImportForm,
)
from .import_resource import StatusUpdateImportResource
from .import_template import import_template
from .widgets import ImportFileError
from .xlsx import write_table

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# An .xlsx file is a zip archive.
# The name the temporary storage gives a previewed file.


def _csv(headers: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(headers)
    csv.writer(out, quoting=CSV_QUOTING).writerows(rows)
    return out.getvalue()


class SpreadsheetCSV(CSV):
    """CSV with commas, or with semicolons as Excel saves it in a Russian locale."""

    def create_dataset(self, in_stream: bytes | str, **kwargs) -> tablib.Dataset:
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode(self.encoding or "utf-8-sig")
        header = in_stream.split("\n", 1)[0]
        delimiter = ";" if header.count(";") > header.count(",") else ","
        # Rows may span lines, never the other way round: a file of many more
        # lines than rows allowed is refused before it is parsed.
        check_table(rows=in_stream.count("\n") // 10, columns=0)
        dataset = super().create_dataset(in_stream, delimiter=delimiter, **kwargs)
        check_table(rows=len(dataset), columns=len(dataset.headers or []))
        return dataset


class SpreadsheetXLSX(XLSX):
    """The first sheet of a workbook, measured before it is opened, read by the
    cells it holds rather than by the size it claims."""

    def create_dataset(self, in_stream: bytes) -> tablib.Dataset:
        stream = io.BytesIO(in_stream)
        check_workbook(stream)
        book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        try:
            sheet = book.active
            sheet.reset_dimensions()  # never trust <dimension>
            rows = sheet.iter_rows(values_only=True)
            dataset = tablib.Dataset()
            dataset.headers = list(next(rows, ()))
            width = len(dataset.headers)
            for values in rows:
                if any(value is not None for value in values):
                    values = list(values[:width])
                    dataset.append(values + [None] * (width - len(values)))
        finally:
            book.close()
        return dataset


class ScopedExportMixin(ExportMixin):
    """Exports in XLSX and CSV, limited to what the user may see."""

    export_formats = [XLSX, CSV]
    # Excel reads Russian text in a UTF-8 CSV correctly only after a BOM.
    to_encoding = "utf-8-sig"

    def get_resource_kwargs(self, request: HttpRequest, *args, **kwargs) -> dict:
        return {"user": request.user}

    def get_export_data(self, file_format, request, queryset, **kwargs) -> bytes:
        """A finished sheet for XLSX; for CSV, text a spreadsheet would run as a
        formula gets a leading apostrophe."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        is_xlsx = isinstance(file_format, XLSX)
        dataset = self.get_data_for_export(
            request, queryset, force_native_type=is_xlsx, **kwargs
        )
        headers = [str(header) for header in dataset.headers]
        if is_xlsx:
            out = io.BytesIO()
            write_table(
                out,
                title=str(self.model._meta.verbose_name_plural),
                headers=headers,
                rows=dataset,
            )
            return out.getvalue()
        rows = [[csv_cell(value) for value in row] for row in dataset]
        return _csv(headers, rows).encode(kwargs.get("encoding") or "utf-8-sig")


class RecommendationExchangeMixin(ScopedExportMixin):
    """Export of recommendations with their current state."""

    resource_classes = [RecommendationResource]
    import_export_change_list_template = "admin/import_export/recommendation_list.html"


def template_disposition(day) -> str:
    """«шаблон-отчётов-2026-12-02.xlsx», with a Latin name for old mail clients."""
    name = f"{_('reports-template')}-{day:%Y-%m-%d}.xlsx"
    fallback = f"shablon-otchetov-{day:%Y-%m-%d}.xlsx"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"


class StatusUpdateExchangeMixin(ImportExportMixin, ScopedExportMixin):
    """Import and export of status updates."""

    resource_classes = [StatusUpdateResource]
    import_formats = [SpreadsheetXLSX, SpreadsheetCSV]
    import_form_class = StatusUpdateImportForm
    import_template_name = "admin/import_export/statusupdate_import.html"
    import_export_change_list_template = "admin/import_export/statusupdate_list.html"
    import_error_display = ("message",)

    def get_import_resource_classes(self, request: HttpRequest) -> list:
        return [StatusUpdateImportResource]

    def get_export_resource_classes(self, request: HttpRequest) -> list:
        return [StatusUpdateResource]

    def get_import_data_kwargs(self, **kwargs) -> dict:
        # All or nothing: a row that fails validation undoes the whole file.
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs.pop("request", None)
        return kwargs | {"rollback_on_validation_errors": True}

    def get_urls(self) -> list:
        info = self.get_model_info()
        return [
            path(
                "import/template.xlsx",
                self.admin_site.admin_view(self.import_template_view),
                name="{}_{}_import_template".format(*info),
            )
        ] + super().get_urls()

    def import_template_view(self, request: HttpRequest) -> HttpResponse:
        """The workbook to fill in, one row per recommendation the user reports on."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        response = HttpResponse(
            import_template(request.user), content_type=XLSX_CONTENT_TYPE
        )
        response["Content-Disposition"] = template_disposition(timezone.localdate())
        return response

    def add_data_read_fail_error_to_form(self, form, error: Exception) -> None:
        if isinstance(error, ImportFileError):  # says itself what is wrong
            form.add_error("import_file", str(error))
            return
        form.add_error(
            "import_file",
            _(
                "The file could not be read as a spreadsheet. Save it from Excel "
                "as .xlsx, or as CSV in UTF-8, and upload it again."
            ),
        )

    def import_action(self, request: HttpRequest, **kwargs) -> HttpResponse:
        response = super().import_action(request, **kwargs)
        if isinstance(response, TemplateResponse):
            response.context_data["template_url"] = reverse(
                "admin:{}_{}_import_template".format(*self.get_model_info()),
                current_app=self.admin_site.name,
            )
            response.context_data["max_upload_mb"] = settings.IMPORT_MAX_UPLOAD_MB
        return response

    def get_confirm_form_class(self, request: HttpRequest) -> type:
        return StatusUpdateConfirmForm

    def get_confirm_form_kwargs(self, request: HttpRequest, import_form=None) -> dict:
        kwargs = super().get_confirm_form_kwargs(request, import_form)
        return kwargs | {"formats": self.get_import_formats()}

    def process_import(self, request: HttpRequest, **kwargs) -> HttpResponse:
        """Confirm the previewed file; if it no longer imports cleanly, nothing is
        imported and the user is sent back to upload it again."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm_form = self.create_confirm_form(request)
        if not confirm_form.is_valid():
            return self._confirm_refused(request)
        with transaction.atomic():
            if not import_claim(
                file_name=confirm_form.cleaned_data["import_file_name"],
                user=request.user,
            ):
                messages.error(
                    request,
                    _(
                        "This file has been imported already: its reports are "
                        "in the list below."
                    ),
                )
                return HttpResponseRedirect(self._changelist_url())
            return self._import_claimed(request, confirm_form, **kwargs)

    def _import_claimed(self, request: HttpRequest, confirm_form, **kwargs):
        import_url = reverse(
            "admin:{}_{}_import".format(*self.get_model_info()),
            current_app=self.admin_site.name,
        )
        input_format = confirm_form.cleaned_data["input_format"](
            encoding=self.from_encoding
        )
        tmp_storage = self.get_tmp_storage_class()(
            name=confirm_form.cleaned_data["import_file_name"],
            encoding=None if input_format.is_binary() else self.from_encoding,
            read_mode=input_format.get_read_mode(),
            **self.get_tmp_storage_class_kwargs(),
        )
        try:
            data = tmp_storage.read()
        except FileNotFoundError:  # cleared, or never there
            data = None
        if data is None:
            messages.error(
                request,
                _("The uploaded file is no longer available: upload it again."),
            )
            return HttpResponseRedirect(import_url)
        result = self.process_dataset(
            input_format.create_dataset(data), confirm_form, request, **kwargs
        )
        tmp_storage.remove()
        if result.has_errors() or result.has_validation_errors():
            messages.error(
                request,
                _(
                    "Nothing was imported: the file no longer passes the checks. "
                    "Upload it again to see why."
                ),
            )
            return HttpResponseRedirect(import_url)
        return self.process_result(result, request)

    def _changelist_url(self) -> str:
        return reverse(
            "admin:{}_{}_changelist".format(*self.get_model_info()),
            current_app=self.admin_site.name,
        )

    def _confirm_refused(self, request: HttpRequest) -> HttpResponse:
        """A confirm whose hidden fields were not the preview's: a bad request."""
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import"),
            "opts": self.model._meta,
            "refusal": BAD_CONFIRM,
            "import_url": reverse(
                "admin:{}_{}_import".format(*self.get_model_info()),
                current_app=self.admin_site.name,
            ),
        }
        return TemplateResponse(
            request, "admin/import_export/confirm_refused.html", context, status=400
        )

    def add_success_message(self, result: Result, request: HttpRequest) -> None:
        count = result.totals["new"]
        messages.success(
            request,
            ngettext(
                "%(count)d report imported; it awaits review by the coordinators.",
                "%(count)d reports imported; they await review by the coordinators.",
                count,
            )
            % {"count": count},
        )
