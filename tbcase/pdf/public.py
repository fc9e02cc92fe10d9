"""为公开发布导出 (lives beside the letter's content: the same Chinese sentences from the
case's records, no reportlab): a folder a user may post (黑猫投诉 and the like) without exposing
themselves.

What goes in:
- each image's redacted copy where there is one (named …（遮挡副本）), else the original;
- each chat log's redacted copy, or else its text with every phone number, ID number,
  address and the complainant's own details masked automatically (also a copy);
- no other files (a PDF or document cannot be redacted here): they are listed as kept
  by the complainant;
- ``公开说明.txt``: the order, the facts, the demands and the steps, with the
  complainant's name, phone, account, address and nickname masked wherever they occur,
  and no tracking numbers (a courier's site shows the address to whoever has one);
- ``manifest.json`` (this export's format, ``"kind": "public"``).

A SHA-256 is printed only for a file that *is* the original (then it is the original's);
a copy's hash is never presented as an original's, and copies carry none.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tbcase import __version__
from tbcase.domain import chat as chatmod
from tbcase.domain.model import EvidenceKind, format_amount, now, to_iso
from tbcase.domain.redact import redact_text
from tbcase.pdf.content import second_text, step_sentence
from tbcase.storage import writeprobe
from tbcase.storage.intake import suffix_for
from tbcase.storage.records import CaseDetails

if TYPE_CHECKING:
    from tbcase.storage.casefile import CaseFile

README = "公开说明.txt"
COPY_MARK = "（遮挡副本）"
CLEAN_MARK = "（去除元数据副本）"
_PLATFORM = {"taobao": "淘宝", "tmall": "天猫"}


def personal_values(row: CaseDetails) -> list[str]:
    """The complainant's own details as entered (what must not be published)."""
    c = row.complainant
    values = [c.name, c.phone, c.account, c.address, row.buyer_nick]
    return [v.strip() for v in values if len(v.strip()) >= 2]


def mask_personal(text: str, personal: list[str]) -> str:
    """``text`` with the complainant's details and any phone number, ID number or address
    replaced by ■."""
    return redact_text(text, personal[:50], auto=True)[0]


