"""The seller's address as the platform shows it (issue #11): the 12315 form asks for the
respondent's address (《市场监督管理投诉举报处理办法》第10条), so the case keeps it. Schema 2 → 3."""

import sqlite3
from datetime import date

from tbcase.pdf.letter import render_case_letter
from tbcase.storage.bundle import export_case, import_bundle
from tbcase.storage.casefile import CaseFile
from tbcase.storage.engine import DeadlineEngine
from tbcase.storage.fileformat import inspect_file
from tbcase.storage.library import Library
from tbcase.storage.models import SCHEMA_VERSION
from tests.helpers import pdf_text

ADDRESS = "浙江省杭州市余杭区某街道1号"


def make_schema_2_file(new_case, order="4528716093384027715"):
    """A case file as tbcase created it new at schema 2 (peewee DDL, without the column).
    The schema check must accept it: before, only the migration chain's shape was accepted
    at an older version, so the bump to 3 would have refused every file created at 2."""
    case = new_case(order=order, shop="青禾家居旗舰店")
    case.set_field("seller_entity", "杭州青禾家居有限公司")
    path = case.path
    case.close()
    con = sqlite3.connect(path)
    con.execute('ALTER TABLE "case" DROP COLUMN "seller_address"')
    con.execute('DROP TABLE IF EXISTS "ocr_text"')  # added by schema 4
    con.execute('ALTER TABLE "history" DROP COLUMN "prev_hash"')  # the chain came at schema 5
    con.execute('ALTER TABLE "history" DROP COLUMN "hash"')
    con.execute('ALTER TABLE "history" DROP COLUMN "detail"')  # history as data came at schema 6
    con.execute("PRAGMA user_version = 2")
    con.commit()
    con.execute("PRAGMA journal_mode = delete")
    con.close()
    return path


def test_schema_2_file_is_migrated_to_3_after_a_backup(new_case):
    assert SCHEMA_VERSION >= 3
    path = make_schema_2_file(new_case)
    before = path.read_bytes()
    assert inspect_file(path) == 2
    with CaseFile.open(path) as case:
        assert case.schema_version() == SCHEMA_VERSION
        row = case.case()
        assert row.seller_address == "" and row.seller_entity == "杭州青禾家居有限公司"
        assert case.check() == []
        case.set_field("seller_address", ADDRESS)
        assert case.case().seller_address == ADDRESS
        assert any(h.what == "schema.migrated" and h.new == "3" for h in case.history())
        assert any(h.what == "case.seller_address" for h in case.history())
    backups = list(path.parent.glob(f"{path.stem}.v2-*.bak"))
    assert len(backups) == 1 and backups[0].read_bytes() == before
    with CaseFile.open(path) as case:  # the migrated file opens again as it is
        assert case.case().seller_address == ADDRESS


def test_seller_address_reaches_the_letter_the_copy_sheet_and_an_export(new_case, tmp_path,
                                                                       library_dir):
    case = new_case()
    result = render_case_letter(case, DeadlineEngine(), sent=date(2026, 11, 2), with_images=False)
    assert "被投诉方地址（以平台展示为准）" in result.copy_sheet.splitlines()[1]  # 尚未填写：…
    assert "被投诉方地址" not in pdf_text(result.pdf)
    case.set_field("seller_address", ADDRESS)
    result = render_case_letter(case, DeadlineEngine(), sent=date(2026, 11, 2), with_images=False)
    assert f"被投诉方地址（以平台展示为准）：{ADDRESS}" in result.copy_sheet.splitlines()
    assert "被投诉方地址（以平台展示为准）" not in result.copy_sheet.splitlines()[1]
    assert f"被投诉方地址（平台展示）：{ADDRESS}" in pdf_text(result.pdf).replace("\n", "")
    folder = export_case(case, tmp_path / "export")
    path, problems = import_bundle(Library(tmp_path / "other"), folder)
    assert problems == []
    with CaseFile.open(path) as copy:
        assert copy.case().seller_address == ADDRESS


def test_repair_copies_the_seller_address(new_case, tmp_path):
    from tbcase.storage.repair import repair_into

    case = new_case()
    case.set_field("seller_address", ADDRESS)
    path = case.path
    case.close()
    target = tmp_path / "fresh.tbcase"
    repair_into(path, target)
    with CaseFile.open(target) as copy:
        assert copy.case().seller_address == ADDRESS
    # a schema-2 file has no such column: the fresh file gets an empty one
    old = make_schema_2_file(new_case, order="1234567890123456")
    repair_into(old, tmp_path / "fresh2.tbcase")
    with CaseFile.open(tmp_path / "fresh2.tbcase") as copy:
        assert copy.case().seller_address == ""
