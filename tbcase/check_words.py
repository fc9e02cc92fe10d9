"""What ``check`` and an import find, in Chinese and English (``storage.integrity.Finding``
codes, worded by ``Wording.finding``): their own module, as ``messages.py`` would be over
500 lines with them. Pure Python; ``messages.MESSAGES`` includes these."""

from __future__ import annotations

CHECK_MESSAGES: dict[str, tuple[str, str]] = {
    # what check finds (storage/integrity.py); the English lines are CaseFile.check()'s
    # the exhibit a finding is about ({label}): Chinese puts no space after it (证据1的原件, as
    # 证据{exhibit}的 elsewhere), English does. When it has no number (a deleted one): never by
    # the file's internal id, which the user never saw; an exhibit with a number is ``exhibit``
    "check.named_former": ("原证据{n}（{title}，已删除）", "former exhibit {n} ({title}, deleted)"),
    "check.named_unnumbered": ("未编号的证据“{title}”", "the unnumbered exhibit “{title}”"),
    "check.named_letter": ("投诉书 #{n}", "letter #{n}"),
    # a row that is gone: what the history knows of it (the number it had: named_former), never its id
    "check.named_gone": ("一份已不存在的证据", "an exhibit that no longer exists"),
    "check.named_gone_title": ("已不存在的证据“{title}”", "the exhibit “{title}”, which no longer exists"),
    "check.named_some": ("一份证据（文件中的证据表无法读取）", "an exhibit (the file's evidence table does not read)"),
    "check.integrity": ("SQLite 完整性检查：{detail}", "integrity: {detail}"),
    "check.foreign_keys": ("外键：{count} 处引用断开", "foreign keys: {count} broken references"),
    "check.no_bytes": ("哈希：{label}没有保存原件字节", "hash: {label} has no stored bytes"),
    "check.hash_mismatch": ("哈希：{label}的原件与其 SHA-256 {digest} 不一致（原件已改变）",
                            "hash: {label} does not match its SHA-256 {digest}"),
    "check.size_mismatch": ("大小：{label}记录为 {recorded} 字节，原件为 {actual} 字节（原件与其 SHA-256 一致，未改变）",
                            "size: {label} is recorded as {recorded} bytes, its original has {actual} (the "
                            "original matches its SHA-256)"),
    "check.letter_mismatch": ("哈希：投诉书 #{id} 与其 SHA-256 {digest} 不一致",
                              "hash: letter #{id} does not match its SHA-256 {digest}"),
    "check.chain_content": ("历史记录：哈希链在第 {number} 条（{at}）处断开：该条内容与其哈希不符；之前的 {verified} 条校验无误",
                            "history: the chain breaks at entry {number} ({at}): its content does not match "
                            "its hash; {verified} entries before it verify"),
    "check.chain_link": ("历史记录：哈希链在第 {number} 条（{at}）处断开：它没有接在上一条之后（有记录被修改、删除或插入）；之前的 {verified} 条校验无误",
                         "history: the chain breaks at entry {number} ({at}): it does not follow the entry "
                         "before it (one was changed, removed or inserted); {verified} entries before it verify"),
    "check.never_added": ("历史记录：{label}（SHA-256 {digest}）没有添加记录",
                          "history: {label} (SHA-256 {digest}) was never recorded as added"),
    "check.redaction_unrecorded": ("遮挡副本：{label}有一个没有任何历史记录的遮挡副本",
                                   "redaction: {label} has a redacted copy that no history entry records"),
    "check.redaction_changed": ("遮挡副本：{label}的遮挡副本与历史记录第 {entry} 条记下的 SHA-256（{digest}）不一致：已被改动",
                                "redaction: {label}'s redacted copy does not match the SHA-256 recorded in "
                                "history entry {entry} ({digest}): it was changed"),
    "check.redaction_missing": ("遮挡副本：{label}的遮挡副本（历史记录第 {entry} 条）缺失",
                                "redaction: {label}'s redacted copy (history entry {entry}) is missing"),
    "check.chain_cut": ("历史记录：案件最后修改于 {changed}，晚于最后一条历史记录（{last}）：其后的记录已被删除",
                        "history: the case was last changed at {changed}, after its last history entry "
                        "({last}): entries after it were removed"),
    "check.value_missing": ("数值：表 {table} 第 {row} 行缺少 {column}，导入时将略去该行",
                            "value: {table} row {row} has no {column}; import would leave the row out"),
    "check.value_invalid": ("数值：表 {table} 第 {row} 行的 {column} 不是有效的 {kind}，导入时将略去该行",
                            "value: {table} row {row}: {column} is not a valid {kind}; import would leave the row out"),
    "check.value_replaced": ("数值：表 {table} 第 {row} 行的 {column} 不是有效的 {kind}，导入时将改为 {now}",
                             "value: {table} row {row}: {column} is not a valid {kind}; import would make it {now}"),
    "check.value_duplicate": ("数值：{label}与另一项证据重复，导入时将略去",
                              "value: {label} duplicates another exhibit; import would leave it out"),
    "check.value_renumbered": ("数值：{label}没有有效的证据编号，导入时将编为证据{now_exhibit}",
                               "value: {label} has no valid exhibit number; import would number it Exhibit {now_exhibit}"),
    "check.value_ocr": ("数值：{label}的文字识别结果无法读取，导入时将略去（可重新识别）",
                        "value: the OCR result of {label} is unreadable; import would leave it out (it can be read again)"),
    "check.value_unreadable": ("数值：案件记录缺失或无法读取", "value: the case row is missing or unreadable"),
    # what an import of a case file left out or changed (storage/leftout.py: repair's codes)
    "check.import_missing": ("导入：表 {table} 第 {row} 行缺少 {column}，已略去该行",
                             "{table} row {row}: no {column}; the row was left out"),
    "check.import_invalid": ("导入：表 {table} 第 {row} 行的 {column} 不是有效的 {kind}，已略去该行",
                             "{table} row {row}: {column} is not a valid {kind}; the row was left out"),
    "check.import_replaced": ("导入：表 {table} 第 {row} 行的 {column} 不是有效的 {kind}，已改为 {now}",
                              "{table} row {row}: {column} is not a valid {kind}; it is now {now}"),
    "check.import_bytes": ("导入：{label}的原件与其 SHA-256 不一致，未导入",
                           "{label}: its bytes do not match its SHA-256; it was left out"),
    "check.import_duplicate": ("导入：{label}与另一项证据重复，未导入",
                               "{label}: a duplicate of another exhibit; it was left out"),
    "check.import_renumbered": ("导入：{label}没有有效的证据编号，已编为证据{now_exhibit}",
                                "{label}: had no valid exhibit number; it is now Exhibit {now_exhibit}"),
    "check.import_ocr": ("导入：{label}的文字识别结果无法读取，未导入（可重新识别）",
                         "the OCR result of {label} is unreadable; it was left out (it can be read again)"),
    "check.import_rows": ("导入：表 {table} 中有 {count} 行属于未导入的证据，已略去",
                          "{table}: {count} rows of evidence left out"),
    "check.import_letter": ("导入：一份投诉书与其 SHA-256 不一致，未导入",
                            "letter: its bytes do not match its SHA-256; it was left out"),
    "check.import_more": ("导入：另有更多项未导入或已更改，未逐一列出", "… and more left out or changed, not listed"),
    # what an import of an export folder left out (storage/bundle.py); {error} is a known error's words
    "check.import_field": ("导入：“{field}”未导入：{error}", "{field}: {error}"),
    "check.import_chain_unreadable": ("导入：导出包中的历史记录哈希链无法读取",
                                      "history chain: unreadable in the bundle"),
    "check.import_chain_broken": ("导入：导出包中的历史记录哈希链在第 {number} 条（{at}）处断开；之前的 {verified} 条校验无误",
                                  "history chain: broken in the bundle at entry {number} ({at}); "
                                  "{verified} entries before it verified"),
    "check.import_chain_cut": ("导入：导出包中的历史记录有 {verified} 条校验无误，但其记下的最后一条不是列出的最后一条（有记录被截去）",
                               "history chain: {verified} entries verified in the bundle, but its head is not "
                               "the last entry listed (entries were cut off)"),
    "check.import_not_item": ("导入：导出包中有一项证据无法识别，未导入", "evidence: not an item"),
    "check.import_unsafe_name": ("导入：文件名不安全或文件缺失：“{name}”，未导入",
                                 "unsafe or missing file name: '{name}'"),
    "check.import_hash_mismatch": ("导入：{name} 与导出包记下的 SHA-256 不一致（文件已改变），未导入",
                                   "hash mismatch: {name}"),
    "check.import_file": ("导入 {name}：{error}", "{name}: {error}"),
    "check.import_tracking": ("导入：一个快递单号未导入：{error}", "tracking: {error}"),
    "check.import_step": ("导入：一个步骤未导入：{error}", "step: {error}"),
    "check.import_countdown": ("导入：一个倒计时未导入：{error}", "countdown: {error}"),
    "check.import_status": ("导入：案件状态未导入：{error}", "status: {error}"),
    "check.import_entry_bad": ("该条不完整或无法识别（{detail}）", "incomplete or not understood ({detail})"),
    "check.import_copy": ("证据{exhibit}的遮挡副本：", "redacted copy of exhibit {exhibit}: "),
    "check.import_copy_boxes": ("遮挡框无法识别，未导入", "boxes unreadable"),
    "check.import_copy_remade": ("已由原件和遮挡框重新生成（与发送方的副本并非逐字节相同）",
                                 "made again from the original and its boxes (not byte-identical)"),
}

