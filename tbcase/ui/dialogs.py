"""Dialogs: new case, record a step, settings, paste a chat log (the viewer: ``viewer.py``)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tbcase.domain.errors import KnownError
from tbcase.domain.model import (
    Complainant,
    ComplaintType,
    Outcome,
    StepKind,
    normalise_order_number,
    now,
    order_number_warnings,
    parse_amount,
    parse_datetime,
)
from tbcase.ui.context import UiContext, show_message
from tbcase.ui.crash import error_text
from tbcase.wording import Wording


def error_label() -> QLabel:
    lbl = QLabel()
    lbl.setTextFormat(Qt.TextFormat.PlainText)
    lbl.setStyleSheet("color: #c62828;")
    lbl.setWordWrap(True)
    return lbl


class ValidatedField(QWidget):
    """A line edit with its error shown beside it, checked as you type."""

    changed = Signal()

    def __init__(self, check, placeholder: str = "", text: str = "", parent=None) -> None:
        super().__init__(parent)
        self.check = check  # text -> error message or ""
        self.edit = QLineEdit(text)
        self.edit.setPlaceholderText(placeholder)
        self.error = error_label()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.edit)
        lay.addWidget(self.error)
        self.error.hide()
        self.edit.textChanged.connect(self._validate)

    def _validate(self) -> None:
        problem = self.check(self.edit.text())
        self.error.setText(problem)
        self.error.setVisible(bool(problem))
        self.changed.emit()

    def text(self) -> str:
        return self.edit.text().strip()

    def valid(self) -> bool:
        return not self.check(self.edit.text())


def _checker(parse, wording: Wording, required: bool = False, empty_code: str = ""):
    """A check for ValidatedField: the parser's KnownError as a sentence, else ""."""
    def check(text: str) -> str:
        if not text.strip():
            return wording.error(empty_code, value="") if required else ""
        try:
            parse(text)
        except KnownError as exc:
            return wording.error(exc.code, **exc.params)
        return ""
    return check


def check_amount(wording: Wording):
    return _checker(parse_amount, wording)


def check_time(wording: Wording, required: bool = False):
    return _checker(parse_datetime, wording, required, "bad_datetime")


def check_order(wording: Wording, required: bool = True):
    def check(text: str) -> str:
        number = normalise_order_number(text)
        if not number:
            return wording.error("order_empty") if required else ""
        codes = order_number_warnings(number)
        return wording.error(codes[0]) if codes else ""
    return check


def combo(ctx: UiContext, prefix: str, values, current: str | None = None) -> QComboBox:
    box = QComboBox()
    for v in values:
        box.addItem(ctx.word(f"{prefix}.{v.value}"), v.value)
    if current is not None:
        box.setCurrentIndex(max(0, box.findData(current)))
    return box


class NewCaseDialog(QDialog):
    def __init__(self, ctx: UiContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("New case"))
        self.setMinimumWidth(460)
        form = QFormLayout()
        self.order = ValidatedField(check_order(ctx.wording), self.tr("16–19 digits, from the order page"))
        self.shop = QLineEdit()
        self.item = QLineEdit()
        self.platform = QComboBox()
        self.platform.addItem(self.tr("Taobao"), "taobao")
        self.platform.addItem(self.tr("Tmall"), "tmall")
        self.type = combo(ctx, "type", ComplaintType)
        self.outcome = combo(ctx, "outcome", Outcome)
        self.amount = ValidatedField(check_amount(ctx.wording), "39.50")
        self.signed = ValidatedField(check_time(ctx.wording), "2026-11-20 18:30")
        form.addRow(self.tr("Order number"), self.order)
        form.addRow(self.tr("Platform"), self.platform)
        form.addRow(self.tr("Shop"), self.shop)
        form.addRow(self.tr("Item"), self.item)
        form.addRow(self.tr("Complaint type"), self.type)
        form.addRow(self.tr("Desired outcome"), self.outcome)
        form.addRow(self.tr("Amount paid (yuan)"), self.amount)
        form.addRow(self.tr("Signed for at"), self.signed)
        self.failure = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.failure)
        lay.addWidget(buttons)
        for f in (self.order, self.amount, self.signed):
            f.changed.connect(self._update_ok)
        self._update_ok()
        self.created_path: Path | None = None

    def _update_ok(self) -> None:
        number = normalise_order_number(self.order.edit.text())
        self.ok_button.setEnabled(bool(number) and number.isdigit() and self.amount.valid()
                                  and self.signed.valid())

    def values(self) -> dict:
        return {
            "order_no": self.order.text(), "shop": self.shop.text().strip(),
            "item": self.item.text().strip(), "platform": self.platform.currentData(),
            "complaint_type": self.type.currentData(), "outcome": self.outcome.currentData(),
            "amount": self.amount.text() or None, "signed": self.signed.text() or None,
        }

    def accept(self) -> None:
        """The case file is created off the UI thread; the dialog closes when it exists."""
        if not self.ok_button.isEnabled():
            return
        profile, values, library = load_profile(self.ctx.settings), self.values(), self.ctx.library

        def create(_job):
            with library.create(complainant=profile, **values) as case:
                return case.path

        create_then_accept(self, create)