def export_public(case: CaseFile, target: Path) -> Path:
    """Write the public folder at ``target`` whole or not at all; the path of its
    ``公开说明.txt``."""
    from tbcase.storage.exportdir import ExportFolder, export_name

    row = case.case()
    personal = personal_values(row)
    copies = case.redactions.all()
    writeprobe.opened()  # test hook (fault tests only): the export counts as a write
    try:
        with ExportFolder(target) as out:
            listed: list[str] = []
            files: list[dict[str, Any]] = []
            for e in case.evidence.all():
                number = e.exhibit or 0
                title = mask_personal(e.title, personal)
                is_image = e.media_type.startswith("image/")
                is_chat = e.kind == EvidenceKind.CHAT and not is_image  # a chat screenshot is a picture
                if e.id in copies and (is_image or is_chat):
                    copy = case.redactions.data(e.id) or b""
                    if is_chat:  # a copy made with chosen words only: the automatic mask too
                        copy = mask_personal(copy.decode("utf-8", errors="replace"), personal).encode("utf-8")
                    suffix = ".txt" if is_chat else suffix_for(copies[e.id].media_type)
                    name = out.write(export_name(number, title + COPY_MARK, "", suffix), copy)
                    listed.append(f"证据{number} {title}{COPY_MARK}：{name}。未遮挡的原件由投诉人保存，可供核验。")
                    files.append({"exhibit": number, "file": name, "redacted": True})
                elif is_chat:
                    text = mask_personal(chatmod.decode_text(case.evidence.original(e.id)), personal)
                    name = out.write(export_name(number, title + COPY_MARK, "", ".txt"), text.encode("utf-8"))
                    listed.append(f"证据{number} {title}{COPY_MARK}：{name}（电话、身份证号、地址和投诉人信息"
                                  "已自动遮挡）。未遮挡的原件由投诉人保存，可供核验。")
                    files.append({"exhibit": number, "file": name, "redacted": True})
                elif is_image:
                    data = case.evidence.original(e.id)
                    clean = _without_metadata(data)
                    if clean is None:
                        name = out.write(export_name(number, title, e.original_name, suffix_for(e.media_type)),
                                         data)
                        listed.append(f"证据{number} {title}：{name}（原件，SHA-256 {e.sha256}）")
                        files.append({"exhibit": number, "file": name, "redacted": False,
                                      "original_sha256": e.sha256})
                    elif isinstance(clean, tuple):
                        name = out.write(export_name(number, title + CLEAN_MARK, "", suffix_for(clean[1])),
                                         clean[0])
                        listed.append(f"证据{number} {title}{CLEAN_MARK}：{name}（原件带有拍摄地点、设备等元数据，"
                                      "副本已去除；未改动的原件由投诉人保存，可供核验）。")
                        files.append({"exhibit": number, "file": name, "redacted": False,
                                      "metadata_removed": True})
                    else:
                        listed.append(f"证据{number} {title}：未包含在公开导出中（原件带有拍摄地点等元数据，"
                                      "而图片无法完整读取，不能去除），原件由投诉人保存。")
                else:
                    listed.append(f"证据{number} {title}：未包含在公开导出中（此类文件无法遮挡），原件由投诉人保存。")
            out.write(README, _summary(case, row, personal, listed).encode("utf-8"))
            manifest = {"format": "tbcase-export", "kind": "public", "version": 1,
                        "app": f"tbcase {__version__}", "exported": to_iso(now()), "files": files}
            out.write("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
            writeprobe.holding()
    finally:
        writeprobe.closed()
    return Path(target) / README


def export_public_file(path: str, target: str, report: Callable[[int, int, str], None] | None = None) -> str:
    """``export_public`` of the case file at ``path``, opened read-only here (the window's
    worker process runs this, as it runs ``bundle.export_case_file``); the written
    ``公开说明.txt``'s path."""
    from tbcase.storage.casefile import CaseFile

    with CaseFile.open(Path(path), readonly=True) as case:
        return str(export_public(case, Path(target)))


def _without_metadata(data: bytes) -> tuple[bytes, str] | bool | None:
    """None: the original may go out as it is (no metadata that tells who or where); a copy
    without metadata, pixels as shown (bytes, media type); False: it carries such metadata
    and cannot be decoded to make the copy (it must not go out)."""
    from tbcase.domain.errors import KnownError
    from tbcase.storage import imaging

    try:
        if not imaging.private_metadata(data):
            return None
        return imaging.encode_shown(*imaging.decode_oriented(data))
    except KnownError:
        return False


def _summary(case: CaseFile, row: CaseDetails, personal: list[str], listed: list[str]) -> str:
    def m(text: str) -> str:
        return mask_personal(text.strip(), personal)

    amount = format_amount(row.amount_fen)
    lines = ["投诉概要（为公开发布导出：不含投诉人的姓名、电话、账号和地址）", ""]
    fields = [("平台", _PLATFORM.get(row.platform.value, row.platform.value)), ("店铺", row.shop),
              ("经营者", row.seller_entity), ("商品", row.item), ("订单号", row.order_no),
              ("实付金额", f"¥{amount}" if amount else ""),
              ("下单时间", second_text(row.ordered_at)), ("签收时间", second_text(row.signed_at))]
    lines += [f"{k}：{m(v)}" for k, v in fields if v]
    lines += ["", "投诉事由：", m(row.facts) or "（未填写）", "", "投诉请求：", m(row.demands) or "（未填写）"]
    steps = case.steps.all()
    if steps:
        lines += ["", "已采取的处理步骤："]
        lines += [m(step_sentence(s.kind.value, s.at, s.ref)) for s in steps]
    lines += ["", "证据："] + (listed or ["（暂无）"])
    lines += ["", "标注“遮挡副本”的文件遮挡了个人信息，遮挡处为不透明色块或■；原件完整保存于投诉人处。"
              "所列 SHA-256 仅为未经改动的原件文件的数字指纹。"]
    return "\n".join(lines) + "\n"
