"""Log records as one JSON object a line, for a log collector to parse."""

import datetime
import json
import logging

# Attributes every LogRecord has; anything else was passed in `extra`.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(
                record.created, tz=datetime.UTC
            ).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            entry["method"] = request.method
            entry["path"] = request.path
        # gunicorn's access log passes its fields as a dict of arguments.
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            args = record.args
            entry["message"] = f"{args.get('m')} {args.get('U')} {args.get('s')}"
            entry |= {
                "method": args.get("m"),
                "path": args.get("U"),
                "query": args.get("q"),
                "status": _int(args.get("s")),
                "bytes": _int(args.get("B")),
                "duration_ms": round(_int(args.get("D")) / 1000, 1),
                "remote_addr": args.get("h"),
                "forwarded_for": args.get("{x-forwarded-for}i"),
                "user_agent": args.get("a"),
            }
        for key, value in vars(record).items():
            if key in _STANDARD or key == "request" or key in entry:
                continue
            entry[key] = value if _is_json(value) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _int(value: object) -> int:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0


def _is_json(value: object) -> bool:
    return isinstance(value, str | int | float | bool | type(None))


class ClientErrorsWithoutTraceback(logging.Filter):
    """A 403 or 404 is an answer, not a fault: its record keeps the message and
    the status, without the traceback of the exception that produced it."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
