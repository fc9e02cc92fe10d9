"""Recognise a courier from a tracking number's shape, offline.

Shapes are what shoppers meet most; anything else is the ``unknown`` carrier, never
an error. The user can always override the carrier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Carrier:
    code: str
    name_zh: str
    name_en: str
    pattern: re.Pattern[str]


CARRIERS: tuple[Carrier, ...] = (
    Carrier("sf", "顺丰速运", "SF Express", re.compile(r"^SF\d{13}$")),
    Carrier("yto", "圆通速递", "YTO Express", re.compile(r"^YT\d{13}$")),
    Carrier("jt", "极兔速递", "J&T Express", re.compile(r"^JT\d{13}$")),
    Carrier("zto", "中通快递", "ZTO Express", re.compile(r"^7[3589]\d{12}$")),
    Carrier("sto", "申通快递", "STO Express", re.compile(r"^77\d{13}$")),
    Carrier("yunda", "韵达快递", "Yunda Express", re.compile(r"^4[36]\d{13}$")),
    Carrier("ems", "EMS", "EMS", re.compile(r"^1[01]\d{11}$")),
    Carrier("jd", "京东物流", "JD Logistics", re.compile(r"^JD[0-9A-Z]{13}$")),
    Carrier("deppon", "德邦快递", "Deppon Express", re.compile(r"^DPK\d{6,}$")),
)
UNKNOWN = Carrier("unknown", "未知快递公司", "Unknown carrier", re.compile(r"$^"))
BY_CODE = {c.code: c for c in (*CARRIERS, UNKNOWN)}


def normalise_tracking_number(text: str) -> str:
    """Upper case, without the spaces and dashes a copy may carry."""
    return re.sub(r"[\s\-\u3000]", "", text or "").upper()


def recognise(number: str) -> Carrier:
    n = normalise_tracking_number(number)
    for carrier in CARRIERS:
        if carrier.pattern.match(n):
            return carrier
    return UNKNOWN


def carrier_by_name(name: str) -> Carrier:
    """A carrier the user named: by code, Chinese or English name; unknown names are kept
    as an unknown carrier (the caller stores the user's text)."""
    key = (name or "").strip().lower()
    for c in BY_CODE.values():
        if key in (c.code, c.name_zh.lower(), c.name_en.lower()) or (
            len(key) >= 2 and c.name_zh.startswith(name.strip())
        ):
            return c
    return UNKNOWN
