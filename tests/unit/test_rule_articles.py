"""Each rule starts from the wording of the article it cites.

Where the article's primary text was found with the search tool, the docstring quotes it
and names where (s8 audit: the texts of 民法典, 消费者权益保护法 and Order 20 in
LawRefBook/Laws; 七日办法 (2020 revision) and 淘宝平台争议处理规则 (2025-08-15 revision) as
stored in JeasonLi2024/claimcraft-creative backend/api/services/law_data_raw/; the 2026
holiday notice on politics.gmw.cn). SAMR Order 121 itself was not found beyond 第1-7条: its
articles are quoted from the official document forms (文书式样) that cite them, and the
docstring says so.
"""


from tbcase.domain.ladder import (
    Action,
    Basis,
    CaseWarning,
    DeadlineState,
    StateBasis,
    case_warnings,
)
from tbcase.wording import Wording
from tests.ladder_harness import BY_ID, t
from tests.ladder_harness import evaluate as run


def test_mediation_before_2026_04_15_is_45_working_days():
    """《市场监督管理投诉举报处理暂行办法》(总局令第20号, 2022年3月24日修改; primary text,
    LawRefBook/Laws 部门规章/市场监督管理总局/) 第二十一条: "有下列情形之一的，终止调解：
    ……（五）自投诉受理之日起四十五个工作日内投诉人和被投诉人未能达成调解协议的". Its
    第二十条第三款: "检定、检验、检测、鉴定所需时间不计算在调解期限内。" so, as with Order
    121 第22条, the real limit may be later than the date shown, and the source must say so
    (not "the earliest": the clock starts at the recorded reply, which may come after the
    acceptance it reports).
    Repealed by Order 121 from 2026-04-15."""
    accepted = [("third_party", t(2026, 2, 26, 9)), ("third_party_reply", t(2026, 3, 2, 10))]
    d, _, _ = run(accepted, t(2026, 3, 3))
    assert "mediation_limit" not in d
    m = d["mediation_limit_2020"]
    assert BY_ID["mediation_limit_2020"].unit == "working_days"
    assert BY_ID["mediation_limit_2020"].amount == 45
    assert m.due == t(2026, 5, 9)  # 45 working days after Mon 03-02 end on Fri 05-08
    assert "第21条" in m.source_zh and "总局令第20号" in m.source_zh
    rule = BY_ID["mediation_limit_2020"]
    assert "第20条" in rule.source_zh and "不计算在" in rule.source_zh and "可能更晚" in rule.source_zh
    assert "art. 20" in rule.source_en and "not counted" in rule.source_en
    assert "may be later" in rule.source_en
    # the last day under the old measures, and the first under the new
    d, _, _ = run([("third_party", t(2026, 4, 10)), ("third_party_reply", t(2026, 4, 14, 23))],
                  t(2026, 4, 15))
    assert set(d) & {"mediation_limit", "mediation_limit_2020"} == {"mediation_limit_2020"}
    d, _, _ = run([("third_party", t(2026, 4, 10)), ("third_party_reply", t(2026, 4, 15, 0, 1))],
                  t(2026, 4, 16))
    assert set(d) & {"mediation_limit", "mediation_limit_2020"} == {"mediation_limit"}


def test_mediation_after_order_121_is_60_days_and_appraisal_time_is_not_counted():
    """《市场监督管理投诉举报处理办法》(总局令第121号, 2025-12-30 公布, 2026-04-15 施行;
    the search tool had its title, dates and 第一条-第七条 only). 第二十三条第一款 as the
    official 终止调解决定书 form quotes it (secondary): "（五）自投诉受理之日起六十日内投诉人
    和被投诉人未能达成调解协议的". 第二十二条 (appraisal or testing time not counted):
    UNVERIFIED, from issue #11; the rule of Order 20 第二十条第三款 was the same."""
    d, _, _ = run([("third_party", t(2026, 11, 2, 10)), ("third_party_reply", t(2026, 11, 6, 10))],
                  t(2026, 11, 7))
    m = d["mediation_limit"]
    assert m.due == t(2027, 1, 6)  # 60 natural days after 11-06: 2027-01-05 24:00
    assert "第23条第1款第5项" in m.source_zh and "第22条" in m.source_zh
    assert "不计算在内" in m.source_zh and "not counted" in m.source_en
    assert "mediation_limit_2020" not in d