def create_then_accept(dialog, create) -> None:
    """A new-case dialog's last step: ``create(job)`` makes the case file off the UI thread
    and returns its path; the dialog closes when it exists (``dialog.created_path``), or
    says why not in ``dialog.failure`` and can be tried again."""

    def created(path: Path) -> None:
        dialog.created_path = path
        QDialog.accept(dialog)

    def failed(exc: BaseException) -> None:
        dialog.ok_button.setEnabled(True)
        dialog.failure.setText(error_text(exc, dialog.ctx.wording, dialog))

    dialog.ok_button.setEnabled(False)
    dialog.ctx.runner.start(create, on_success=created, on_failure=failed)


class StepDialog(QDialog):
    def __init__(self, ctx: UiContext, kind: str | None = None, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Record a step"))
        self.kind = combo(ctx, "step", StepKind, kind)
        self.at = ValidatedField(check_time(ctx.wording, required=True), "2026-11-20 10:00",
                                 now().strftime("%Y-%m-%d %H:%M"))
        self.ref = QLineEdit()
        self.ref.setPlaceholderText(self.tr("complaint or ticket number, if any"))
        self.note = QLineEdit()
        form = QFormLayout()
        form.addRow(self.tr("Step"), self.kind)
        form.addRow(self.tr("When"), self.at)
        form.addRow(self.tr("Reference"), self.ref)
        form.addRow(self.tr("Note"), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Record"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.at.changed.connect(lambda: buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.at.valid()))
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons)

    def values(self) -> dict:
        return {"kind": self.kind.currentData(), "at": self.at.text(), "ref": self.ref.text().strip(),
                "note": self.note.text().strip()}


class CountdownDialog(QDialog):
    """A deadline copied from the order page: the countdown text or an end time."""

    def __init__(self, ctx: UiContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Add a countdown"))
        self.setMinimumWidth(420)
        self.label = QLineEdit(self.tr("Seller must handle the refund"))
        self.when = ValidatedField(self._check, self.tr("2天23时, or 2026-11-30 18:00"))
        self.preview = QLabel()
        form = QFormLayout()
        form.addRow(self.tr("What"), self.label)
        form.addRow(self.tr("Time left or end time"), self.when)
        form.addRow("", self.preview)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.when.changed.connect(self._update)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.buttons)
        self._update()

    def _check(self, text: str) -> str:
        if not text.strip() or self._parse(text) is not None:
            return ""
        return self.ctx.wording.error("countdown_bad", value=text)

    @staticmethod
    def _parse(text: str):
        from tbcase.domain.countdown import parse_countdown

        for parse in (parse_datetime, lambda t: parse_countdown(t, now())):
            try:
                return parse(text)
            except KnownError:
                continue
        return None

    def due(self):
        return self._parse(self.when.text())

    def _update(self) -> None:
        due = self.due() if self.when.text() else None
        self.preview.setText(self.tr("Due {0}").format(due.strftime("%Y-%m-%d %H:%M")) if due else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(due is not None)


PROFILE_KEYS = ("name", "phone", "account", "address")


def load_profile(settings: QSettings) -> Complainant:
    return Complainant(**{k: str(settings.value(f"profile/{k}", "") or "") for k in PROFILE_KEYS})


class SettingsDialog(QDialog):
    """Library folder, complainant profile, language, reminders, extra holiday years.

    Signals:
        language_changed(str)
    """

    language_changed = Signal(str)

    def __init__(self, ctx: UiContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Settings"))
        s = ctx.settings
        self.library = QLineEdit(str(ctx.library.folder))
        # wide enough for the folder's path (at scale 1.75 it showed a dozen characters)
        chars = self.library.fontMetrics().averageCharWidth()
        self.library.setMinimumWidth(min(max(self.library.fontMetrics().horizontalAdvance(
            self.library.text()) + 2 * chars, 36 * chars), 72 * chars))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._browse)
        lib_row = QHBoxLayout()
        lib_row.addWidget(self.library)
        lib_row.addWidget(browse)
        self.profile = {k: QLineEdit(v) for k, v in asdict(load_profile(s)).items()}
        self.language = QComboBox()
        self.language.addItem(self.tr("Follow the system"), "auto")
        self.language.addItem("简体中文", "zh")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(s.value("language", "auto"))))
        self.reminders = QCheckBox(self.tr("Remind me of deadlines due within 24 hours or overdue"))
        self.reminders.setChecked(str(s.value("reminders", "true")) == "true")
        years = ", ".join(str(y) for y in ctx.engine.calendar.covered_years()[-3:])
        self.years_label = QLabel(self.tr("Official holiday data: up to {0}.").format(years))
        add_year = QPushButton(self.tr("Add a year's holiday notice…"))
        add_year.clicked.connect(self._add_year)
        form = QFormLayout()
        form.addRow(self.tr("Library folder"), lib_row)
        form.addRow(self.tr("Your name"), self.profile["name"])
        form.addRow(self.tr("Phone"), self.profile["phone"])
        form.addRow(self.tr("Taobao account"), self.profile["account"])
        form.addRow(self.tr("Address"), self.profile["address"])
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", self.reminders)
        form.addRow(self.tr("Holidays"), self.years_label)
        form.addRow("", add_year)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Library folder"), self.library.text())
        if folder:
            self.library.setText(folder)

    def _add_year(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Holiday notice file"), "",
                                              self.tr("Text or JSON (*.txt *.json)"))
        if not path:
            return
        try:
            data = self.ctx.engine.import_year_file(Path(path).read_text(encoding="utf-8-sig"))
        except (KnownError, OSError, UnicodeDecodeError) as exc:
            text = self.ctx.wording.error_of(exc) if isinstance(exc, KnownError) else str(exc)
            show_message(self, "warning", self.tr("Holidays"), text)
            return
        show_message(self, "information", self.tr("Holidays"), self.ctx.wording.error(
            "holidays_imported", year=data.year, holidays=len(data.holidays), workdays=len(data.workdays)))

    def accept(self) -> None:
        s = self.ctx.settings
        for k, edit in self.profile.items():
            s.setValue(f"profile/{k}", edit.text().strip())
        s.setValue("reminders", "true" if self.reminders.isChecked() else "false")
        folder = self.library.text().strip()
        if folder and Path(folder) != self.ctx.library.folder:
            s.setValue("library", folder)
            self.ctx.set_library(Path(folder))
        lang = self.language.currentData()
        if lang != s.value("language", "auto"):
            s.setValue("language", lang)
            self.language_changed.emit(lang)
        super().accept()


