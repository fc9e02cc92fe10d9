"""The case list types a row's summary, its words searched and its next step only when
asked for (ui/case_rows.py, issue 14: start-up): every cell of every row reads exactly as
when the row is made from the typed summary, sorted and filtered alike, over a varied
library (no steps yet, running and closed deadlines, a countdown, chat text, a closed case,
a file that is not a case)."""

from datetime import timedelta

import pytest

from tbcase.domain.model import now

pytestmark = pytest.mark.gui


@pytest.fixture
def varied_library(library_dir, new_case):
    day = now().replace(hour=10, minute=0, second=0) - timedelta(days=3)
    at = lambda days: (day + timedelta(days=days)).strftime("%Y-%m-%d %H:%M")  # noqa: E731
    made = []
    for n in range(12):
        case = new_case(order=f"40000000000000{n:05d}", shop=["北岸茶叶", "青禾家居旗舰店", "Shop"][n % 3],
                        item=f"商品 {n}", signed=at(-10 + n) if n % 4 else "")
        if n % 3 == 1:
            case.steps.add("complaint", at=at(n % 5 - 2))
        if n % 3 == 2:
            case.steps.add("complaint", at=at(-20))
            case.steps.add("written_complaint", at=at(-n))
        if n == 5:
            case.steps.add_countdown("卖家还剩 2天23时 处理", at(2))
        if n == 7:
            case.evidence.add("tb1 2026-11-1 10:00:00\n退款什么时候到账\n".encode(), "chat.txt")
        if n == 9:
            case.set_field("status", "closed")
        made.append(case.path)
        case.close()
    (library_dir / "not-a-case.tbcase").write_bytes(b"garbage")
    return library_dir


def test_rows_typed_when_asked_for_read_as_rows_typed_at_once(qapp, varied_library):
    from PySide6.QtCore import Qt

    from tbcase.domain.ladder import DeadlineState
    from tbcase.storage.engine import DeadlineEngine
    from tbcase.storage.library import Library
    from tbcase.ui.app import make_settings
    from tbcase.ui.case_list import CaseFilterProxy, CaseListPane
    from tbcase.ui.case_rows import CaseRowData, case_row, case_rows, headline_of
    from tbcase.ui.context import UiContext
    from tbcase.ui.models import CaseListModel, SortRole
    from tbcase.ui.tasks import JobRunner

    engine = DeadlineEngine()
    library = Library(varied_library)
    library.entries(engine=engine)  # the files are read; the index keeps the list
    ctx = UiContext(library, engine, JobRunner(qapp), make_settings(), "zh")
    at = now()
    lazy = case_rows(ctx, library.entries(engine=engine), at)
    assert sum(r._entry is not None for r in lazy) == 12  # from the snapshot, not typed
    assert all(r._entry._unread is not None for r in lazy if r._entry is not None)
    waiting = [r for r in lazy if r._deadline_at is not None]  # sorted by due time and state alone
    assert len(waiting) > 3 and all(r._deadline is None for r in waiting)
    eager = []
    for e in library.entries(engine=engine):
        if e.summary is None:
            eager.append(case_row(ctx, e, at))
            continue
        s = e.summary  # typed first, as every row was before
        deadline, action = headline_of(ctx, s, e.kept, at)
        eager.append(CaseRowData(s.path, s, None, deadline, s.search_text.lower(), action, e.kept))
    eager.sort(key=lambda r: (r.deadline is None, r.deadline.due if r.deadline else 0, r.summary is None, r.path))
    assert [r.path for r in lazy] == [r.path for r in eager]
    assert [(r.due_key, r.state) for r in lazy] == [(r.due_key, r.state) for r in eager]
    assert {r.state for r in lazy} >= {DeadlineState.OVERDUE, DeadlineState.UPCOMING, None}
    reminders = []
    for rows in (lazy, eager):  # counted and the soonest named from the due times and states
        pane = CaseListPane(ctx)
        pane.model.set_rows(rows, at)
        reminders.append((pane.show_reminder(True), pane.reminder.toolTip()))
    assert reminders[0] == reminders[1] and reminders[0][0]
    assert sum(r._deadline_at is None for r in waiting) == 1  # the soonest, for its tooltip
    models = []
    for rows in (lazy, eager):
        model = CaseListModel(ctx)
        model.set_rows(rows, at)
        models.append(model)
    roles = [Qt.ItemDataRole.DisplayRole, SortRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole,
             Qt.ItemDataRole.TextAlignmentRole]
    cells = [[[m.data(m.index(r, c), role) for c in range(7) for role in roles] for r in range(m.rowCount())]
             for m in models]
    assert cells[0] == cells[1]
    for i, role in enumerate(roles):  # every role the list answers is answered (the others are not asked)
        assert any(cell is not None for row in cells[0] for cell in row[i::len(roles)]), role
    assert models[0].data(models[0].index(0, 0), Qt.ItemDataRole.DecorationRole) is None
    assert any(cells[0][r][1 * 5] for r in range(len(lazy)))  # deadline cells are not all empty
    assert {r.next_action for r in lazy} == {r.next_action for r in eager} and len({r.next_action for r in lazy}) > 1
    for text in ["", "北岸", "4000000000000000003", "退款", "shop 商品", "nothing like it"]:
        for due in (False, True):
            shown = []
            for model in models:
                proxy = CaseFilterProxy()
                proxy.setSourceModel(model)
                proxy.set_search(text)
                proxy.set_due_only(due)
                shown.append([proxy.mapToSource(proxy.index(i, 0)).row() for i in range(proxy.rowCount())])
            assert shown[0] == shown[1], (text, due)
    assert len(lazy) == 13 and any(r.error for r in lazy)  # the file that is not a case is listed too
    for model in models:  # refreshed later (time passed): still the same
        model.refresh_states()
    lazy_column, eager_column = ([m.data(m.index(r, CaseListModel.DEADLINE)) for r in range(m.rowCount())]
                                 for m in models)
    assert lazy_column == eager_column