def test_mediation_sources_say_where_the_date_shown_counts_from():
    """Both mediation periods run from acceptance: Order 20 第二十一条 (primary) "（五）自投诉
    受理之日起四十五个工作日内…未能达成调解协议的", Order 121 第二十三条第一款 (its official
    form) "（五）自投诉受理之日起六十日内…". The case file holds no acceptance date: the clock
    starts at the last recorded third-party reply to a 12315 complaint (test_engine_rules pins
    it), which reports an acceptance made at or before it. Saying only that testing time may
    make the real limit later hides that the shown date may also be later than the law's, so
    the source says where it counts from."""
    for rid in ("mediation_limit_2020", "mediation_limit"):
        rule = BY_ID[rid]
        assert "所示日期自记录的最后一次第三方答复起算，受理可能更早" in rule.source_zh, rid
        assert ("the date shown counts from the last recorded reply; acceptance may have been "
                "earlier") in rule.source_en, rid


def test_regulator_acceptance_is_7_working_days_from_receipt_and_earliest():
    """《市场监督管理投诉举报处理暂行办法》(2022年修改) 第十四条 (primary text found):
    "具有本办法规定的处理权限的市场监督管理部门，应当自收到投诉之日起七个工作日内作出受理
    或者不予受理的决定，并告知投诉人。" 《消费者权益保护法》第四十六条 (primary text found):
    "消费者向有关行政部门投诉的，该部门应当自收到投诉之日起七个工作日内，予以处理并告知
    消费者。" Order 121 第十五条: UNVERIFIED, from issue #11. Both primary texts count from
    the department's receipt, hence "the earliest possible"."""
    rule = BY_ID["regulator_handling"]
    assert rule.unit == "working_days" and rule.amount == 7 and rule.basis == Basis.LAW
    assert "实施条例" not in rule.source_zh and "Implementing" not in rule.source_en
    assert "第46条" in rule.source_zh and "第121号）第15条" in rule.source_zh
    assert "第14条" in rule.source_zh  # the article before 2026-04-15
    assert "收到投诉" in rule.source_zh and "最早" in rule.source_zh
    assert "earliest possible" in rule.source_en
    d, _, _ = run([("third_party", t(2026, 11, 2, 10))], t(2026, 11, 3))
    assert d["regulator_handling"].due == t(2026, 11, 12)  # Mon + 7 working days = Wed 11-11


def test_consumer_association_has_no_statutory_clock_and_warns_about_12315():
    """The 7-working-day duty (消保法 第46条, primary) binds "有关行政部门", not 消费者协会.
    暂行办法 第十五条 (primary text found): "投诉有下列情形之一的，市场监督管理部门不予受理：
    ……（二）法院、仲裁机构、市场监督管理部门或者其他行政机关、消费者协会或者依法成立的其他
    调解组织已经受理或者处理过同一消费者权益争议的". Order 121 第十六条 keeps this, as its
    official 投诉不予受理决定书 form quotes it (secondary): "（二）法院、仲裁机构、市场监督
    管理部门或者其他行政机关、消费者协会已经受理或者处理过同一消费者权益争议的"."""
    steps = [("consumer_association", t(2026, 11, 2, 10))]
    d, nxt, facts = run(steps, t(2026, 11, 20))
    assert "regulator_handling" not in d
    assert nxt.action == Action.WAIT_CONSUMER_ASSOCIATION and nxt.after is None
    assert case_warnings(facts) == [CaseWarning.CONSUMER_ASSOCIATION_12315]
    # a 消协 reply is not a regulator's acceptance: no mediation clock of the regulations
    d, _, _ = run(steps + [("third_party_reply", t(2026, 11, 5))], t(2026, 11, 20))
    assert not {"mediation_limit", "mediation_limit_2020"} & set(d)
    # going to 12315 does not carry a warning; its acceptance clock runs
    d, _, facts = run([("third_party", t(2026, 11, 2, 10))], t(2026, 11, 3))
    assert "regulator_handling" in d and case_warnings(facts) == []