class PasteChatDialog(QDialog):
    PREVIEW_CHARS = 5_000  # laying out 20,000 characters was a 40-60 ms stall on open

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Paste a chat log"))
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(self.tr("Copy the conversation in Qianniu / Wangwang and paste it "
                                             "here. It is kept word for word as evidence."))
        self.title = QLineEdit(self.tr("Chat with the seller"))
        form = QFormLayout()
        form.addRow(self.tr("Title"), self.title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.size_note = QLabel()
        self.size_note.setWordWrap(True)
        self.size_note.hide()
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.size_note)
        lay.addWidget(self.text)
        lay.addWidget(buttons)
        self.resize(640, 480)
        self._pasted: str | None = None  # a long paste is kept here, only its start is shown

    def set_text(self, text: str) -> None:
        """Text from the clipboard. A long log is not laid out in the editor (that alone
        would freeze the window): its first lines are shown and the whole is kept."""
        if len(text) <= self.PREVIEW_CHARS:
            self._pasted = None
            self.text.setPlainText(text)
            return
        self._pasted = text
        self.text.setPlainText(text[:self.PREVIEW_CHARS])
        self.text.setReadOnly(True)
        self.size_note.setText(self.tr("{0} MB pasted: only the beginning is shown; all of it is kept.")
                               .format(f"{len(text.encode('utf-8')) / 1e6:.1f}"))
        self.size_note.show()

    def has_text(self) -> bool:
        return bool(self._pasted) or bool(self.text.toPlainText().strip())

    def text_bytes(self) -> bytes:
        return (self._pasted if self._pasted is not None else self.text.toPlainText()).encode("utf-8")
