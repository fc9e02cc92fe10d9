"""为公开发布导出, attacked: what the complainant asked to keep private must not reach the
public folder by a side door.

- A chat log's redacted copy made with chosen words only (``tbcase redact CASE N --text 骂人``,
  no ``--auto``) used to go out as it was, while a chat log *without* a copy is masked
  automatically: making a copy made the export leak the phone number and name.
- A photo's original went out byte for byte, EXIF and all: a phone photo of the broken cup
  carries the GPS position where it was taken (usually the complainant's home), the
  owner's name, serial numbers. Such an original now goes out as a copy without metadata
  (pixels as shown), labelled as a copy and with no SHA-256; an original without such
  metadata still goes out as the original with its hash.
"""

import io
import json

from PIL import Image

from tbcase.pdf.public import export_public
from tbcase.storage.intake import sha256_hex

PHONE, NAME = "13912345678", "张小明"


def _gps_jpeg(width=300, height=200, orientation=None) -> bytes:
    img = Image.new("RGB", (width, height), (10, 200, 30))
    img.paste((255, 0, 0), (0, 0, width // 4, height // 4))
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (30.0, 16.0, 12.0), "E", (120.0, 1.0, 2.0)
    exif[0x013B] = "Zhang Xiaoming"  # Artist
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif.tobytes(), quality=92)
    return out.getvalue()


def _case(new_case):
    case = new_case()
    case.set_field("complainant.name", NAME)
    case.set_field("complainant.phone", "13812345678")
    return case


def test_a_chat_copy_redacted_by_chosen_words_is_still_masked_automatically(new_case, tmp_path):
    case = _case(new_case)
    log = f"2026-11-16 10:00:00 买家:\n我的电话 {PHONE}，我叫{NAME}，卖家骂人了\n"
    chat = case.evidence.add(log.encode("utf-8"), "聊天.txt")
    case.redactions.redact_chat(chat.id, ["骂人"], auto=False)
    assert PHONE in case.redactions.data(chat.id).decode("utf-8")  # the copy hides only the word
    out = tmp_path / "public"
    export_public(case, out)
    [copy] = [p for p in out.iterdir() if p.suffix == ".txt" and p.name != "公开说明.txt"]
    text = copy.read_text(encoding="utf-8")
    assert "骂人" not in text and "卖家" in text
    assert PHONE not in text and NAME not in text, text


def test_a_photo_with_gps_goes_out_as_a_copy_without_metadata(new_case, tmp_path):
    case = _case(new_case)
    data = _gps_jpeg(orientation=6)
    photo = case.evidence.add(data, "破损.jpg")
    plain = io.BytesIO()
    Image.new("RGB", (120, 80), (1, 2, 3)).save(plain, "PNG")
    shot = case.evidence.add(plain.getvalue(), "截图.png")
    out = tmp_path / "public"
    export_public(case, out)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["001_破损（去除元数据副本）.jpg", "002_截图.png", "manifest.json", "公开说明.txt"], names
    sent = (out / names[0]).read_bytes()
    assert sent != data and b"Zhang" not in sent
    img = Image.open(io.BytesIO(sent))
    assert not img.getexif() and "xmp" not in img.info
    assert img.size == (200, 300)  # turned as the app shows it (orientation 6)
    assert img.convert("RGB").getpixel((190, 5))[0] > 200  # the red corner, now top right
    # the plain screenshot is the original, with its own hash
    assert (out / names[1]).read_bytes() == plain.getvalue()
    readme = (out / "公开说明.txt").read_text(encoding="utf-8")
    assert photo.sha256 not in readme and sha256_hex(sent) not in readme
    assert f"原件，SHA-256 {shot.sha256}" in readme
    assert "拍摄地点" in readme
    assert (f"证据1 破损（去除元数据副本）：{names[0]}（原件带有拍摄地点、设备等元数据，"
            "副本已去除；未改动的原件由投诉人保存，可供核验）。") in readme
    listing = (out / "manifest.json").read_text(encoding="utf-8")
    manifest = json.loads(listing)
    # whoever receives the folder reads its listing in a text editor: one field a line, Chinese as itself
    assert listing == json.dumps(manifest, ensure_ascii=False, indent=2)
    first, second = manifest["files"]
    assert first == {"exhibit": 1, "file": names[0], "redacted": False, "metadata_removed": True}
    assert second["original_sha256"] == shot.sha256
    assert case.evidence.original(photo.id) == data  # the case keeps the original


def test_a_photo_with_metadata_that_cannot_be_decoded_is_left_out(new_case, tmp_path):
    """A phone upload is stored from its structure; one whose scan does not decode cannot be
    copied without its metadata, so it is left out (and said so), never sent as it is."""
    from tbcase.storage import intake

    case = _case(new_case)
    data = _gps_jpeg()
    scan = data.index(b"\xff\xda")
    broken = data[:scan + 5] + b"\x09" + data[scan + 6:]  # the scan names a component the frame lacks
    e = case.evidence.store(intake.prepare(broken, "坏.jpg", renditions=False))
    out = tmp_path / "public"
    export_public(case, out)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["manifest.json", "公开说明.txt"], names
    readme = (out / "公开说明.txt").read_text(encoding="utf-8")
    assert f"证据{e.exhibit} 坏：未包含在公开导出中" in readme


# -- redacting twice: a forgotten box drawn later must not uncover the first ones


def test_a_second_redaction_adds_to_the_first_instead_of_uncovering_it(new_case, tmp_path):
    from tbcase.domain.redact import Box
    from tests.helpers import make_phone_screenshot

    case = _case(new_case)
    data, where = make_phone_screenshot()
    shot = case.evidence.add(data, "订单截图.png")

    def box(key):
        left, top, right, bottom = where[key]
        return Box(left - 4, top - 4, right - left + 8, bottom - top + 8)

    def black(img, key):
        return img.crop(where[key]).getextrema() == ((0, 0), (0, 0), (0, 0))

    case.redactions.redact_image(shot.id, [box("name")])
    assert case.redactions.boxes(shot.id) == (box("name"),)
    case.redactions.redact_image(shot.id, [box("address")])  # the one forgotten at first
    img = Image.open(io.BytesIO(case.redactions.data(shot.id))).convert("RGB")
    assert black(img, "name") and black(img, "address")
    assert case.redactions.boxes(shot.id) == (box("name"), box("address"))
    assert case.check() == []
    # the letter prints that copy; clearing starts over from the original
    case.redactions.clear(shot.id)
    assert case.redactions.boxes(shot.id) == ()
    case.redactions.redact_image(shot.id, [box("address")])
    img = Image.open(io.BytesIO(case.redactions.data(shot.id))).convert("RGB")
    assert not black(img, "name") and black(img, "address")


def test_a_second_chat_redaction_keeps_the_first_words_hidden(new_case):
    case = _case(new_case)
    log = "2026-11-16 10:00:00 买家:\n卖家骂人了，还说要上门\n"
    chat = case.evidence.add(log.encode("utf-8"), "聊天.txt")
    case.redactions.redact_chat(chat.id, ["骂人"], auto=False)
    case.redactions.redact_chat(chat.id, ["上门"], auto=False)
    text = case.redactions.data(chat.id).decode("utf-8")
    assert "骂人" not in text and "上门" not in text and "卖家■■了" in text
    assert case.check() == []


def test_a_chat_screenshot_can_be_redacted_and_the_public_export_works(new_case, tmp_path):
    """An image whose kind the user set to 聊天记录 (a screenshot of the chat with the seller,
    the most common evidence) could not be redacted at all (boxes: "it is a chat log, use
    --text"; text: not_text), and the public export failed whole with not_text, because
    both took the kind for "a text log". A chat screenshot is a picture."""
    from datetime import date

    from tbcase.domain.redact import Box
    from tbcase.pdf.letter import gather_letter
    from tbcase.storage.engine import DeadlineEngine
    from tests.helpers import make_phone_screenshot

    case = _case(new_case)
    data, where = make_phone_screenshot()
    shot = case.evidence.add(data, "聊天截图.png")
    case.evidence.update(shot.id, kind="chat")
    left, top, right, bottom = where["name"]
    made = case.redactions.redact_image(shot.id, [Box(left - 4, top - 4, right - left + 8, bottom - top + 8)])
    copy = case.redactions.data(shot.id)
    assert made.media_type == "image/png"
    assert Image.open(io.BytesIO(copy)).convert("RGB").crop(where["name"]).getextrema() == ((0, 0),) * 3
    letter, _ = gather_letter(case, DeadlineEngine(), date(2026, 11, 29))
    [exhibit] = letter.exhibits
    assert exhibit.image == copy and exhibit.redacted and exhibit.transcript == []
    out = tmp_path / "public"
    export_public(case, out)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["001_聊天截图（遮挡副本）.png", "manifest.json", "公开说明.txt"], names
    assert (out / names[0]).read_bytes() == copy
    assert case.check() == []


def test_a_redacted_exhibit_purged_and_added_again_is_not_reported_missing(new_case):
    """Redact, delete, restore, delete, purge, then add the same file again: check said the
    redacted copy (of the purged exhibit's entry) was missing, a false alarm about a copy
    that went with its exhibit."""
    from tbcase.domain.redact import Box
    from tests.helpers import make_phone_screenshot

    case = _case(new_case)
    data, _ = make_phone_screenshot()
    shot = case.evidence.add(data, "订单截图.png")
    case.redactions.redact_image(shot.id, [Box(10, 10, 100, 100)])
    case.evidence.delete(shot.id)
    case.evidence.restore(shot.id)
    assert case.redactions.boxes(shot.id) == (Box(10, 10, 100, 100),) and case.check() == []
    case.evidence.delete(shot.id)
    assert case.evidence.purge_deleted() == 1
    assert case.check() == []
    again = case.evidence.add(data, "订单截图.png")
    assert case.redactions.get(again.id) is None and case.redactions.boxes(again.id) == ()
    assert case.check() == []
    case.redactions.redact_image(again.id, [Box(200, 200, 50, 50)])
    assert case.redactions.boxes(again.id) == (Box(200, 200, 50, 50),)
    assert case.check() == []


def test_the_public_summary_says_the_amount_and_each_step_with_its_day_one_line_each(new_case, tmp_path):
    case = _case(new_case)
    case.set_field("amount", "59.9")
    case.steps.add("complaint", at="2026-11-20 09:30", ref="TS2026")
    export_public(case, tmp_path / "a")
    lines = (tmp_path / "a" / "公开说明.txt").read_text(encoding="utf-8").splitlines()
    assert "实付金额：¥59.90" in lines
    step = lines.index("已采取的处理步骤：") + 1
    assert lines[step].startswith("2026-11-20 ") and "（编号：TS2026）" in lines[step]
    assert lines[0].startswith("投诉概要") and lines[1] == "" and "13812345678" not in "".join(lines)
    case.set_field("amount", "")
    export_public(case, tmp_path / "b")
    text = (tmp_path / "b" / "公开说明.txt").read_text(encoding="utf-8")
    assert "实付金额" not in text and "店铺：青禾家居旗舰店\n" in text


def test_the_public_folder_whole_each_kind_of_exhibit_and_every_line_of_the_summary(new_case, tmp_path):
    """The whole folder, read as the public reads it: which file each exhibit became (an image's
    redacted copy, a photo's copy without metadata, a chat log masked automatically, a chat log's
    chosen-words copy masked automatically too, an original with its SHA-256, a document left
    out), every line of 公开说明.txt with the complainant's details masked wherever they occur,
    and manifest.json's fields."""
    from datetime import datetime

    from tbcase import __version__
    from tbcase.domain.redact import Box
    from tests.helpers import make_png

    case = _case(new_case)
    for name, value in [("complainant.account", "zhang_xm"), ("complainant.address", "浙江省杭州市西湖区文三路1号"),
                        ("buyer_nick", "tb3849027715"), ("platform", "tmall"),
                        ("seller_entity", "杭州青禾家居有限公司"),
                        ("amount", "89"), ("ordered", "2026-11-10 12:00"), ("signed", "2026-11-14 18:30"),
                        ("facts", f"收到的杯子碎了，{NAME}联系卖家未果。"), ("demands", "退款 89 元。")]:
        case.set_field(name, value)
    shot = case.evidence.add(make_png(300, 600, seed=1, text_lines=3), "订单截图.png", title="订单截图")
    case.evidence.add(_gps_jpeg(), "IMG_1.jpg", title="破损照片")
    case.evidence.add(f"2026-11-16 10:00:00 青禾家居旗舰店\n您好\n2026-11-16 10:01:00 tb3849027715\n我的电话 {PHONE}\n"
                      .encode(), "", kind="chat", title="与卖家的聊天")
    log = f"2026-11-17 10:00:00 青禾家居旗舰店\n你骂人\n2026-11-17 10:01:00 tb3849027715\n{NAME}不骂人\n"
    chat = case.evidence.add(log.encode(), "", kind="chat", title="第二段聊天")
    plain = case.evidence.add(make_png(200, 300, seed=5, text_lines=2), "快递单.png", title="快递单")
    case.evidence.add(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "发票.pdf", title="发票")
    case.redactions.redact_image(shot.id, [Box(10, 10, 100, 50)])
    case.redactions.redact_chat(chat.id, ["骂人"], auto=False)
    case.steps.add("complaint", at="2026-11-20 09:30", ref="TS2026")
    out = tmp_path / "public"
    assert export_public(case, out) == out / "公开说明.txt"

    names = ["001_订单截图（遮挡副本）.png", "002_破损照片（去除元数据副本）.jpg", "003_与卖家的聊天（遮挡副本）.txt",
             "004_第二段聊天（遮挡副本）.txt", "005_快递单.png"]
    assert sorted(p.name for p in out.iterdir()) == sorted([*names, "manifest.json", "公开说明.txt"])
    assert (out / names[0]).read_bytes() == case.redactions.data(shot.id)
    assert (out / names[2]).read_text(encoding="utf-8") == (
        "2026-11-16 10:00:00 青禾家居旗舰店\n您好\n2026-11-16 10:01:00 ■■■■■■■■■■■■\n我的电话 ■■■■■■■■■■■\n")
    assert (out / names[3]).read_text(encoding="utf-8") == (
        "2026-11-17 10:00:00 青禾家居旗舰店\n你■■\n2026-11-17 10:01:00 ■■■■■■■■■■■■\n■■■不■■\n")
    assert (out / names[4]).read_bytes() == case.evidence.original(plain.id)
    assert (out / "公开说明.txt").read_text(encoding="utf-8") == "\n".join([
        "投诉概要（为公开发布导出：不含投诉人的姓名、电话、账号和地址）", "",
        "平台：天猫", "店铺：青禾家居旗舰店", "经营者：杭州青禾家居有限公司", "商品：陶瓷马克杯 2只装",
        "订单号：4528716093384027715", "实付金额：¥89.00", "下单时间：2026-11-10 12:00:00",
        "签收时间：2026-11-14 18:30:00", "",
        "投诉事由：", "收到的杯子碎了，■■■联系卖家未果。", "",
        "投诉请求：", "退款 89 元。", "",
        "已采取的处理步骤：", "2026-11-20 于App内提交投诉（编号：TS2026）。", "",
        "证据：",
        f"证据1 订单截图（遮挡副本）：{names[0]}。未遮挡的原件由投诉人保存，可供核验。",
        f"证据2 破损照片（去除元数据副本）：{names[1]}（原件带有拍摄地点、设备等元数据，副本已去除；"
        "未改动的原件由投诉人保存，可供核验）。",
        f"证据3 与卖家的聊天（遮挡副本）：{names[2]}（电话、身份证号、地址和投诉人信息已自动遮挡）。"
        "未遮挡的原件由投诉人保存，可供核验。",
        f"证据4 第二段聊天（遮挡副本）：{names[3]}。未遮挡的原件由投诉人保存，可供核验。",
        f"证据5 快递单：{names[4]}（原件，SHA-256 {plain.sha256}）",
        "证据6 发票：未包含在公开导出中（此类文件无法遮挡），原件由投诉人保存。", "",
        "标注“遮挡副本”的文件遮挡了个人信息，遮挡处为不透明色块或■；原件完整保存于投诉人处。"
        "所列 SHA-256 仅为未经改动的原件文件的数字指纹。", ""])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert datetime.fromisoformat(manifest.pop("exported")).tzinfo is not None
    assert manifest == {"format": "tbcase-export", "kind": "public", "version": 1, "app": f"tbcase {__version__}",
                        "files": [{"exhibit": 1, "file": names[0], "redacted": True},
                                  {"exhibit": 2, "file": names[1], "redacted": False, "metadata_removed": True},
                                  {"exhibit": 3, "file": names[2], "redacted": True},
                                  {"exhibit": 4, "file": names[3], "redacted": True},
                                  {"exhibit": 5, "file": names[4], "redacted": False,
                                   "original_sha256": plain.sha256}]}


def test_the_window_s_public_export_reads_the_case_file_without_changing_it(new_case, tmp_path):
    """What the window's worker process runs: the case file at a path, opened read-only, and the
    path of the written 公开说明.txt back; the case file is the same bytes afterwards."""
    from tbcase.pdf.public import export_public_file
    from tests.helpers import make_png

    case = _case(new_case)
    case.evidence.add(make_png(200, 300, seed=5, text_lines=2), "快递单.png", title="快递单")
    path = case.path
    case.close()
    before = path.read_bytes()
    written = export_public_file(str(path), str(tmp_path / "public"))
    assert written == str(tmp_path / "public" / "公开说明.txt")
    text = (tmp_path / "public" / "公开说明.txt").read_text(encoding="utf-8")
    assert "证据1 快递单：001_快递单.png（原件，SHA-256 " in text and NAME not in text
    assert path.read_bytes() == before
