"""A demo library for newcomers: realistic cases with dates relative to today.

One overdue written complaint with screenshots, a photo, a chat log and tracking
numbers; one fresh logistics case; one resolved after-sales case. Names, order and
tracking numbers are made up.
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from tbcase.domain.model import Complainant, Via
from tbcase.domain.model import now as now_
from tbcase.paths import font_path
from tbcase.storage.library import Library

CHAT = """tb3849027715 {d1} 20:41:07
你好，在吗？今天收到的杯子碎了一个
tb3849027715 {d1} 20:41:32
订单号 4528716093384027715
由 服务助手 转交给 小满
青禾家居旗舰店:小满 {d1} 20:42:15
亲，非常抱歉给您带来不好的体验！
麻烦您拍一下外包装和破损处的照片发给我们哦
已读
tb3849027715 {d1} 20:44:50
[图片]
外箱一角压扁了，杯把直接断了，两个杯子碎了一个
青禾家居旗舰店:小满 {d1} 20:46:38
收到，看到了，确实是运输途中压坏的
已读
青禾家居旗舰店:小满 {d1} 20:47:12
亲可以选择补发一只新的，或者退这一只的款（19.75元），您看哪种方便？
已读
tb3849027715 {d1} 20:48:40
补发吧，什么时候能发？
青禾家居旗舰店:小满 {d1} 20:50:05
明天安排补发，到货时间以物流为准哈
已读
tb3849027715 {d2} 21:05:33
说好的补发呢？单号是多少？
tb3849027715 {d3} 10:12:09
还在吗？三天了没有任何回复
"""


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path()), size, index=0)


def _screenshot(title: str, lines: list[str], accent: tuple[int, int, int] = (255, 80, 0)) -> bytes:
    """A phone-sized screenshot with real Chinese text on it."""
    img = Image.new("RGB", (1170, 2532), (245, 245, 245))
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 0, 1170, 260], fill=accent)
    draw.text((60, 140), title, font=_font(64), fill="white")
    y = 320
    for line in lines:
        draw.rounded_rectangle([40, y - 20, 1130, y + 110], radius=24, fill="white")
        draw.text((80, y + 10), line, font=_font(46), fill=(40, 40, 40))
        y += 160
    out = io.BytesIO()
    img.save(out, "PNG", optimize=False)
    return out.getvalue()


def _photo(when: datetime) -> bytes:
    """A 'photo' of a broken mug, with EXIF capture time and rotation."""
    img = Image.new("RGB", (1600, 1200), (196, 170, 140))
    draw = ImageDraw.Draw(img)
    draw.rectangle([200, 150, 1400, 1050], fill=(150, 110, 70), outline=(90, 60, 30), width=12)
    draw.ellipse([560, 360, 1040, 840], fill=(250, 250, 245), outline=(120, 120, 120), width=8)
    draw.line([600, 420, 980, 800], fill=(60, 60, 60), width=10)
    draw.line([760, 380, 700, 820], fill=(60, 60, 60), width=8)
    draw.text((240, 1080), "破损的杯子", font=_font(60), fill=(255, 255, 255))
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = when.strftime("%Y:%m:%d %H:%M:%S")
    out = io.BytesIO()
    img.save(out, "JPEG", quality=88, exif=exif.tobytes())
    return out.getvalue()


def _chat_day(d: datetime) -> str:
    return f"{d.year}-{d.month}-{d.day}"  # Qianniu does not zero-pad


def build_demo_library(folder: Path, now: datetime | None = None) -> Library:
    now = now or now_()
    lib = Library(folder)
    lib.ensure()
    for old in lib.case_paths():
        old.unlink()

    def day(n: int, hour: int = 10, minute: int = 0) -> datetime:
        return (now - timedelta(days=n)).replace(hour=hour, minute=minute, second=0)

    profile = Complainant(name="张三", phone="13800000000", account="tb3849027715",
                          address="浙江省杭州市西湖区文三路 100 号")

    # 1. an overdue written complaint
    signed = day(18, 18, 30)
    with lib.create(order_no="4528716093384027715", complaint_type="quality", shop="青禾家居旗舰店",
                    item="青禾 陶瓷马克杯 350ml 2只装", platform="tmall", amount="39.50",
                    ordered=day(21, 9, 12).isoformat(), signed=signed.isoformat(),
                    outcome="exchange", complainant=profile) as case:
        case.set_field("seller_entity", "杭州青禾家居用品有限公司")
        case.set_field("seller_address", "浙江省杭州市余杭区（示例地址）")
        case.set_field("facts", f"{signed:%Y年%m月%d日}签收的陶瓷马克杯（2只装）到货时外箱一角压扁，"
                       "其中一只杯把断裂、杯身碎裂。当日联系卖家客服，客服确认系运输途中压坏并承诺次日补发，"
                       "此后再无回复，补发至今未发出。")
        case.set_field("demands", "请求卖家补发同款马克杯一只；如无法补发，请退还该只杯子的货款人民币19.75元。")
        case.evidence.add(_screenshot("订单详情", ["交易成功", "订单号 4528716093384027715",
                                                 "青禾 陶瓷马克杯 350ml 2只装", "实付款 ¥39.50",
                                                 f"签收时间 {signed:%Y-%m-%d %H:%M}"]),
                          "订单截图.png", kind="screenshot", title="订单详情截图", via=Via.DEMO)
        case.evidence.add(_photo(day(18, 19, 2)), "IMG_2041.jpg", title="破损的杯子", via=Via.DEMO)
        case.evidence.add(_screenshot("物流详情", ["中通快递 78009858271980", "已签收",
                                                 "快件已由本人签收"], accent=(30, 110, 220)),
                          "物流截图.png", kind="screenshot", title="物流签收截图", via=Via.DEMO)
        chat = CHAT.format(d1=_chat_day(day(18)), d2=_chat_day(day(16)), d3=_chat_day(day(15)))
        case.evidence.add(chat.encode("utf-8"), "与卖家的聊天记录.txt", title="与卖家客服的聊天记录",
                          via=Via.DEMO)
        case.tracking.add("78009858271980", signed=signed.isoformat(), note="原订单包裹")
        case.steps.add("complaint", at=day(14, 9, 30), ref="TS20261114001", note="App内投诉")
        case.steps.add("written_complaint", at=day(12, 15, 0), note="通过客服邮箱提交书面投诉")

    # 2. a fresh logistics case
    with lib.create(order_no="3917264508812093546", complaint_type="logistics",
                    shop="山野户外专营店", item="轻量徒步背包 30L", amount="259.00",
                    ordered=day(6, 21, 40).isoformat(), outcome="refund",
                    complainant=profile) as case:
        case.set_field("facts", "物流信息显示包裹已到达转运中心后停滞4天，未再更新。")
        case.tracking.add("YT8876543210123", note="物流停滞")

    # 3. a resolved after-sales case
    with lib.create(order_no="2086417735260918804", complaint_type="after_sales",
                    shop="极光数码旗舰店", item="无线蓝牙耳机 降噪版", platform="tmall",
                    amount="399.00", ordered=day(40).isoformat(), signed=day(37).isoformat(),
                    outcome="repair", complainant=profile) as case:
        case.set_field("facts", "耳机左耳无声，卖家以“人为损坏”为由拒绝保修。")
        case.steps.add("complaint", at=day(30, 11))
        case.steps.add("platform_reply", at=day(29, 16), note="平台介入，卖家同意保修")
        case.steps.add("resolved", at=day(20, 10), note="维修后寄回，已正常使用")
    return lib
