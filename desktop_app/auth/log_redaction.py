"""A logging filter that scrubs credentials from every record a handler writes.

The app installs it on its handlers (not on loggers), so records from libraries (msal, httpx, urllib3)
that propagate to the root handlers are scrubbed too.
"""

from __future__ import annotations

import logging

from desktop_app.domain.redact import redact

_FORMATTER = logging.Formatter()


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken %-format: let the handler report it as usual
            return True
        clean = redact(message)
        if clean != message:
            # Freeze the scrubbed text so no later formatting re-inserts the arguments.
            record.msg = clean
            record.args = None
        if record.exc_info and not record.exc_text:
            # The formatter reuses exc_text when set, so the traceback is scrubbed once, here.
            record.exc_text = _FORMATTER.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def install_redaction(handler: logging.Handler) -> RedactingFilter:
    """Add the filter to `handler` once; return it (for tests and for removing it again)."""
    for existing in handler.filters:
        if isinstance(existing, RedactingFilter):
            return existing
    redacting = RedactingFilter()
    handler.addFilter(redacting)
    return redacting
