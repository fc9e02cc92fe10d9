"""A file that cannot be opened as a case says why, in the user's words, and is left as it
was: missing, a folder, a stub of a SQLite header, a header for a version that cannot exist, a
newer schema, a copy cut short under a large page size; and a full disk while writing."""

import sqlite3

import pytest

from tbcase.domain.errors import KnownError
from tbcase.storage.casefile import CaseFile
from tbcase.storage.fileformat import SQLITE_MAGIC, backup_path, inspect_file
from tbcase.storage.models import APPLICATION_ID, SCHEMA_VERSION
from tests.helpers import make_png


def _refused(path):
    with pytest.raises(KnownError) as info:
        CaseFile.open(path)
    return info.value


def test_a_missing_file_is_named(tmp_path):
    err = _refused(tmp_path / "gone.tbcase")
    assert err.code == "case_not_found" and str(err) == f"找不到案件文件：{tmp_path / 'gone.tbcase'}"


def test_a_folder_in_its_place_says_why_it_cannot_be_read(tmp_path):
    folder = tmp_path / "folder.tbcase"
    folder.mkdir()
    err = _refused(folder)
    assert err.code == "case_unreadable" and "Is a directory" in str(err) and str(folder) in str(err)


def test_a_sqlite_header_stub_is_damaged_not_foreign(tmp_path):
    path = tmp_path / "stub.tbcase"
    path.write_bytes(SQLITE_MAGIC + b"\0" * 40)  # the magic, then cut off inside the 100-byte header
    assert _refused(path).code == "case_damaged"
    assert path.read_bytes() == SQLITE_MAGIC + b"\0" * 40


def test_our_application_id_with_version_0_is_damaged(tmp_path):
    path = tmp_path / "zero.tbcase"
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    before = path.read_bytes()
    assert _refused(path).code == "case_damaged" and path.read_bytes() == before


def test_a_newer_file_names_both_versions(new_case):
    case = new_case()
    path = case.path
    case.close()
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    message = str(_refused(path))
    assert f"格式 {SCHEMA_VERSION + 1}，本程序支持到 {SCHEMA_VERSION}" in message and str(path) in message


def test_a_copy_cut_short_with_64_kib_pages_is_damaged(new_case, tmp_path):
    """The header stores a page size of 65536 as 1 (SQLite file format 1.3.2); a copy cut
    short must be seen as short with that page size too."""
    case = new_case()
    case.evidence.add(make_png(600, 1200, seed=5), "big.png")
    path = case.path
    case.close()
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA page_size = 65536")
    con.execute("VACUUM")
    con.close()
    data = path.read_bytes()
    assert data[16:18] == b"\x00\x01" and len(data) >= 3 * 65536
    assert inspect_file(path) == SCHEMA_VERSION  # whole, it opens
    cut = tmp_path / "cut.tbcase"
    cut.write_bytes(data[: 2 * 65536])  # page 1 (the schema) is whole; the rest is missing
    assert _refused(cut).code == "case_damaged"
    assert cut.read_bytes() == data[: 2 * 65536]


def test_backup_name_says_the_version_and_the_time(tmp_path):
    name = backup_path(tmp_path / "订单.tbcase", 3).name
    assert name.startswith("订单.v3-") and name.endswith(".bak")
    stamp = name[len("订单.v3-"):-len(".bak")]
    assert len(stamp) == 15 and stamp[8] == "-" and (stamp[:8] + stamp[9:]).isdigit()


def test_a_full_disk_while_changing_a_field_is_a_clear_message_and_loses_nothing(new_case):
    case = new_case()
    case.set_field("facts", "原来的事实")
    pages = case.db.execute_sql("PRAGMA page_count").fetchone()[0]
    case.db.execute_sql(f"PRAGMA max_page_count = {pages}")  # the 'disk' is full
    with pytest.raises(KnownError) as info:
        case.set_field("facts", "很长的新事实" * 20000)
    assert info.value.code == "disk_full" and str(case.path) in str(info.value)
    assert case.case().facts == "原来的事实"
    assert [h.what for h in case.history()][-1] == "case.facts"
    assert len(case.history()) == 2 and case.check() == []


