"""A synthetic corpus of shopping-app screenshots with their ground truth.

Drawn with our CJK font (resources/fonts/wqy-microhei.ttc): order detail, logistics,
chat and refund pages; light and dark; 720–1440 px wide; JPEG quality 60–95. Each page
is made from a seed, so the same corpus comes back on every machine:

    python -m tests.ocr.corpus OUT_DIR [N]      # writes N images + truth.json

``tests/ocr/report.py`` runs OCR over it and reports field accuracy.
"""

from __future__ import annotations

import io
import json
import random
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

FONT = Path(__file__).resolve().parents[2] / "resources" / "fonts" / "wqy-microhei.ttc"
KINDS = ("order", "logistics", "chat", "refund")
SHOPS = ["青禾家居旗舰店", "小米官方旗舰店", "优衣库官方旗舰店", "南极人服饰专卖店", "绿源数码专营店", "山野茶叶小店"]
ITEMS = ["陶瓷马克杯 2只装 北欧简约家用", "无线蓝牙耳机 降噪长续航", "纯棉短袖T恤 男女同款 白色 L",
         "304不锈钢保温杯 500ml", "明前龙井绿茶 250g 礼盒装", "儿童防晒衣 UPF50+ 粉色 120cm"]
CARRIERS = [("中通快递", "78{}"), ("韵达快递", "43{}"), ("顺丰速运", "SF{}"), ("圆通速递", "YT{}"),
            ("申通快递", "77{}"), ("极兔速递", "JT{}")]


@dataclass
class Truth:
    name: str
    kind: str
    width: int
    dark: bool
    quality: int
    order_no: str = ""
    amount: str = ""  # yuan, two decimals
    refund: str = ""
    shop: str = ""
    item: str = ""
    ordered: str = ""  # YYYY-MM-DD HH:MM:SS
    signed: str = ""
    tracking: str = ""
    carrier: str = ""
    lines: list[str] = field(default_factory=list)  # every text drawn, top to bottom


def _digits(rnd: random.Random, n: int) -> str:
    return str(rnd.randint(1, 9)) + "".join(str(rnd.randint(0, 9)) for _ in range(n - 1))


def _time(rnd: random.Random, day_offset: int = 0) -> str:
    day = 1 + (rnd.randint(0, 20) + day_offset) % 28
    hh, mm, ss = rnd.randint(0, 23), rnd.randint(0, 59), rnd.randint(0, 59)
    return f"2026-{rnd.randint(1, 11):02d}-{day:02d} {hh:02d}:{mm:02d}:{ss:02d}"


def _tracking(rnd: random.Random, index: int | None = None) -> tuple[str, str]:
    name, shape = CARRIERS[rnd.randrange(len(CARRIERS)) if index is None else index]
    digits = 12 if shape.startswith("78") else 13  # the shapes of tbcase.domain.tracking
    return name, shape.format(_digits(rnd, digits))


class Page:
    """Rows of label/value text on a phone-like page."""

    def __init__(self, width: int, dark: bool, rnd: random.Random) -> None:
        from PIL import ImageFont

        self.width = width
        self.dark = dark
        self.rnd = rnd
        self.scale = width / 1080
        self.font = ImageFont.truetype(str(FONT), round(38 * self.scale))
        self.small = ImageFont.truetype(str(FONT), round(32 * self.scale))
        self.big = ImageFont.truetype(str(FONT), round(46 * self.scale))
        self.ops: list[tuple] = []
        self.y = round(60 * self.scale)
        self.lines: list[str] = []
        self.fg = (230, 230, 230) if dark else (34, 34, 34)
        self.grey = (150, 150, 150) if dark else (120, 120, 120)
        self.bg = (18, 18, 18) if dark else (255, 255, 255)
        self.card = (36, 36, 36) if dark else (245, 245, 245)

    def gap(self, px: int) -> None:
        self.y += round(px * self.scale)

    def row(self, left: str, right: str = "", *, big: bool = False, colour=None, right_colour=None) -> None:
        font = self.big if big else self.font
        x = round(40 * self.scale)
        self.ops.append(("text", (x, self.y), left, font, colour or self.fg))
        self.lines.append(left)
        if right:
            w = font.getlength(right)
            self.ops.append(("text", (self.width - x - w, self.y), right, font, right_colour or self.fg))
            self.lines.append(right)
        self.y += round((70 if not big else 90) * self.scale)

    def bubble(self, text: str, mine: bool) -> None:
        w = self.font.getlength(text) + 40 * self.scale
        x0 = self.width - w - 40 * self.scale if mine else 40 * self.scale
        colour = (0, 122, 255) if mine else self.card
        self.ops.append(("rect", (x0, self.y - 14 * self.scale, x0 + w, self.y + 58 * self.scale), colour))
        fg = (255, 255, 255) if mine else self.fg
        self.ops.append(("text", (x0 + 20 * self.scale, self.y), text, self.font, fg))
        self.lines.append(text)
        self.y += round(100 * self.scale)

    def centre(self, text: str) -> None:
        w = self.small.getlength(text)
        self.ops.append(("text", ((self.width - w) / 2, self.y), text, self.small, self.grey))
        self.lines.append(text)
        self.y += round(70 * self.scale)

    def render(self, quality: int) -> bytes:
        from PIL import Image, ImageDraw

        height = max(self.y + round(80 * self.scale), round(self.width * 1.2))
        img = Image.new("RGB", (self.width, height), self.bg)
        draw = ImageDraw.Draw(img)
        draw.rectangle([0, 0, self.width, round(40 * self.scale)], fill=(255, 80, 0))
        for op in self.ops:
            if op[0] == "rect":
                draw.rounded_rectangle(op[1], radius=round(16 * self.scale), fill=op[2])
            else:
                draw.text(op[1], op[2], font=op[3], fill=op[4])
        out = io.BytesIO()
        img.save(out, "JPEG", quality=quality)
        return out.getvalue()


