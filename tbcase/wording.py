"""One way of wording things: a ``Wording`` is built once per language and passed in; the
window and the command line ask it for every user-facing word (errors, enum values, rule
and deadline texts, carriers, countdowns, history entries) instead of choosing between
Chinese and English themselves.

Pure Python (no Qt): it sits on ``tbcase.messages`` (the sentences) and the domain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from tbcase.messages import EN, ZH, describe_history, label, language, message

_EXHIBIT = re.compile(r"证据(\d+)")


@dataclass(frozen=True)
class Wording:
    lang: str  # "zh" or "en"

    @classmethod
    def for_language(cls, lang: str | None = None) -> Wording:
        """The wording for ``lang``, or for the environment (TBCASE_LANG, the locale)."""
        return cls(EN if (lang or language()) == EN else ZH)

    @property
    def zh(self) -> bool:
        return self.lang != EN

    # -- words

    def word(self, key: str) -> str:
        """A domain value (state.overdue, step.complaint, action.none …)."""
        return label(key, self.lang)

    def error(self, code: str, **params: object) -> str:
        return message(code, self.lang, **params)

    def error_of(self, exc: BaseException) -> str:
        """A KnownError as its sentence; anything else as itself (a bug, shown as is)."""
        code = getattr(exc, "code", None)
        if isinstance(code, str):
            return self.error(code, **getattr(exc, "params", {}))
        return repr(exc)

    def text(self, thing: object, field: str) -> str:
        """A text a rule, deadline or carrier carries in both languages (``label_zh`` /
        ``label_en``, ``source_*``, ``note_*``, ``name_*``)."""
        return str(getattr(thing, f"{field}_{'zh' if self.zh else 'en'}") or "")

    def carrier(self, code: str) -> str:
        from tbcase.domain.tracking import BY_CODE

        carrier = BY_CODE.get(code)
        return self.text(carrier, "name") if carrier is not None else code

    def receipt(self, key: str, params: dict[str, object]) -> str:
        """A sentence of the phone receiver (an upload added or refused, and why): the
        phone reads it in Chinese, the window in its own language."""
        from tbcase.receive.words import word

        return word(key, self.lang, **params)

    def list_separator(self) -> str:
        return "、" if self.zh else ", "

    def countdown(self, due: datetime, now: datetime) -> str:
        """还剩 2天3小时 / 逾期 1天2小时, or '2d 3h left', to the hour."""
        seconds = int((due - now).total_seconds())
        late = seconds < 0
        seconds = abs(seconds)
        days, rest = divmod(seconds, 86400)
        hours = rest // 3600
        minutes = (rest % 3600) // 60
        if not self.zh:
            span = f"{days}d {hours}h" if days else (f"{hours}h {minutes}m" if hours else f"{minutes}m")
            return f"{span} overdue" if late else f"{span} left"
        span = f"{days}天{hours}小时" if days else (f"{hours}小时{minutes}分" if hours else f"{minutes}分钟")
        return f"逾期{span}" if late else f"还剩{span}"

    def rule_valid(self, valid_from: object, valid_to: object | None) -> str:
        return f"{valid_from} – {valid_to if valid_to else ('至今' if self.zh else 'now')}"

    # -- history

    def history(self, what: str, old: str | None, new: str | None) -> tuple[str, str, str]:
        """A history entry as (what happened, before, after) in this language. Entries name
        exhibits as 证据N (how the case file has always recorded them); in English they
        read Exhibit N, so a file's whole history reads in either language."""
        title, new_text = describe_history(what, new, self.lang)
        _, old_text = describe_history(what, old, self.lang)
        if not self.zh:
            old_text, new_text = (_EXHIBIT.sub(r"Exhibit \1", t) for t in (old_text, new_text))
        return title, old_text, new_text
