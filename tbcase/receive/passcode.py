"""The optional 4-digit code (issue 15): shown on the computer, asked for by the phone page
before the first upload, sent with every upload after it. A wrong code counts; after
``attempts`` wrong ones the receiver stops (its token dies), so guessing gets five tries
in ten thousand, then the user starts again on the computer with a new code."""

from __future__ import annotations

import secrets
import threading

from tbcase.receive.words import Reason

ATTEMPTS = 5


def new_code() -> str:
    return f"{secrets.randbelow(10_000):04d}"


class Passcode:
    def __init__(self, code: str | None, attempts: int = ATTEMPTS) -> None:
        self.code = code
        self.attempts = attempts
        self.wrong = 0
        self._lock = threading.Lock()

    @property
    def required(self) -> bool:
        return self.code is not None

    @property
    def locked(self) -> bool:
        return self.required and self.wrong >= self.attempts

    def check(self, given: str) -> Reason | None:
        """None when ``given`` opens the receiver (or no code is asked); else why not.
        An empty answer only asks for the code; a wrong one uses up an attempt."""
        if self.code is None:
            return None
        given = given.strip()[:16]
        with self._lock:
            if self.wrong >= self.attempts:
                return Reason("code_locked", {})
            if secrets.compare_digest(given.encode(), self.code.encode()):
                return None
            if not given:
                return Reason("code_needed", {})
            self.wrong += 1
            left = self.attempts - self.wrong
        return Reason("code_locked", {}) if left <= 0 else Reason("code_wrong", {"left": left})