# the case's fields, by the names ``tbcase set`` takes (a problem with one names it)
FIELD_WORDS: dict[str, tuple[str, str]] = {
    "field.platform": ("平台", "platform"), "field.shop": ("店铺", "shop"),
    "field.seller_entity": ("经营者主体", "seller entity"), "field.seller_address": ("经营者地址", "seller address"),
    "field.item": ("商品", "item"), "field.amount": ("金额", "amount"), "field.ordered": ("下单时间", "ordered"),
    "field.signed": ("签收时间", "signed"), "field.outcome": ("期望结果", "outcome"),
    "field.facts": ("问题描述", "facts"), "field.demands": ("投诉请求", "demands"), "field.notes": ("备注", "notes"),
    "field.buyer_nick": ("买家昵称", "buyer nick"), "field.complainant.name": ("投诉人姓名", "complainant name"),
    "field.complainant.phone": ("投诉人电话", "complainant phone"),
    "field.complainant.account": ("投诉人账号", "complainant account"),
    "field.complainant.address": ("投诉人地址", "complainant address"),
}

# what a stored value should have been (``check.value_*``'s {kind}) and what import makes it
VALUE_WORDS: dict[str, tuple[str, str]] = {
    "value_kind.amount": ("金额（0 至 1 亿元）", "amount (0 to 100 million yuan)"),
    "value_kind.number": ("非负整数", "number"), "value_kind.text": ("文字", "text"),
    "value_kind.time": ("时间", "time"), "value_kind.date": ("日期", "date"),
    "value_kind.choice": ("可选值", "choice"), "value_kind.bytes": ("字节", "bytes"),
    "value_kind.sha256": ("SHA-256", "sha256"), "value_kind.media type": ("媒体类型", "media type"),
    "value_now.None": ("空（未填写）", "None"),
}

