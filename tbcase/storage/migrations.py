"""Schema migrations of a case file: a chain of steps, each applied with its version
bump in one transaction, after the original file is copied to a backup beside it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from tbcase.domain.errors import KnownError
from tbcase.domain.model import now, to_iso
from tbcase.storage import chain, history
from tbcase.storage.fileformat import backup_path, known_error
from tbcase.storage.models import (
    CHAINED_SINCE,
    HISTORY_TRIGGERS,
    SCHEMA_VERSION,
    STRUCTURED_SINCE,
)
from tbcase.storage.private import copy_private

# The DDL of schema 1 (tbcase 0.1 foundation), kept as the starting point of the chain
# and for the test fixture generator.
SCHEMA_1 = [
    'CREATE TABLE "meta_entry" ("key" VARCHAR(255) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL)',
    """CREATE TABLE "case" ("id" INTEGER NOT NULL PRIMARY KEY, "order_no" VARCHAR(255) NOT NULL,
       "platform" VARCHAR(255) NOT NULL, "shop" TEXT NOT NULL, "seller_entity" TEXT NOT NULL,
       "item" TEXT NOT NULL, "amount_fen" INTEGER, "ordered_at" VARCHAR(255),
       "signed_at" VARCHAR(255), "complaint_type" VARCHAR(255) NOT NULL,
       "outcome" VARCHAR(255) NOT NULL, "status" VARCHAR(255) NOT NULL, "facts" TEXT NOT NULL,
       "demands" TEXT NOT NULL, "notes" TEXT NOT NULL, "buyer_nick" TEXT NOT NULL,
       "complainant_name" TEXT NOT NULL, "complainant_phone" TEXT NOT NULL,
       "complainant_account" TEXT NOT NULL, "complainant_address" TEXT NOT NULL,
       "created" VARCHAR(255) NOT NULL, "updated" VARCHAR(255) NOT NULL)""",
    """CREATE TABLE "evidence" ("id" INTEGER NOT NULL PRIMARY KEY, "sha256" VARCHAR(255) NOT NULL,
       "original_name" TEXT NOT NULL, "media_type" VARCHAR(255) NOT NULL, "size" INTEGER NOT NULL,
       "kind" VARCHAR(255) NOT NULL, "title" TEXT NOT NULL, "note" TEXT NOT NULL,
       "exhibit" INTEGER, "captured" VARCHAR(255), "added" VARCHAR(255) NOT NULL)""",
    'CREATE UNIQUE INDEX "evidence_sha256" ON "evidence" ("sha256")',
    """CREATE TABLE "evidence_blob" ("evidence_id" INTEGER NOT NULL PRIMARY KEY,
       "data" BLOB NOT NULL, FOREIGN KEY ("evidence_id") REFERENCES "evidence" ("id")
       ON DELETE CASCADE)""",
    """CREATE TABLE "chat_message" ("id" INTEGER NOT NULL PRIMARY KEY,
       "evidence_id" INTEGER NOT NULL, "seq" INTEGER NOT NULL, "at" VARCHAR(255),
       "speaker" TEXT NOT NULL, "role" VARCHAR(255) NOT NULL, "text" TEXT NOT NULL,
       FOREIGN KEY ("evidence_id") REFERENCES "evidence" ("id") ON DELETE CASCADE)""",
    'CREATE INDEX "chat_message_evidence_id" ON "chat_message" ("evidence_id")',
    """CREATE TABLE "tracking" ("id" INTEGER NOT NULL PRIMARY KEY, "number" VARCHAR(255) NOT NULL,
       "carrier" VARCHAR(255) NOT NULL, "direction" VARCHAR(255) NOT NULL,
       "signed_at" VARCHAR(255), "note" TEXT NOT NULL, "added" VARCHAR(255) NOT NULL)""",
    'CREATE UNIQUE INDEX "tracking_number" ON "tracking" ("number")',
    """CREATE TABLE "step" ("id" INTEGER NOT NULL PRIMARY KEY, "kind" VARCHAR(255) NOT NULL,
       "at" VARCHAR(255) NOT NULL, "ref" TEXT NOT NULL, "note" TEXT NOT NULL,
       "created" VARCHAR(255) NOT NULL)""",
    """CREATE TABLE "letter" ("id" INTEGER NOT NULL PRIMARY KEY, "created" VARCHAR(255) NOT NULL,
       "sent" VARCHAR(255), "sha256" VARCHAR(255) NOT NULL, "size" INTEGER NOT NULL,
       "pdf" BLOB NOT NULL)""",
    """CREATE TABLE "history" ("id" INTEGER NOT NULL PRIMARY KEY, "at" VARCHAR(255) NOT NULL,
       "what" TEXT NOT NULL, "old" TEXT, "new" TEXT)""",
]

# 1 -> 2: image understanding (size, capture source, derived renditions), soft delete
# with undo, chat message status, and the user's own countdowns.
TO_2 = [
    "ALTER TABLE evidence ADD COLUMN captured_source VARCHAR(255) NOT NULL DEFAULT ''",
    "ALTER TABLE evidence ADD COLUMN width INTEGER",
    "ALTER TABLE evidence ADD COLUMN height INTEGER",
    "ALTER TABLE evidence ADD COLUMN deleted VARCHAR(255)",
    "ALTER TABLE chat_message ADD COLUMN status VARCHAR(255) NOT NULL DEFAULT ''",
    """CREATE TABLE "derived" ("id" INTEGER NOT NULL PRIMARY KEY, "evidence_id" INTEGER NOT NULL,
       "kind" VARCHAR(255) NOT NULL, "media_type" VARCHAR(255) NOT NULL,
       "width" INTEGER NOT NULL, "height" INTEGER NOT NULL, "data" BLOB NOT NULL,
       FOREIGN KEY ("evidence_id") REFERENCES "evidence" ("id") ON DELETE CASCADE)""",
    'CREATE INDEX "derived_evidence_id" ON "derived" ("evidence_id")',
    'CREATE UNIQUE INDEX "derived_evidence_id_kind" ON "derived" ("evidence_id", "kind")',
    """CREATE TABLE "countdown" ("id" INTEGER NOT NULL PRIMARY KEY, "label" TEXT NOT NULL,
       "due" VARCHAR(255) NOT NULL, "created" VARCHAR(255) NOT NULL)""",
    *HISTORY_TRIGGERS,
]

# 2 -> 3: the seller's address as the platform shows it, which the 12315 form asks for
# (《市场监督管理投诉举报处理办法》第10条: the respondent's name and address).
TO_3 = [
    """ALTER TABLE "case" ADD COLUMN "seller_address" TEXT NOT NULL DEFAULT ''""",
]

# 3 -> 4: text recognised in images (OCR), derived data beside the original.
TO_4 = [
    """CREATE TABLE "ocr_text" ("evidence_id" INTEGER NOT NULL PRIMARY KEY,
       "engine" VARCHAR(255) NOT NULL, "version" VARCHAR(255) NOT NULL,
       "created" VARCHAR(255) NOT NULL, "text" TEXT NOT NULL, "boxes" TEXT NOT NULL,
       FOREIGN KEY ("evidence_id") REFERENCES "evidence" ("id") ON DELETE CASCADE)""",
]

# 4 -> 5: the history becomes a hash chain (issue 17): each entry keeps the previous
# entry's hash and its own. The entries already there are chained in order by
# ``_chain_history`` in the same transaction, and an entry says the chain began here.
TO_5 = [
    """ALTER TABLE "history" ADD COLUMN "prev_hash" VARCHAR(255) NOT NULL DEFAULT ''""",
    """ALTER TABLE "history" ADD COLUMN "hash" VARCHAR(255) NOT NULL DEFAULT ''""",
]

# 5 -> 6: history entries as data (issue 14): ``detail``, filled for the entries already
# there by ``structure_history`` in the same transaction (see its docstring).
TO_6 = [
    """ALTER TABLE "history" ADD COLUMN "detail" TEXT""",
]

STEPS: dict[int, list[str]] = {2: TO_2, 3: TO_3, 4: TO_4, 5: TO_5, 6: TO_6}
STRUCTURED_WHAT = "history.structured"  # the entry a migration appends after reading old entries


def _chain_history(con: sqlite3.Connection) -> int:
    """Chain the entries the file has, in order: the append-only triggers are dropped for
    this one UPDATE pass and made again, all inside the migration's transaction."""
    con.execute("DROP TRIGGER IF EXISTS history_no_update")
    con.execute("DROP TRIGGER IF EXISTS history_no_delete")
    n = chain.chain_existing(con.execute)
    for sql in HISTORY_TRIGGERS:
        con.execute(sql)
    return n


