"""peewee models of a case file.

The same model classes serve every open case file: each ``CaseFile`` binds them
to its own database for the current thread (see ``ThreadSafeDatabaseMetadata``).
"""

from __future__ import annotations

import threading
from typing import Any

from peewee import (
    SQL,
    AutoField,
    BlobField,
    CharField,
    ForeignKeyField,
    IntegerField,
    Metadata,
    Model,
    TextField,
)

from tbcase.domain.errors import KnownError

SCHEMA_VERSION = 6
CHAINED_SINCE = 5  # the schema from which history entries are hash-chained (see chain.py)
STRUCTURED_SINCE = 6  # the schema from which history entries are stored as data (history.py)
APPLICATION_ID = 0x74626361  # "tbca": marks a SQLite file as a tbcase case file


class ThreadSafeDatabaseMetadata(Metadata):
    """Model metadata whose database binding is per thread (peewee 3's playhouse
    class, which peewee 4 dropped), so a worker can bind the models to one case
    file while the UI thread reads another."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._local = threading.local()
        super().__init__(*args, **kwargs)

    def _get_db(self) -> Any:
        return getattr(self._local, "database", self._database)

    def _set_db(self, db: Any) -> None:
        if getattr(self, "_database", None) is None:
            self._database = db
        self._local.database = db

    database = property(_get_db, _set_db)


class BaseModel(Model):
    class Meta:
        database = None  # each CaseFile binds the models to its file (bind_ctx), per thread
        model_metadata_class = ThreadSafeDatabaseMetadata
        legacy_table_names = False


class MetaEntry(BaseModel):
    key = CharField(primary_key=True)
    value = TextField()


class CaseRow(BaseModel):
    """The one row of the case: order facts, complaint, complainant copy."""

    id = AutoField()  # what peewee adds unsaid, said so a type checker sees it
    order_no = CharField()
    platform = CharField(default="taobao")
    shop = TextField(default="")
    seller_entity = TextField(default="")
    seller_address = TextField(default="")  # the seller's address as the platform shows it (schema 3)
    item = TextField(default="")
    amount_fen = IntegerField(null=True)
    ordered_at = CharField(null=True)
    signed_at = CharField(null=True)
    complaint_type = CharField()
    outcome = CharField(default="refund")
    status = CharField(default="open")
    facts = TextField(default="")
    demands = TextField(default="")
    notes = TextField(default="")
    buyer_nick = TextField(default="")
    complainant_name = TextField(default="")
    complainant_phone = TextField(default="")
    complainant_account = TextField(default="")
    complainant_address = TextField(default="")
    created = CharField()
    updated = CharField()

    class Meta:
        table_name = "case"


class Evidence(BaseModel):
    id = AutoField()  # what peewee adds unsaid, said so a type checker sees it
    sha256 = CharField(unique=True)
    original_name = TextField(default="")
    media_type = CharField(default="application/octet-stream")
    size = IntegerField()
    kind = CharField()
    title = TextField(default="")
    note = TextField(default="")
    exhibit = IntegerField(null=True)
    captured = CharField(null=True)
    captured_source = CharField(default="")  # exif | file | user | ""
    width = IntegerField(null=True)
    height = IntegerField(null=True)
    added = CharField()
    deleted = CharField(null=True)  # soft delete: undo brings it back


class EvidenceBlob(BaseModel):
    evidence = ForeignKeyField(Evidence, primary_key=True, on_delete="CASCADE",
                               backref="blob")
    data = BlobField()


class Derived(BaseModel):
    """Display copy and thumbnail of an image, derived from the original bytes."""

    id = AutoField()  # what peewee adds unsaid, said so a type checker sees it
    evidence = ForeignKeyField(Evidence, on_delete="CASCADE", backref="derived")
    kind = CharField()  # thumb | display
    media_type = CharField()
    width = IntegerField()
    height = IntegerField()
    data = BlobField()

    class Meta:
        indexes = ((("evidence", "kind"), True),)


class OcrText(BaseModel):
    """Text recognised in an image: derived data beside the original (whose bytes never
    change), made once per image, with the engine and version that made it."""

    evidence = ForeignKeyField(Evidence, primary_key=True, on_delete="CASCADE", backref="ocr")
    engine = CharField()
    version = CharField()
    created = CharField()
    text = TextField()  # the lines, one per row, for search
    boxes = TextField()  # JSON [[text, [left, top, right, bottom], score], ...]


class ChatMessage(BaseModel):
    id = AutoField()  # what peewee adds unsaid, said so a type checker sees it
    evidence = ForeignKeyField(Evidence, on_delete="CASCADE", backref="messages")
    seq = IntegerField()
    at = CharField(null=True)
    speaker = TextField(default="")
    role = CharField(default="unknown")  # buyer | seller | system | unknown
    text = TextField(default="")
    status = CharField(default="")  # 已读 / 未读 / recalled …


class Tracking(BaseModel):
    id = AutoField()  # what peewee adds unsaid, said so a type checker sees it
    number = CharField(unique=True)
    carrier = CharField(default="unknown")
    direction = CharField(default="out")
    signed_at = CharField(null=True)
    note = TextField(default="")
    added = CharField()


class Step(BaseModel):
    id = AutoField()  # what peewee adds unsaid, said so a type checker sees it
    kind = CharField()
    at = CharField()
    ref = TextField(default="")
    note = TextField(default="")
    created = CharField()


class Countdown(BaseModel):
    id = AutoField()  # what peewee adds unsaid, said so a type checker sees it
    label = TextField()
    due = CharField()
    created = CharField()


class Letter(BaseModel):
    id = AutoField()  # what peewee adds unsaid, said so a type checker sees it
    created = CharField()
    sent = CharField(null=True)
    sha256 = CharField()
    size = IntegerField()
    pdf = BlobField()


class History(BaseModel):
    """Append-only change log (triggers refuse UPDATE and DELETE), hash-chained: each
    entry holds the previous entry's hash and its own (see ``chain.py``)."""

    id = AutoField()  # what peewee adds unsaid, said so a type checker sees it
    at = CharField()
    what = TextField()
    old = TextField(null=True)
    new = TextField(null=True)
    # schema 5; DEFAULT '' in the DDL as the migration's ALTER has it (a row written
    # without them is simply unchained, which check reports)
    prev_hash = CharField(default="", constraints=[SQL("DEFAULT ''")])
    hash = CharField(default="", constraints=[SQL("DEFAULT ''")])
    detail = TextField(null=True)  # schema 6: the entry as data, canonical JSON (history.py)


