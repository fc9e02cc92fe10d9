from dataclasses import dataclass

import pytest

from tbcase.domain.checklist import readiness


@dataclass
class Case:
    complaint_type: str
    order_no: str = "4528716093384027715"
    item: str = "杯子"
    facts: str = ""
    outcome: str = "refund"


@dataclass
class Track:
    number: str
    carrier: str


@dataclass
class Ev:
    kind: str
    title: str = ""


@pytest.mark.parametrize("ctype, expected", [
    ("quality", ["order_no", "item", "facts", "outcome", "item_photos", "purchase_proof", "chat"]),
    ("logistics", ["order_no", "item", "facts", "outcome", "tracking", "carrier", "chat"]),
    ("after_sales", ["order_no", "item", "facts", "outcome", "item_info", "chat"]),
    ("platform", ["order_no", "item", "facts", "outcome", "description"]),
])
def test_items_per_complaint_type(ctype, expected):
    assert [i.key for i in readiness(Case(ctype), [], [])] == expected


def test_quality_case_becomes_ready():
    case = Case("quality", facts="收到时杯子碎了")
    missing = {i.key for i in readiness(case, [], []) if not i.present}
    assert missing == {"item_photos", "purchase_proof", "chat"}
    evidence = [Ev("photo", "破损"), Ev("screenshot", "订单截图"), Ev("chat", "聊天")]
    assert all(i.present for i in readiness(case, evidence, []))
    # a screenshot that is not of the order is not purchase proof
    assert not next(i for i in readiness(case, [Ev("screenshot", "物流")], []) if i.key == "purchase_proof").present


def test_logistics_needs_a_recognised_carrier():
    case = Case("logistics", facts="包裹丢失")
    items = {i.key: i.present for i in readiness(case, [], [Track("X1", "unknown")])}
    assert items["tracking"] and not items["carrier"]
    items = {i.key: i.present for i in readiness(case, [], [Track("SF1", "sf")])}
    assert items["carrier"]


def test_platform_complaint_needs_a_specific_description():
    assert not readiness(Case("platform", facts="不好"), [], [])[-1].present
    assert readiness(Case("platform", facts="客服在48小时内没有任何答复，投诉单号TS123已超时"), [], [])[-1].present
