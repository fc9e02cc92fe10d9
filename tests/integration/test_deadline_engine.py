"""The deadline engine as the letter's worker process and the holiday import use it
(storage/engine.py): it crosses a process boundary whole, and a year the user imports is
kept in their folder and used at once."""

import pickle
from datetime import date

from tbcase.storage.engine import DeadlineEngine


def test_the_engine_crosses_to_a_worker_process_with_its_rules_calendar_and_a_lock_of_its_own(tmp_path):
    engine = DeadlineEngine(tmp_path)
    rules = engine.rules_by_id()
    engine.import_year_file("2031-01-01..2031-01-03 休\n")
    copy = pickle.loads(pickle.dumps(engine))
    assert copy.config_dir == tmp_path and copy.rules_by_id() == rules
    assert copy._lock is not engine._lock and copy._lock.acquire(blocking=False)
    copy._lock.release()
    assert not copy.calendar.is_workday(date(2031, 1, 2))
    assert "_lock" in engine.__dict__ and engine.calendar.has_data(2031)  # the original is untouched


def test_an_imported_year_is_used_at_once_and_kept_for_the_next_start(tmp_path):
    engine = DeadlineEngine(tmp_path)
    assert not engine.calendar.has_data(2031)
    data = engine.import_year_file("# 2031\n2031-01-01..2031-01-03 休\n2031-01-04 班\n")
    assert data.year == 2031 and date(2031, 1, 2) in data.holidays and date(2031, 1, 4) in data.workdays
    assert engine.calendar.has_data(2031) and engine.calendar.is_workday(date(2031, 1, 4))
    assert not engine.calendar.is_workday(date(2031, 1, 2))
    assert engine.holidays_file == tmp_path / "holidays.json" and engine.holidays_file.exists()
    again = DeadlineEngine(tmp_path)
    assert again.calendar.has_data(2031) and again.calendar.is_workday(date(2031, 1, 4))