def test_platform_clocks_are_the_guides_advice_not_a_published_rule():
    """The 淘宝平台争议处理规则 (2025-08-15 revision, its 94 articles as stored in
    claimcraft-creative cat4_淘宝规则.txt) sets no 24-hour or 7-working-day answer time for the
    platform: its only working-day period is 第八十三条（二）, the 7 working days a party has to
    show a court's or the police's acceptance of the case. The clocks pace escalation as the
    complaint guide advises, and their basis must say exactly that: every place that shows a
    source shows its basis with it (the window's tooltip, the rules dialog, the CLI, the
    calendar file), so the source says what the advice is and that the rules set no limit,
    without repeating the basis (it printed twice: "指南建议，非平台公开规则: 指南建议，…")."""
    words = Wording.for_language("zh"), Wording.for_language("en")
    assert [w.word("basis.guide") for w in words] == [
        "指南建议，非平台公开规则", "complaint guide's advice, not a published platform rule"]
    for rid in ("app_reply", "written_reply"):
        rule = BY_ID[rid]
        assert rule.basis == Basis.GUIDE
        assert "未规定此时限" in rule.source_zh and "set no such limit" in rule.source_en
        assert "指南建议" not in rule.source_zh and "not a published platform rule" not in rule.source_en
        assert "常见做法" not in rule.source_zh and "practice" not in rule.source_en


def test_applying_for_the_return_meets_the_7_day_window():
    """《网络购买商品七日无理由退货暂行办法》(2020年修订) 第十条 (primary text found):
    "选择无理由退货的消费者应当自收到商品之日起七日内向网络商品销售者发出退货通知。
    七日期间自消费者签收商品的次日开始起算。" The notice, not the parcel, meets the period.
    《消费者权益保护法》第二十五条 (primary): "消费者有权自收到商品之日起七日内退货". Taobao's
    own rule (淘宝网七天无理由退货规范) was found only second-hand, in two wordings: "以该签收
    时间后的168小时为七天" (older) and "七天期间自物流显示签收商品的次日零时开始起算，满168
    小时为7天" (ahjjxx.com, 2022). Both count 168 clock hours, which no holiday extends; they
    differ on when the hours start, so the note may not say "from sign-for".

    A parcel is shipped back only after the return was applied for, so a recorded shipment
    also meets the window (the request came at or before it): a case that recorded only
    ``return_shipped`` must not be told it missed the window. Shipping is not required
    within the period: with no request and no shipment the window runs out."""
    signed = t(2026, 11, 9, 9)
    d, _, _ = run([("return_requested", t(2026, 11, 16, 20))], t(2026, 11, 20), signed_at=signed)
    assert d["no_reason_return"].state == DeadlineState.MET
    assert d["no_reason_return"].met_at == t(2026, 11, 16, 20)
    d, _, _ = run([("return_shipped", t(2026, 11, 16, 20))], t(2026, 11, 20), signed_at=signed)
    assert d["no_reason_return"].state == DeadlineState.MET
    d, _, _ = run([], t(2026, 11, 20), signed_at=signed)
    assert d["no_reason_return"].state == DeadlineState.OVERDUE
    rule = BY_ID["no_reason_return"]
    assert rule.met_by == ("return_requested", "return_shipped") and "第10条" in rule.source_zh
    assert "无须期内寄出" in rule.source_zh
    assert "满168小时为7天" in rule.note_zh and "不因节假日顺延" in rule.note_zh
    assert "自签收起" not in rule.note_zh and "168 hours" in rule.note_en
    assert "from sign-for" not in rule.note_en and "holiday" in rule.note_en
    assert d["no_reason_return"].note_zh == rule.note_zh