def structure_history(con: sqlite3.Connection) -> int:
    """Give every entry written before schema 6 its ``detail``; how many entries.

    Design (issue 14). Until schema 6 an entry held words: ``evidence.title`` with old
    ``证据3 旧标题``, which the window parsed back and could only show in Chinese. From
    schema 6 an entry holds data: ``detail`` is a JSON object (``history.py``: the exhibit,
    the old and new values, the SHA-256, how an exhibit came in …), worded at display time
    in either language; the ``old``/``new`` columns hold plain values, never sentences.

    The history is a hash chain (``chain.py``), and an existing entry's hash covers
    (number, time, what, old, new) and the entry before it: rewriting any of that would
    break the chain, so it is never touched. The new column is filled here, with the
    append-only triggers dropped for this one UPDATE pass and made again, inside the
    migration's transaction (the original file is backed up first, as for every step):
    each entry gets ``history.legacy_detail(what, old, new)``, a deterministic reading of
    its text. That detail is not covered by the entry's old hash, but it need not be:
    ``chain.verify`` accepts an entry either when its hash covers its detail (every entry
    written from schema 6 on, including this migration's own entries) or when its hash is
    the old one and its detail is exactly ``legacy_detail`` of its covered text. So a
    changed detail breaks the chain at that entry like any other change, and ``check``
    says so. The migration then appends ``schema.migrated`` and ``history.structured``
    (how many entries were read), both chained with their detail.
    """
    con.execute("DROP TRIGGER IF EXISTS history_no_update")
    con.execute("DROP TRIGGER IF EXISTS history_no_delete")
    rows = con.execute('SELECT "id", "what", "old", "new" FROM "history" '
                       'WHERE "detail" IS NULL ORDER BY "id"').fetchall()
    for number, what, old, new in rows:
        detail = history.detail_text(history.legacy_detail(str(what), old, new))
        con.execute('UPDATE "history" SET "detail" = ? WHERE "id" = ?', (detail, number))
    for sql in HISTORY_TRIGGERS:
        con.execute(sql)
    return len(rows)


