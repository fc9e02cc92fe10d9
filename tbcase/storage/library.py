"""The library: a folder of case files, with a small rebuildable index.

The index (``.tbcase-index.sqlite`` in the folder) is a cache keyed by each file's
size, modification time and inode change time (``_file_key``); it is never the source of
truth and can be deleted at any time. One bad file never hides the others: it is listed with its error.

The index is trusted no more than the folder it sits in: every entry is signed with a
key private to this user (HMAC-SHA256, the key in the config folder), so an entry forged
or copied along with the folder (unzipping keeps modification times) is not used, and
every entry is checked into typed values; anything in doubt is read again from the file.

The index also holds the searchable text of each case (its own fields, its chat logs, the
text OCR read in its images) in an FTS5 table with the ``trigram`` tokenizer, so that any
run of three or more characters (Chinese included) is found without a scan. Those rows are
signed the same way, together with the key of the file version they were read from: a hit
is shown only when its signature holds and the file has not changed since.
"""

from __future__ import annotations

import hmac
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tbcase.domain.errors import KnownError
from tbcase.domain.model import normalise_order_number, safe_file_stem
from tbcase.storage.deadline_cache import deadlines_to_rows, engine_version, kept_or_computed
from tbcase.storage.listing import (
    LISTING_SQL,
    BadRow,
    LibraryEntry,
    Snapshot,
    entry_of,
    read_snapshot,
    row_key,
    row_of,
    rules_from_json,
    rules_to_json,
    sign,
    write_snapshot,
)
from tbcase.storage.private import create_private, make_private, private_dir
from tbcase.storage.summary import SUFFIX, CaseSummary

if TYPE_CHECKING:
    from tbcase.domain.ladder import CaseFacts, Rule
    from tbcase.storage.casefile import CaseFile
    from tbcase.storage.engine import DeadlineEngine
    from tbcase.storage.integrity import Finding
    from tbcase.storage.search import Document, SearchHit

INDEX_NAME = ".tbcase-index.sqlite"
INDEX_VERSION = 6
DOC_SQL = ("CREATE VIRTUAL TABLE doc USING fts5(name UNINDEXED, evidence_id UNINDEXED, "
           "exhibit UNINDEXED, kind UNINDEXED, text, sig UNINDEXED, tokenize='trigram')")
_INDEX_OBJECTS = sorted([("table", "listing"), ("table", "doc"),
                         *[("table", f"doc_{t}") for t in ("data", "idx", "content", "docsize", "config")]])
KEY_NAME = "index.key"
_PASSING = frozenset({"case_busy", "case_unreadable", "disk_full"})  # errors a later scan may not get


def _user_key() -> bytes | None:
    """This user's key for signing index entries (made on first use, private); None when
    the config folder cannot hold one (then the index is not used)."""
    from tbcase.paths import user_config_dir
    from tbcase.storage.private import private_dir, write_private

    path = user_config_dir() / KEY_NAME
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    try:
        private_dir(path.parent)
        write_private(path, os.urandom(32))  # what secrets.token_bytes gives
        return path.read_bytes()
    except OSError:
        return None


def _sign(key: bytes, row: tuple[Any, ...]) -> str:
    return sign(key, json.dumps(list(row), ensure_ascii=False).encode("utf-8"))


def bug_text(exc: BaseException) -> str:
    """One line naming a bug: the exception and where it happened."""
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    where = f" ({Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"[:500]


def _file_key(path: Path, has_wal: bool = True) -> tuple[int, int, int] | None:
    """What says a file changed: its modification time and size, and a stamp of what else
    would: the time its inode last changed and its number (a file replaced or rewritten
    with the same size and modification time, as copies that keep times and coarse clocks
    give, SQLite files growing in whole pages; no program sets that time back) and the time
    and size of a WAL beside it."""
    try:
        st = path.stat()
    except OSError:
        return None
    wal_st = None
    if has_wal:
        try:
            wal_st = Path(str(path) + "-wal").stat()
        except OSError:
            pass
    return _key_of(st, wal_st)


