"""The rules dialog (规则): every deadline rule with its article, so a user can check a date
against the text it comes from. The same ``Rule`` records ``tbcase rules`` prints."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
)

from tbcase.domain.ladder import Rule
from tbcase.ui.context import UiContext, plain_tip
from tbcase.ui.models import ObjectRole
from tbcase.wording import Wording


class RulesModel(QAbstractTableModel):
    """One row per rule; ``ObjectRole`` carries the ``Rule``."""

    LABEL, WHO, STARTS, PERIOD, BASIS, SOURCE, VALID, CHECKED = range(8)

    def __init__(self, wording: Wording, parent=None) -> None:
        super().__init__(parent)
        self.wording = wording
        self.rules: list[Rule] = []

    def set_rows(self, rules: list[Rule]) -> None:
        self.beginResetModel()
        self.rules = list(rules)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rules)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 8

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (QCoreApplication.translate("RulesModel", "Rule"),
                QCoreApplication.translate("RulesModel", "Whose clock"),
                QCoreApplication.translate("RulesModel", "Starts with"),
                QCoreApplication.translate("RulesModel", "Period"),
                QCoreApplication.translate("RulesModel", "Basis"),
                QCoreApplication.translate("RulesModel", "Source"),
                QCoreApplication.translate("RulesModel", "Applies"),
                QCoreApplication.translate("RulesModel", "Checked"))[section]

    def _text(self, rule: Rule, column: int) -> str:
        w = self.wording
        if column == self.LABEL:
            return w.text(rule, "label")
        if column == self.WHO:
            return w.word("who." + rule.who)
        if column == self.STARTS:
            return w.rule_starts(rule.starts)
        if column == self.PERIOD:
            return w.rule_period(rule.amount, rule.unit)
        if column == self.BASIS:
            return w.word("basis." + rule.basis.value)
        if column == self.SOURCE:
            return w.text(rule, "source")
        if column == self.VALID:
            return w.rule_valid(rule.valid_from, rule.valid_to)
        return rule.checked

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        rule = self.rules[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(rule, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            note = self.wording.text(rule, "note")
            tip = self._text(rule, self.LABEL) + "\n" + self._text(rule, self.SOURCE)
            return plain_tip(tip + ("\n" + note if note else ""))
        if role == ObjectRole:
            return rule
        return None


class RulesDialog(QDialog):
    def __init__(self, ctx: UiContext, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Rules and their sources"))
        self.model = RulesModel(ctx.wording, self)
        self.model.set_rows(ctx.engine.rules)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column, width in ((RulesModel.LABEL, 160), (RulesModel.STARTS, 120),
                              (RulesModel.BASIS, 110)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(RulesModel.SOURCE, QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        intro = QLabel(self.tr(
            "Each deadline tbcase shows comes from one of these rules. A clock the other party "
            "must meet is overdue only after the legal last day; your own windows are warned "
            "against the unextended date. Your own ladder.toml in the settings folder replaces "
            "rules by id."))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.view)
        lay.addWidget(buttons)
        self.resize(1200, 640)