# after a step's DDL, in its transaction: work that is not DDL (the schema check builds
# each version's shape from ``STEPS`` alone)
AFTER: dict[int, Callable[[sqlite3.Connection], int]] = {CHAINED_SINCE: _chain_history,
                                                        STRUCTURED_SINCE: structure_history}


def migrate(path: Path, version: int) -> Path | None:
    """Bring the file at ``path`` from ``version`` to the current schema.

    The original is copied first to ``<name>.v<version>-<time>.bak`` beside it; each
    step runs with its version bump in one transaction. Returns the backup's path.
    """
    if version >= SCHEMA_VERSION:
        return None
    backup = backup_path(path, version)
    try:
        copy_private(path, backup)
    except OSError as exc:
        raise KnownError("backup_failed", path=str(backup), detail=exc.strerror or str(exc)) from None
    con = sqlite3.connect(path, timeout=5, isolation_level=None)
    try:
        for target in range(version + 1, SCHEMA_VERSION + 1):
            con.execute("BEGIN IMMEDIATE")
            try:
                for sql in STEPS[target]:
                    con.execute(sql)
                done = AFTER[target](con) if target in AFTER else None
                stamp = to_iso(now())
                versions = str(target - 1), str(target)
                if target >= STRUCTURED_SINCE:
                    chain.append(con.execute, stamp, "schema.migrated", *versions,
                                 {"old": versions[0], "new": versions[1]})
                elif target >= CHAINED_SINCE:
                    chain.append(con.execute, stamp, "schema.migrated", *versions)
                else:
                    con.execute("INSERT INTO history (at, what, old, new) VALUES (?, ?, ?, ?)",
                                (stamp, "schema.migrated", str(target - 1), str(target)))
                if target == CHAINED_SINCE:
                    # the entries before this one were chained now, not as they were written
                    chain.append(con.execute, stamp, chain.CHAIN_WHAT, None, str(done))
                    chain.record_uncovered(con.execute, stamp)
                if target == STRUCTURED_SINCE:
                    chain.append(con.execute, stamp, STRUCTURED_WHAT, None, str(done),
                                 {"new": str(done)})
                con.execute(f"PRAGMA user_version = {target}")
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
    except sqlite3.DatabaseError as exc:
        known = known_error(exc, path)
        if known is not None:
            raise known from None
        raise
    finally:
        con.close()
    return backup