def test_limitation_source_says_a_claim_interrupts_and_the_date_is_the_earliest():
    """《民法典》第一百八十八条 (primary text found): "向人民法院请求保护民事权利的诉讼时效
    期间为三年。……诉讼时效期间自权利人知道或者应当知道权利受到损害以及义务人之日起计算。"
    第一百九十五条 (primary): "有下列情形之一的，诉讼时效中断，从中断、有关程序终结时起，
    诉讼时效期间重新计算：（一）权利人向义务人提出履行请求；……"."""
    rule = BY_ID["limitation"]
    assert "第195条" in rule.source_zh and "中断" in rule.source_zh and "最早" in rule.source_zh
    assert "interrupts" in rule.source_en and "earliest" in rule.source_en
    assert "第188条" in rule.source_zh


def test_refund_after_return_applies_to_intact_goods():
    """《网络购买商品七日无理由退货暂行办法》(2020年修订) 第十三条 (primary text found):
    "消费者退回的商品完好的，网络商品销售者应当在收到退回商品之日起七日内向消费者返还已
    支付的商品价款。" The law itself says it: 《消费者权益保护法》第二十五条第三款 (primary):
    "消费者退货的商品应当完好。经营者应当自收到退回商品之日起七日内返还消费者支付的商品
    价款。" A rule of basis "law" cites the law."""
    rule = BY_ID["refund_after_return"]
    assert "第13条" in rule.source_zh and "完好" in rule.source_zh and "intact" in rule.source_en
    assert "《消费者权益保护法》第25条第3款" in rule.source_zh
    assert "Consumer Rights Protection Law art. 25(3)" in rule.source_en
    assert rule.unit == "days" and rule.amount == 7 and rule.extend


def test_seller_clock_is_overdue_only_after_the_legal_last_day():
    """《民法典》第二百零一条 (primary text found): "按照年、月、日计算期间的，开始的当日不计入，
    自下一日开始计算。" 第二百零三条: "期间的最后一日是法定休假日的，以法定休假日结束的次日为
    期间的最后一日。期间的最后一日的截止时间为二十四时". The seller signs for the return on
    Sun 2026-09-27: day 7 is 10-04, inside the National Day holiday (10-01..10-07), so the
    seller has until 10-08 24:00."""
    signed_return = t(2026, 9, 27, 15)
    d, _, _ = run([], t(2026, 10, 6, 12), return_signed_at=signed_return)
    r = d["refund_after_return"]
    assert r.due == t(2026, 10, 5) and r.legal_due == t(2026, 10, 9)
    assert r.state_basis == StateBasis.LEGAL_DUE
    assert r.state != DeadlineState.OVERDUE
    d, _, _ = run([], t(2026, 10, 8, 12), return_signed_at=signed_return)
    assert d["refund_after_return"].state == DeadlineState.DUE_SOON
    d, _, _ = run([], t(2026, 10, 9, 0, 1), return_signed_at=signed_return)
    assert d["refund_after_return"].state == DeadlineState.OVERDUE


def test_buyer_window_warns_on_the_unextended_date():
    """The buyer's own window is warned against the unextended day (the legal one is shown
    beside it): signed Fri 2026-09-25, day 7 is 10-02 (holiday), legally 10-08."""
    d, _, _ = run([], t(2026, 10, 3, 0, 1), signed_at=t(2026, 9, 25, 18))
    r = d["no_reason_return"]
    assert r.state == DeadlineState.OVERDUE and r.state_basis == StateBasis.DUE
    assert r.legal_due == t(2026, 10, 9)
