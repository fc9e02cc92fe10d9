from tbcase.domain.tone import check_tone


def codes(facts, demands="请求退款39.50元", order="4528716093384027715", evidence=2):
    return [h.code for h in check_tone(facts, demands, order, evidence)]


def test_calm_complete_letter_has_no_hints():
    assert codes("收到的杯子碎了，卖家承诺补发后未再回复。") == []


def test_abusive_emotional_and_shouting():
    assert codes("骗子卖家！！！气死我了") == ["abusive", "emotional", "shouting"]
    assert codes("为什么？？？") == ["shouting"]


def test_ordinary_words_are_not_flagged():
    # 滚筒 (drum), 狗粮 (dog food), 操作 (operation) contain single characters of insults
    assert codes("滚筒洗衣机的操作面板坏了，买的狗粮也漏了。") == []


def test_missing_essentials():
    assert codes("", demands="", order="", evidence=0) == [
        "missing_order", "missing_facts", "missing_demand", "missing_evidence"]
    assert codes("杯子碎了", demands="希望你们处理一下") == ["missing_demand"]