def _key_of(st: os.stat_result, wal_st: os.stat_result | None) -> tuple[int, int, int]:
    wal = (wal_st.st_mtime_ns, wal_st.st_size) if wal_st is not None else (0, 0)
    # The stamp only has to change when one of its values does. Python's hash of a tuple of
    # ints is not salted (a str's is): the same values give the same stamp in every run (a
    # tenth of the cost of a blake2b digest, 1,000 files at every start). A Python that
    # hashes otherwise makes every file look changed once: each is read again, not missed.
    return st.st_mtime_ns, st.st_size, hash((st.st_ctime_ns, st.st_ino, *wal))


def _listed_key(entry: os.DirEntry[str], wal: os.DirEntry[str] | None) -> tuple[int, int, int] | None:
    """``_file_key`` from the folder's listing: one stat of the file (and one of its WAL
    when the listing has one), no paths built. Windows' listing gives no inode numbers:
    there the files themselves are asked."""
    try:
        st = entry.stat() if os.name != "nt" else os.stat(entry.path)
    except OSError:
        return None
    wal_st = None
    if wal is not None:
        try:
            wal_st = wal.stat() if os.name != "nt" else os.stat(wal.path)
        except OSError:
            pass
    return _key_of(st, wal_st)


def read_summary(path: Path) -> CaseSummary:
    """A case's summary, opening the file only for reading (an old one is migrated first)."""
    return read_case(path)[0]


def read_case(path: Path) -> tuple[CaseSummary, list[Document]]:
    """A case's summary and searchable text, from one read-only opening."""
    from tbcase.storage.casefile import CaseFile  # peewee loads only when needed
    from tbcase.storage.search import read_documents

    with CaseFile.open(path, readonly=True) as case:  # open() inspects the file first
        return case.summary(), read_documents(case)


def _is_file(entry: os.DirEntry[str]) -> bool:
    """A regular file, or a link to one (no stat unless the listing cannot tell)."""
    try:
        return entry.is_file()
    except OSError:
        return False


class SignedIndex:
    """The library index opened for search: its connection, and ``genuine`` to tell a
    search row signed by this user for the file as it is now from any other (forged,
    copied along with the folder, or read from an older version of the file)."""

    def __init__(self, folder: Path, connection: sqlite3.Connection, key: bytes) -> None:
        self.connection = connection
        self._folder = folder
        self._key = key
        self._file_keys: dict[str, tuple[int, int, int] | None] = {}

    def genuine(self, name: str, values: tuple[Any, ...], sig: object) -> bool:
        """``values`` (evidence id, exhibit, kind, text) of case file ``name`` match ``sig``."""
        if name not in self._file_keys:
            self._file_keys[name] = _file_key(self._folder / name)
        fk = self._file_keys[name]
        return (fk is not None and isinstance(sig, str)
                and hmac.compare_digest(sig, _sign(self._key, (name, *fk, *values))))


