"""The window's rules dialog (规则): the same rules as ``tbcase rules``, with their articles."""

import pytest
from PySide6.QtCore import Qt

from tbcase.ui.models import ObjectRole
from tests.integration.test_window import demo_dir, tbapp  # noqa: F401 - fixtures

pytestmark = pytest.mark.gui


def test_rules_dialog_lists_every_rule_with_its_article(tbapp, qtmodeltester, monkeypatch):  # noqa: F811
    from tbcase.ui.rules_dialog import RulesDialog, RulesModel

    shown = []
    monkeypatch.setattr(RulesDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    tbapp.window.act_rules.trigger()
    (dialog,) = shown
    model = dialog.model
    qtmodeltester.check(model)
    assert model.rowCount() == len(tbapp.ctx.engine.rules)
    rows = {model.index(r, 0).data(ObjectRole).id: r for r in range(model.rowCount())}

    def cell(rule, col):
        return model.index(rows[rule], col).data()

    assert "第23条第1款第5项" in cell("mediation_limit", RulesModel.SOURCE)
    assert cell("mediation_limit_2020", RulesModel.PERIOD) == "45个工作日"
    assert cell("mediation_limit_2020", RulesModel.VALID) == "2020-01-01 – 2026-04-14"
    assert cell("app_reply", RulesModel.BASIS) == "指南建议，非平台公开规则"
    assert cell("refund_after_return", RulesModel.WHO) == "卖家"
    assert "168小时" in model.index(rows["no_reason_return"], 0).data(Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(RulesModel.SOURCE, Qt.Orientation.Horizontal) == "依据"
    assert dialog.windowTitle() == "规则及其依据"
    dialog.close()


def test_case_page_warns_after_a_consumer_association_complaint(tbapp, qtbot):  # noqa: F811
    from tbcase.ui.session import Change
    from tests.integration.test_window import open_demo, settle

    page = open_demo(tbapp, qtbot, tab="overview")
    overview = page.tab("overview")
    settle(page, qtbot)
    assert "第16条" not in overview.next_label.text()
    page.session.write(lambda c: c.steps.add("consumer_association", at="2026-11-25 10:00"), Change.STEPS)
    qtbot.waitUntil(lambda: "第16条" in overview.next_label.text(), timeout=10000)
    assert "消费者协会" in overview.next_label.text()
    assert "最早" in overview.limit_label.text()