MODELS = [MetaEntry, CaseRow, Evidence, EvidenceBlob, Derived, OcrText, ChatMessage, Tracking, Step,
          Countdown, Letter, History]

HISTORY_TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS history_no_update BEFORE UPDATE ON history
       BEGIN SELECT RAISE(ABORT, 'history is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS history_no_delete BEFORE DELETE ON history
       BEGIN SELECT RAISE(ABORT, 'history is append-only'); END""",
]


def rows(query: Any) -> list[tuple[Any, ...]]:
    """A query's rows as plain tuples (the stores turn them into records)."""
    return [tuple(r) for r in query.tuples()]


# Steps, countdowns and tracking numbers of one case, each: a real dispute has a few dozen.
# The library lists every case with all three (its deadlines are computed from them, and the
# index keeps them): a file from elsewhere holding 200,000 steps took 20 s to list and made
# every later start slower. More than this is refused, read or added (``case_too_many_rows``).
MAX_CASE_ROWS = 1_000


def capped(query: Any, path: object) -> list[Any]:
    """The query's results (model instances or tuples) when there are at most
    ``MAX_CASE_ROWS`` of them; else ``KnownError("case_too_many_rows")``. Never more than
    one row past the limit is read."""
    found = list(query.limit(MAX_CASE_ROWS + 1))
    if len(found) > MAX_CASE_ROWS:
        raise KnownError("case_too_many_rows", path=str(path), limit=MAX_CASE_ROWS)
    return found


def room_for_one(model: Any, path: object) -> None:
    """Refuse (``case_too_many_rows``) adding a row that would make the case unreadable."""
    if model.select().limit(MAX_CASE_ROWS).count() >= MAX_CASE_ROWS:
        raise KnownError("case_too_many_rows", path=str(path), limit=MAX_CASE_ROWS)


_STATEMENTS: dict[str, tuple[str, tuple[Any, ...]]] = {}


def raw_rows(query: Any, key: str | None = None) -> list[tuple[Any, ...]]:
    """A query's rows as SQLite gives them, without peewee's conversion of each value: for
    long lists whose store types every value itself (300 exhibits: a third of the time).
    Text comes back as SQLite holds it: ``stored_text`` reads it as peewee would. A query
    that is always the same (no values from outside) may name itself with ``key``: its
    statement is written once per process (peewee takes ~0.3 ms to write one)."""
    db = query.model._meta.database
    if key is None:
        return list(db.execute(query).fetchall())
    statement = _STATEMENTS.get(key)
    if statement is None:
        sql, params = db.get_sql_context().sql(query).query()
        statement = _STATEMENTS[key] = (sql, tuple(params))
    return list(db.execute_sql(*statement).fetchall())


def stored_text(value: object) -> str:
    """A TEXT column's value as peewee's text fields read it: bytes are UTF-8 (a file from
    elsewhere may hold a BLOB there; bytes that are not UTF-8 are a ValueError, which
    ``CaseFile.reading`` turns into this case's ``case_values_bad``)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return str(value)


def blob(value: object) -> bytes:
    """A stored file (a BLOB column) as bytes. A file from elsewhere may hold a number there
    (``bytes(1500000000)`` made export write 1.5 GB of zeros), text or a real: ValueError,
    which ``CaseFile.reading`` turns into this case's ``case_values_bad``."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, bytearray | memoryview):
        return bytes(value)
    raise ValueError(f"a stored file is {type(value).__name__}, not bytes")


def sql_rows(db: Any, sql: str) -> list[tuple[Any, ...]]:
    """The rows of a statement run directly (PRAGMAs, the integrity check)."""
    return [tuple(r) for r in db.execute_sql(sql).fetchall()]
