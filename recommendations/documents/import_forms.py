"""The forms of the import pages: the upload, checked before the file is
read, and the confirmation, whose hidden fields are checked against the
file the preview stored."""

import os
import re

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.forms import ConfirmImportForm, ImportForm

ZIP_SIGNATURE = b"PK\x03\x04"
# The name under which the preview stored the file.
STORED_NAME = re.compile(r"[0-9a-f]{32}")


BAD_CONFIRM = gettext_lazy(
    "The confirmation does not match the file you previewed: upload the file "
    "again and confirm the new preview."
)


class StatusUpdateImportForm(ImportForm):
    """The file is checked before it is read: a spreadsheet, and not too large.

    The format follows the file's extension, so nobody has to choose it.
    """

    def __init__(self, formats, resources, **kwargs) -> None:
        super().__init__(formats, resources, **kwargs)
        self.import_formats = formats
        self.fields["format"].required = False
        self.fields["format"].widget = forms.HiddenInput()
        self.fields["import_file"].label = gettext_lazy("Spreadsheet (.xlsx or .csv)")
        self.fields["import_file"].help_text = gettext_lazy(
            "Up to %(size)s MB. Rows with no status, progress and date are skipped."
        ) % {"size": settings.IMPORT_MAX_UPLOAD_MB}
        self.fields["import_file"].widget.attrs["accept"] = ".xlsx,.csv"

    def clean_import_file(self) -> UploadedFile:
        upload = self.cleaned_data["import_file"]
        limit = settings.IMPORT_MAX_UPLOAD_MB * 1024 * 1024
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB: split it into several.")
                % {"size": settings.IMPORT_MAX_UPLOAD_MB}
            )
        extension = os.path.splitext(upload.name)[1].lower()
        head = upload.read(4)
        upload.seek(0)
        if extension == ".xlsx" and head == ZIP_SIGNATURE:
            return upload
        if extension == ".csv" and ZIP_SIGNATURE not in head:
            return upload
        raise forms.ValidationError(
            _(
                "This is not a spreadsheet we can read: upload the template filled "
                "in and saved as .xlsx (Excel) or .csv."
            )
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if upload is not None:
            extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
            for index, file_format in enumerate(self.import_formats):
                if file_format().get_extension() == extension:
                    cleaned["format"] = str(index)
        return cleaned


class StatusUpdateConfirmForm(ConfirmImportForm):
    """The hidden fields of the preview, checked: a format and a resource we
    have, for a file of that format that the preview stored."""

    def __init__(self, *args, formats=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.import_formats = list(formats)

    def clean_import_file_name(self) -> str:
        name = super().clean_import_file_name()
        if not STORED_NAME.fullmatch(name):
            raise forms.ValidationError(BAD_CONFIRM)
        return name

    def clean_format(self) -> int:
        value = self.cleaned_data["format"]
        if not value.isdigit() or int(value) >= len(self.import_formats):
            raise forms.ValidationError(BAD_CONFIRM)
        return int(value)

    def clean_resource(self) -> str:
        # One resource for imports: the preview posts "0", or nothing.
        value = self.cleaned_data.get("resource", "")
        if value not in ("", "0"):
            raise forms.ValidationError(BAD_CONFIRM)
        return value

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        file_format = self.import_formats[cleaned["format"]]
        extension = os.path.splitext(cleaned["original_file_name"])[1].lower()
        if extension.lstrip(".") != file_format().get_extension():
            raise forms.ValidationError(BAD_CONFIRM)
        cleaned["input_format"] = file_format
        return cleaned