def test_a_busy_file_names_itself(new_case, monkeypatch):
    import tbcase.storage.casefile as cf

    case = new_case()
    holder = sqlite3.connect(case.path, timeout=0.1, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        monkeypatch.setattr(cf, "BUSY_TIMEOUT_MS", 100)
        other = CaseFile.open(case.path)
        with pytest.raises(KnownError) as info:
            other.set_field("shop", "x")
        assert info.value.code == "case_busy" and str(case.path) in str(info.value)
        other.db.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_page_damaged_after_opening_is_named_when_written(new_case):
    """The header and schema are whole (opening passes), a table's pages are not: the write
    that meets them says the file is damaged, and names it."""
    case = new_case()
    for i in range(3):
        case.evidence.add(make_png(600, 1200, seed=10 + i), f"{i}.png")
    path = case.path
    case.close()
    con = sqlite3.connect(path)
    pages = [n for (n,) in con.execute("SELECT pageno FROM dbstat WHERE name = 'evidence' ORDER BY pageno")]
    size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    data = bytearray(path.read_bytes())
    for n in pages:  # the exhibits' table: the next exhibit's number is read from it
        data[(n - 1) * size:n * size] = b"\xff" * size
    path.write_bytes(bytes(data))
    with CaseFile.open(path) as damaged:
        with pytest.raises(KnownError) as info:
            damaged.evidence.add(make_png(300, 400, seed=99), "new.png")
    assert info.value.code == "case_damaged" and str(path) in str(info.value)


def test_an_import_that_reads_too_long_is_stopped_names_the_file_and_leaves_nothing(new_case, tmp_path, monkeypatch):
    """A file from elsewhere built to make its reading run for ever: the import's deadline
    (600 s; here already past) stops it with the file's name, and no half copy is left."""
    import contextlib

    from tbcase.storage import repair

    @contextlib.contextmanager
    def past(con, seconds):  # as query_deadline once its time is up: SQLite interrupts the statement
        con.set_progress_handler(lambda: 1, 1)
        try:
            yield
        finally:
            con.set_progress_handler(None, 0)

    case = new_case()
    path = case.path
    case.close()
    monkeypatch.setattr(repair, "query_deadline", past)
    with pytest.raises(KnownError) as info:
        repair.repair_into(path, tmp_path / "copy.tbcase")
    assert str(info.value) == f"读取案件文件 {path} 用时过长，已中止（文件可能是恶意构造的）。文件未被修改。"
    assert not (tmp_path / "copy.tbcase").exists() and list(tmp_path.glob(".tbcase-import-*")) == []


def _sqlite_error(code, cls=None):
    import sqlite3

    exc = (cls or sqlite3.OperationalError)("from SQLite")
    exc.sqlite_errorcode = code
    return exc


def test_each_sqlite_failure_the_user_caused_has_its_message_and_a_bug_has_none(tmp_path):
    """``known_error``: full disk, busy or locked, damaged or not a database, a file that cannot
    be written (a disc, a read-only share), a query stopped
    at its deadline; by the primary code (the low byte of an extended one), wherever it sits:
    the error itself, an error peewee wrapped (in its args), or the one it was raised while
    handling; several causes: the first that applies in that order. Anything else is a bug."""
    import sqlite3

    from tbcase.storage.fileformat import known_error, sqlite_codes

    path = tmp_path / "a.tbcase"
    for code, said in ((sqlite3.SQLITE_FULL, "disk_full"), (sqlite3.SQLITE_BUSY | 5 << 8, "case_busy"),
                       (sqlite3.SQLITE_LOCKED, "case_busy"), (sqlite3.SQLITE_CORRUPT | 1 << 8, "case_damaged"),
                       (sqlite3.SQLITE_NOTADB, "case_damaged"), (sqlite3.SQLITE_READONLY | 6 << 8, "case_read_only"),
                       (sqlite3.SQLITE_INTERRUPT, "case_query_aborted")):
        error = known_error(_sqlite_error(code), path)
        assert (error.code, error.params) == (said, {"path": str(path)}), code
    for code in (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_ERROR, sqlite3.SQLITE_CONSTRAINT):
        assert known_error(_sqlite_error(code), path) is None
    assert known_error(ValueError("no code"), path) is None
    wrapped = RuntimeError("peewee", _sqlite_error(sqlite3.SQLITE_BUSY))
    assert known_error(wrapped, path).code == "case_busy"
    try:
        try:
            raise _sqlite_error(sqlite3.SQLITE_FULL)
        except sqlite3.Error:
            raise _sqlite_error(sqlite3.SQLITE_ERROR) from None  # the rollback after a full disk
    except sqlite3.Error as after:
        assert known_error(after, path).code == "disk_full"
        assert sqlite_codes(after) == [sqlite3.SQLITE_ERROR, sqlite3.SQLITE_FULL]
    both = _sqlite_error(sqlite3.SQLITE_CORRUPT)
    both.__cause__ = _sqlite_error(sqlite3.SQLITE_BUSY)
    assert known_error(both, path).code == "case_busy" and sqlite_codes(both) == [11, 5]
    loop = _sqlite_error(sqlite3.SQLITE_INTERRUPT)
    loop.__context__ = RuntimeError("again", loop)
    assert sqlite_codes(loop) == [sqlite3.SQLITE_INTERRUPT]  # each error once


def test_a_case_file_another_program_holds_locked_is_busy_when_opened_not_damaged(new_case, monkeypatch):
    """Opening (``inspect_file``) a case file another program holds an exclusive lock on says
    it is in use elsewhere, naming it: not that it is damaged."""
    import sqlite3

    from tbcase.storage import fileformat

    case = new_case()
    path = case.path
    case.close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **kw: connect(*a, **{**kw, "timeout": 0.1}))
    try:
        with pytest.raises(KnownError) as info:
            fileformat.inspect_file(path)
        assert info.value.code == "case_busy"
        assert str(info.value) == f"案件文件 {path} 正在其他窗口或程序中使用，请稍后再试。"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert fileformat.inspect_file(path) >= 1


@pytest.mark.parametrize("code, said", [(sqlite3.SQLITE_BUSY, "case_busy"), (sqlite3.SQLITE_LOCKED, "case_busy"),
                                        (sqlite3.SQLITE_CORRUPT, "case_damaged")])
def test_a_connection_refused_after_the_files_check_says_busy_or_damaged(new_case, monkeypatch, code, said):
    """The file passed its check, then SQLite refuses the connection (another program took
    the file in between, or the disk failed): in use elsewhere is said as such, anything
    else as damaged; both name the file, and nothing stays open."""
    import peewee

    from tbcase.storage.casefile import CaseFile as CF

    case = new_case()
    path = case.path
    case.close()
    real = CF._database
    closed = []

    def refusing(p, readonly):
        db = real(p, readonly)
        cause = sqlite3.OperationalError("refused")
        cause.sqlite_errorcode = code

        def connect(*_a, **_kw):
            raise peewee.OperationalError(cause) from cause

        db.connect = connect
        db.close = lambda: closed.append(True)
        return db

    monkeypatch.setattr(CF, "_database", staticmethod(refusing))
    with pytest.raises(KnownError) as info:
        CF.open(path)
    assert (info.value.code, info.value.params, closed) == (said, {"path": str(path)}, [True])