class Library:
    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)

    def ensure(self) -> None:
        try:
            private_dir(self.folder)
        except OSError:
            raise KnownError("library_unwritable", path=str(self.folder)) from None

    # -- the index cache

    def _index(self) -> sqlite3.Connection | None:
        path = self.folder / INDEX_NAME
        for _attempt in range(2):
            try:
                if not path.exists():
                    create_private(path)  # its -wal and -shm take its mode
                else:
                    make_private(path)
                con = sqlite3.connect(path, timeout=2)
                con.execute("PRAGMA trusted_schema = OFF")
                con.execute("PRAGMA cell_size_check = ON")
                if not self._index_shape_ok(con):
                    con.close()
                    path.unlink()
                    create_private(path)
                    con = sqlite3.connect(path, timeout=2)
                    con.execute(LISTING_SQL)
                    con.execute(DOC_SQL)
                    con.execute(f"PRAGMA user_version = {INDEX_VERSION}")
                    con.commit()
                return con
            except (sqlite3.Error, OSError):
                # a broken cache is thrown away and rebuilt
                try:
                    path.unlink(missing_ok=True)
                except OSError:
                    return None  # a read-only folder goes without a cache
        return None

    @staticmethod
    def _index_shape_ok(con: sqlite3.Connection) -> bool:
        """The index holds exactly our two tables (and the search table's own): any other
        shape (an older version, a view or trigger someone added, a table made with other
        columns or options) is thrown away."""
        if con.execute("PRAGMA user_version").fetchone()[0] != INDEX_VERSION:
            return False
        schema = con.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
        if sorted((t, n) for t, n, _ in schema) != _INDEX_OBJECTS:
            return False
        return sorted(sql for _, n, sql in schema if n in ("doc", "listing")) == sorted([DOC_SQL, LISTING_SQL])

    def case_paths(self) -> list[Path]:
        return [self.folder / name for name in self._case_names()[0]]

    def _case_names(self) -> tuple[list[str], dict[str, os.DirEntry[str]]]:
        """The case file names (sorted) and every entry of the folder, from one listing."""
        try:
            with os.scandir(self.folder) as it:
                listing = {e.name: e for e in it}
        except OSError:
            return [], {}
        names = sorted(n for n, e in listing.items() if n.endswith(SUFFIX) and _is_file(e))
        return names, listing

    def entries(self, progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None,
                engine: DeadlineEngine | None = None) -> list[LibraryEntry]:
        """Every case in the folder (unchanged files from the index's snapshot, see
        ``listing``); with ``engine`` their deadlines."""
        names, listing = self._case_names()
        key = _user_key() if names else None
        con = self._index() if key is not None else None
        kept = read_snapshot(con, key) if con is not None and key is not None else Snapshot()
        version = engine_version(engine) if engine is not None else kept.version
        rules, kept_rules = self._rules(engine if names else None, kept, version)
        out: list[LibraryEntry] = []
        rows: list[list[Any]] = []  # the new snapshot
        fresh: list[str] = []  # files read again: their search rows are replaced
        fresh_docs: list[tuple[Any, ...]] = []
        changed = kept.rows.keys() != set(names) or version != kept.version or kept_rules != kept.rules
        for i, name in enumerate(names):
            if cancelled is not None and cancelled():
                rows += [kept.rows[n] for n in names[i:] if n in kept.rows]  # kept for the next scan
                break
            path = self.folder / name
            file_key = _listed_key(listing[name], listing.get(name + "-wal"))
            if file_key is None:
                changed = True
                continue
            row = kept.rows.get(name)
            if row is not None and row_key(row) == file_key:
                try:
                    entry = entry_of(path, row)
                except BadRow:
                    entry = None
                if entry is not None:
                    out.append(entry)
                    if engine is not None and self._deadlines(entry, engine, rules, version, kept.version, row[6]):
                        row = [*row[:6], deadlines_to_rows(entry.deadlines or [])]  # computed again
                        changed = True
                    rows.append(row)
                    continue
            changed = True
            if progress is not None and len(fresh) % 50 == 0:  # files read, not rows kept: those are quick
                progress(i, len(names))
            entry, docs = self._read_with_documents(path)
            out.append(entry)
            if engine is not None:
                self._deadlines(entry, engine, rules, version, None, None)
            new_key = _file_key(path) or file_key
            fresh.append(name)
            for doc in docs:
                doc_row = (name, *new_key, doc.evidence_id, doc.exhibit, doc.kind, doc.text)
                fresh_docs.append((name, doc.evidence_id, doc.exhibit, doc.kind, doc.text,
                                   _sign(key, doc_row) if key is not None else None))
            # a bug is not remembered (the next version of tbcase may read the file), nor an
            # error that passes with the file unchanged (a lock another program held, a drive
            # that did not answer): the next scan reads the file again
            if not entry.bug and entry.error not in _PASSING:
                kept_deadlines = deadlines_to_rows(entry.deadlines) if entry.deadlines is not None else None
                rows.append(row_of(name, new_key, entry, kept_deadlines))
        if con is not None and key is not None:
            try:
                if changed:
                    with con:
                        write_snapshot(con, key, version, kept_rules, rows)
                        con.executemany("DELETE FROM doc WHERE name = ?", [(n,) for n in fresh])
                        con.executemany("INSERT INTO doc VALUES (?, ?, ?, ?, ?, ?)", fresh_docs)
                        marks = ",".join("?" * len(names))
                        con.execute(f"DELETE FROM doc WHERE name NOT IN ({marks})", names)
            except sqlite3.Error:
                pass  # the cache is optional
            finally:
                con.close()
        if progress is not None and fresh:
            progress(len(names), len(names))
        return out

    @staticmethod
    def _rules(engine: DeadlineEngine | None, kept: Snapshot, version: str | None
               ) -> tuple[dict[str, Rule], list[Any] | None]:
        """The rules the kept deadlines are read with, and as the snapshot keeps them: the
        snapshot's own when they are of this version (the rules file is not read)."""
        if engine is None:
            return {}, kept.rules
        if kept.version == version and kept.rules is not None:
            try:
                return rules_from_json(kept.rules), kept.rules
            except BadRow:
                pass
        return engine.rules_by_id(), rules_to_json(engine.rules)

    @staticmethod
    def _deadlines(entry: LibraryEntry, engine: DeadlineEngine, rules: dict[str, Rule], version: str | None,
                   dkey: object, cached: object) -> bool:  # True when computed: the snapshot is rewritten
        def facts() -> CaseFacts | None:
            return entry.summary.facts if entry.summary is not None else None

        entry.kept, computed = kept_or_computed(entry.has_facts, facts, engine, rules, version, dkey, cached)
        return computed

    def _read_with_documents(self, path: Path) -> tuple[LibraryEntry, list[Document]]:
        try:
            summary, docs = read_case(path)
            return LibraryEntry(path, summary), docs
        except KnownError as exc:
            return LibraryEntry(path, None, exc.code, {k: str(v) for k, v in exc.params.items()}), []
        except Exception as exc:  # noqa: BLE001 - a bug: this case is listed with it, the others still are
            return LibraryEntry(path, None, "case_bug", {"path": str(path), "detail": bug_text(exc)},
                                bug=True), []

    def _read(self, path: Path) -> LibraryEntry:
        return self._read_with_documents(path)[0]

    @contextmanager
    def search_index(self) -> Iterator[SignedIndex | None]:
        """The index for ``search``, closed after use; None when there is none (no key, a
        read-only folder): then the files themselves are read."""
        key = _user_key()
        con = self._index() if key is not None else None
        if con is None or key is None:
            yield None
            return
        try:
            yield SignedIndex(self.folder, con, key)
        finally:
            con.close()

    def find(self, query: str, limit: int = 100) -> list[SearchHit]:
        """Cases whose fields, chat logs or image text contain ``query`` (see ``search``)."""
        from tbcase.storage.search import find

        return find(self, query, limit)

    # -- finding and creating cases

    def path_for(self, order_no: str, name: str | None = None) -> Path:
        stem = safe_file_stem(name) if name else safe_file_stem(normalise_order_number(order_no))
        return self.folder / f"{stem}{SUFFIX}"

    def resolve(self, query: str) -> Path:
        """CASE on the command line: a path to a file, or an order number in the library."""
        as_path = Path(query)
        if as_path.suffix == SUFFIX or as_path.exists():
            if not as_path.exists():
                raise KnownError("case_not_found", path=str(as_path))
            return as_path
        order = normalise_order_number(query)
        direct = self.folder / f"{safe_file_stem(order)}{SUFFIX}"
        if direct.exists():
            return direct
        matches = [e.path for e in self.entries()
                   if e.summary is not None and e.summary.order_no == order]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise KnownError("case_ambiguous", query=query)
        raise KnownError("no_such_case", query=query)

    def create(self, *, order_no: str, name: str | None = None, **fields: Any) -> CaseFile:
        from tbcase.storage.casefile import CaseFile

        self.ensure()
        return CaseFile.create(self.path_for(order_no, name), order_no=order_no, **fields)

    def import_case(self, source: Path) -> Path:
        return self.import_case_report(source)[0]

    def import_case_report(self, source: Path) -> tuple[Path, list[Finding]]:
        """A case file from elsewhere, repaired into a new file in the library: only our
        tables and columns, every value checked, the app's own schema and triggers (see
        ``repair``). The sender's file is only read (a copy of it, with its WAL, is what
        is opened). Never overwrites: a name already taken gets a numbered suffix.
        Returns the new file and what was left out or changed, and why, as findings
        (``check.import_<code>``, worded by ``Wording.finding``)."""
        from tbcase.storage.repair import import_copy

        self.ensure()
        target, report = import_copy(Path(source), self.folder, SUFFIX)
        return target, list(report.findings)

    def import_bundle(self, folder: Path) -> tuple[Path, list[Finding]]:
        """A case from a folder written by ``export`` (see ``bundle``), and what it left out."""
        from tbcase.storage.bundle import import_bundle

        return import_bundle(self, folder)

