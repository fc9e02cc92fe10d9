"""The tone check: guidance users follow says to stay factual and calm.

Points out emotional or abusive wording, shouting punctuation and missing
essentials. Suggestions only: the user may ignore every one of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# multi-character words only: single characters (滚, 狗, 操) occur in ordinary words
ABUSIVE = ("骗子", "垃圾店", "垃圾卖家", "傻逼", "傻B", "妈的", "他妈", "去死", "滚蛋", "王八蛋", "混蛋",
           "狗东西", "黑心", "无良", "奸商", "废物", "脑残", "操你")
EMOTIONAL = ("气死", "恶心", "太过分", "无耻", "可恶", "忍无可忍", "绝对不会放过", "曝光你", "投诉到底",
             "等着瞧")
SHOUTING = re.compile(r"[!！]{2,}|[?？]{2,}|[!！?？]{3,}")
DEMAND_WORDS = ("退款", "退货", "换货", "补发", "维修", "赔偿", "返还", "元", "¥", "￥")


@dataclass(frozen=True)
class ToneHint:
    code: str  # abusive | emotional | shouting | missing_order | missing_demand | missing_evidence | missing_facts
    detail: str = ""


def check_tone(facts: str, demands: str, order_no: str, evidence_count: int) -> list[ToneHint]:
    hints: list[ToneHint] = []
    text = f"{facts}\n{demands}"
    lowered = text.lower()
    found = [w for w in ABUSIVE if w.lower() in lowered]
    if found:
        hints.append(ToneHint("abusive", "、".join(found)))
    found = [w for w in EMOTIONAL if w in text]
    if found:
        hints.append(ToneHint("emotional", "、".join(found)))
    shouts = SHOUTING.findall(text)
    if shouts:
        hints.append(ToneHint("shouting", " ".join(dict.fromkeys(shouts))))
    if not order_no:
        hints.append(ToneHint("missing_order"))
    if not facts.strip():
        hints.append(ToneHint("missing_facts"))
    if not demands.strip() or not any(w in demands for w in DEMAND_WORDS):
        hints.append(ToneHint("missing_demand"))
    if evidence_count == 0:
        hints.append(ToneHint("missing_evidence"))
    return hints
