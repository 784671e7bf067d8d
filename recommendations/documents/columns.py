"""The columns of the report spreadsheets officials exchange with the portal.

Column names are fixed in Russian: the files are exchanged with the regional
government, and a file exported with the admin in one language must import
with the admin in another. The import also accepts the field names of
DESIGN.md (`recommendation`, `organisation`, `status`, ...) as headers.
"""

COLUMN_RECOMMENDATION = "ID рекомендации"
COLUMN_NUMBER = "№"
COLUMN_TEXT = "Текст рекомендации"
COLUMN_ORGANISATION = "Организация (код)"
COLUMN_STATUS = "Статус"
COLUMN_PROGRESS = "Прогресс, %"
COLUMN_COMMENT = "Комментарий"
COLUMN_EVIDENCE_URL = "Ссылка на подтверждение"
COLUMN_REPORTED_ON = "Дата сведений"

# The import's columns: field name (DESIGN.md) -> column in the file.
IMPORT_COLUMNS = {
    "recommendation": COLUMN_RECOMMENDATION,
    "organisation": COLUMN_ORGANISATION,
    "status": COLUMN_STATUS,
    "progress": COLUMN_PROGRESS,
    "comment": COLUMN_COMMENT,
    "evidence_url": COLUMN_EVIDENCE_URL,
    "reported_on": COLUMN_REPORTED_ON,
}
REQUIRED_COLUMNS = ("recommendation", "status", "progress", "reported_on")
# A row that fills in none of these is a template row left for later: skipped.
REPORT_COLUMNS = ("status", "progress", "comment", "evidence_url", "reported_on")