def _order(p: Page, t: Truth, rnd: random.Random) -> None:
    t.order_no = _digits(rnd, rnd.choice([18, 19]))
    price = rnd.randint(990, 59900)
    discount = rnd.randint(0, min(2000, price // 4))
    t.amount = f"{(price - discount) / 100:.2f}"
    t.shop, t.item = rnd.choice(SHOPS), rnd.choice(ITEMS)
    t.ordered = _time(rnd)
    p.row("订单详情", big=True)
    p.row("交易成功", colour=(255, 80, 0))
    p.gap(20)
    p.row(t.shop + " >")
    p.row(t.item)
    p.row("颜色分类：默认", f"¥{price / 100:.2f} x1", right_colour=p.grey)
    p.gap(20)
    p.row("商品总价", f"¥{price / 100:.2f}")
    p.row("运费（快递）", "¥0.00")
    p.row("店铺优惠", f"-¥{discount / 100:.2f}")
    p.row("实付款", f"¥{t.amount}", right_colour=(255, 80, 0))
    p.gap(30)
    p.row("订单编号", t.order_no + "  复制")
    p.row("支付宝交易号", "2026" + _digits(rnd, 24))
    p.row("创建时间", t.ordered)
    p.row("付款时间", t.ordered[:-2] + f"{(int(t.ordered[-2:]) + 7) % 60:02d}")


def _logistics(p: Page, t: Truth, rnd: random.Random) -> None:
    t.carrier, t.tracking = _tracking(rnd)
    t.signed = _time(rnd, 3)
    p.row("物流详情", big=True)
    p.row(f"{t.carrier}", "复制")
    p.row(f"运单号：{t.tracking}")
    p.gap(30)
    p.row(t.signed, "已签收")
    p.row("您的快件已签收，签收人：本人，", colour=p.grey)
    p.row("如有疑问请联系快递员。", colour=p.grey)
    p.row(t.signed[:11] + "08:12:40", "派送中")
    p.row("快件正在派送中，派件员：王师傅", colour=p.grey)
    p.row(t.signed[:11] + "02:31:09", "运输中")
    p.row("快件已到达【杭州转运中心】", colour=p.grey)


def _chat(p: Page, t: Truth, rnd: random.Random) -> None:
    t.shop = rnd.choice(SHOPS)
    t.order_no = _digits(rnd, 19)
    p.row(t.shop, big=True)
    p.centre(_time(rnd)[:16])
    p.bubble("你好，我买的杯子收到就是裂的", True)
    p.bubble("亲，非常抱歉给您带来不便", False)
    p.bubble(f"订单号{t.order_no}", True)
    p.bubble("亲，可以申请退货退款哦，运费我们承担", False)
    p.bubble("好的，我现在申请", True)


def _refund(p: Page, t: Truth, rnd: random.Random) -> None:
    t.order_no = _digits(rnd, 19)
    t.refund = f"{rnd.randint(990, 59900) / 100:.2f}"
    t.shop = rnd.choice(SHOPS)
    p.row("退款详情", big=True)
    p.row("退款成功", colour=(255, 80, 0))
    p.row("退款金额", f"¥{t.refund}")
    p.row("退回支付宝", "原路退回")
    p.gap(20)
    p.row(t.shop)
    p.row("退款原因", "商品破损")
    p.row("退款编号", _digits(rnd, 19))
    p.row("订单编号", t.order_no)
    p.row("申请时间", _time(rnd))


def logistics_page(tracking: str, carrier: str, *, width: int = 828, seed: int = 1) -> tuple[bytes, Truth]:
    """A logistics page showing one given tracking number (for the done-when checks)."""
    rnd = random.Random(seed)
    t = Truth(f"logistics-{tracking}.jpg", "logistics", width, False, 85)
    p = Page(width, False, rnd)
    _logistics(p, t, rnd)
    t.lines = [line.replace(t.tracking, tracking).replace(t.carrier, carrier) for line in p.lines]
    p.ops = [(*op[:2], op[2].replace(t.tracking, tracking).replace(t.carrier, carrier), *op[3:])
             if op[0] == "text" else op for op in p.ops]
    t.tracking, t.carrier = tracking, carrier
    return p.render(85), t


def page(index: int) -> tuple[bytes, Truth]:
    rnd = random.Random(index * 7919 + 17)
    kind = KINDS[index % len(KINDS)]
    width = rnd.choice([720, 828, 1080, 1170, 1284, 1440])
    dark = index % 3 == 2
    quality = rnd.randint(60, 95)
    t = Truth(f"{index:03d}-{kind}-{width}{'-dark' if dark else ''}-q{quality}.jpg", kind, width, dark, quality)
    p = Page(width, dark, rnd)
    {"order": _order, "logistics": _logistics, "chat": _chat, "refund": _refund}[kind](p, t, rnd)
    t.lines = p.lines
    return p.render(quality), t


def write(folder: Path, n: int = 32) -> list[Truth]:
    folder.mkdir(parents=True, exist_ok=True)
    truths = []
    for i in range(n):
        data, t = page(i)
        (folder / t.name).write_bytes(data)
        truths.append(t)
    (folder / "truth.json").write_text(json.dumps([asdict(t) for t in truths], ensure_ascii=False, indent=1),
                                       encoding="utf-8")
    return truths


if __name__ == "__main__":
    out = write(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 32)
    print(f"{len(out)} screenshots in {sys.argv[1]}")
