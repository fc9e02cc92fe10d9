"""Errors the user caused (and can fix) versus bugs.

A ``KnownError`` carries a message code and parameters; the command line and the
window turn it into a sentence in the user's language (see ``tbcase.messages``).
Anything else that escapes is a bug.
"""

from __future__ import annotations


class KnownError(Exception):
    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params

    def __reduce__(self) -> tuple[object, tuple[str, dict[str, object]]]:
        """Picklable, so that a worker process can hand it back (``tbcase/ui/process.py``)."""
        return _known_error, (self.code, self.params)

    def __str__(self) -> str:  # used only when no wording is at hand: the default language
        from tbcase.messages import ZH, message

        return message(self.code, ZH, **self.params)


def _known_error(code: str, params: dict[str, object]) -> KnownError:
    return KnownError(code, **params)


class CancelledError(Exception):
    """A long job was cancelled by the user; nothing half-done was kept."""
