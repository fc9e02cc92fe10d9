"""Sentences for known errors and command-line output, in Chinese and English.

Pure Python (no Qt). Nothing here reads the environment but ``language()``, which the
program calls once at startup (Chinese is the default; ``TBCASE_LANG`` or the locale
picks); every other function is given the language. Callers use ``tbcase.wording``.
"""

from __future__ import annotations

import os

from tbcase.check_words import CHECK_MESSAGES, FIELD_WORDS, VALUE_WORDS

ZH = "zh"
EN = "en"

MESSAGES: dict[str, tuple[str, str]] = {
    # case files
    "case_not_found": ("找不到案件文件：{path}", "Case file not found: {path}"),
    "case_unreadable": ("无法读取案件文件 {path}：{detail}", "Cannot read case file {path}: {detail}"),
    "case_empty": ("{path} 是空文件，不是 tbcase 案件文件。", "{path} is empty, not a tbcase case file."),
    "not_a_case": ("{path} 不是 tbcase 案件文件（文件未被修改）。",
                   "{path} is not a tbcase case file (the file was not changed)."),
    "stored_value_bad": ("案件文件中有无法读取的值（{value}）：文件可能来自别处或已损坏。",
                         "The case file holds a value that cannot be read ({value}): the file may come from elsewhere or be damaged."),
    "case_bug": ("tbcase 读取 {path} 时出错（程序缺陷，文件未被修改）：{detail}",
                 "tbcase failed reading {path} (a bug in tbcase; the file was not changed): {detail}"),
    "case_damaged": ("案件文件 {path} 已损坏或不完整（文件未被修改）。",
                     "Case file {path} is damaged or incomplete (the file was not changed)."),
    "case_too_new": ("案件文件 {path} 由更新版本的 tbcase 创建（格式 {version}，本程序支持到 {supported}），请升级 tbcase。文件未被修改。",
                     "Case file {path} was made by a newer tbcase (format {version}; this one reads up to {supported}). Please update tbcase. The file was not changed."),
    "case_busy": ("案件文件 {path} 正在其他窗口或程序中使用，请稍后再试。",
                  "Case file {path} is open elsewhere (another window or program). Try again shortly."),
    "case_read_only": ("案件文件 {path} 是只读的（文件本身或所在位置，如光盘、只读共享）：可以查看，更改无法保存；文件未被修改。",
                       "Case file {path} is read-only (the file itself, or where it is: a disc, a read-only share): "
                       "it can be viewed, but changes cannot be saved; the file was not changed."),
    "case_exists": ("案件文件已存在：{path}（未覆盖）。", "A case file already exists: {path} (not overwritten)."),
    "case_ambiguous": ("有多个案件匹配“{query}”，请给出完整订单号或文件路径。",
                       "More than one case matches '{query}': give the full order number or the file path."),
    "no_such_case": ("案件库中没有订单号为 {query} 的案件。", "No case with order number {query} in the library."),
    "disk_full": ("磁盘空间不足，写入 {path} 失败；案件文件保持完整。",
                  "The disk is full: writing to {path} failed; the case file is still intact."),
    "backup_failed": ("无法创建备份 {path}：{detail}；未进行升级。",
                      "Could not create the backup {path}: {detail}; nothing was migrated."),
    "library_missing": ("案件库文件夹 {path} 不存在或不是文件夹：没有可列出的案件。",
                        "The library folder {path} does not exist or is not a folder: there is no case to list."),
    "library_unwritable": ("案件库文件夹无法写入：{path}", "The library folder cannot be written: {path}"),
    # files from elsewhere (issue 13)
    "case_schema_differs": (
        "案件文件 {path} 的结构与 tbcase 创建的不同（被其他程序改过，或是恶意文件），不能直接打开。"
        "请用“导入”把其中可识别的内容复制到新的案件文件。文件未被修改。（{detail}）",
        "Case file {path} differs from what tbcase makes (changed by another program, or a "
        "malicious file); it cannot be opened as it is. Use import to copy what can be read into a "
        "new case file. The file was not changed. ({detail})"),
    "case_values_bad": ("案件文件 {path} 中有无法识别的内容（{detail}），请用“导入”修复到新文件。文件未被修改。",
                        "Case file {path} holds values tbcase cannot read ({detail}); use import to "
                        "repair it into a new file. The file was not changed."),
    "case_query_aborted": ("读取案件文件 {path} 用时过长，已中止（文件可能是恶意构造的）。文件未被修改。",
                           "Reading case file {path} took too long and was stopped (the file may be "
                           "malicious). The file was not changed."),
    "case_too_many_rows": ("案件文件 {path} 记录的步骤、倒计时或快递单号超出上限（每类最多 {limit} 条；真实案件远少于此，"
                           "文件可能是恶意构造的）：无法计算期限，也不能再添加。文件未被修改。",
                           "Case file {path} holds more steps, countdowns or tracking numbers than tbcase reads "
                           "(at most {limit} of each; a real case has far fewer, the file may be malicious): its "
                           "deadlines cannot be computed and nothing more can be added. The file was not changed."),
    "case_foreign_wal": ("案件文件 {path} 旁边的 {wal} 不是它自己的预写日志（可能来自另一个案件或别的程序）：为免该案件被改写，"
                         "未打开。请把 {wal} 移走后再试。两个文件都未被修改。",
                         "Beside case file {path} lies {wal}, which is not its own write-ahead log (it may come from "
                         "another case or another program): the case was not opened, so that it is not overwritten. "
                         "Move {wal} away and try again. Neither file was changed."),
    "import_too_many_rows": ("案件文件 {path} 记录的步骤、倒计时或快递单号超出上限（每类最多 {limit} 条；真实案件远少于此，"
                             "文件可能是恶意构造的），未导入：只导入一部分会使期限算错。文件未被修改。",
                             "Case file {path} holds more steps, countdowns or tracking numbers than tbcase reads "
                             "(at most {limit} of each; a real case has far fewer, the file may be malicious); it "
                             "was not imported: importing only some of them would get its deadlines wrong. The file "
                             "was not changed."),
    "not_a_regular_file": ("{name} 不是普通文件（文件夹、设备或管道），未添加。",
                           "{name} is not a regular file (a folder, device or pipe); not added."),
    "export_target_not_empty": ("导出目标 {path} 已存在且不是以前的导出，未写入。",
                                "The export target {path} exists and is not an earlier export; nothing written."),
    # values
    "time_out_of_range": ("时间“{value}”不在 {first} 年至 {last} 年之间，请检查年份。",
                          "The time '{value}' is not between {first} and {last}; check the year."),
    "bad_datetime": ("无法识别的时间“{value}”，请使用 2026-11-20 或 2026-11-20 14:30。",
                     "Unrecognised time '{value}': use 2026-11-20 or 2026-11-20 14:30."),
    "bad_amount": ("无法识别的金额“{value}”，请输入如 39.50 的金额（最多两位小数）。",
                   "Unrecognised amount '{value}': enter an amount such as 39.50 (at most two decimals)."),
    "bad_choice": ("{what} 的值“{value}”无效，可选：{choices}", "Invalid {what} '{value}'; choose one of: {choices}"),
    "unknown_field": ("没有字段“{field}”，可修改的字段：{fields}", "No field '{field}'; fields you can set: {fields}"),
    "order_empty": ("订单号不能为空。", "The order number cannot be empty."),
    "order_not_digits": ("订单号应只含数字。", "An order number has digits only."),
    "order_length": ("淘宝/天猫订单号通常为16到19位数字，请核对。",
                     "Taobao/Tmall order numbers are usually 16 to 19 digits: please check."),
    "tracking_empty": ("快递单号不能为空。", "The tracking number cannot be empty."),
    # evidence
    "empty_file": ("{name} 是空文件（0 字节），未添加。", "{name} is an empty file (0 bytes); not added."),
    "file_too_large": ("{name} 超过 {mb} MB，未添加。", "{name} is larger than {mb} MB; not added."),
    "not_an_image": ("{name} 不是图片（文件内容与扩展名不符），未添加。可用 --kind document 作为普通文件保存。",
                     "{name} is not an image (its content does not match its name); not added. Use --kind document to keep it as a plain file."),
    "image_corrupt": ("图片 {name} 已损坏或不完整，未添加。", "Image {name} is damaged or incomplete; not added."),
    "image_bomb": ("图片 {name} 像素过多（可能是恶意文件），未添加。",
                   "Image {name} has far too many pixels (possibly a malicious file); not added."),
    # an image already in the case whose text cannot be read (image_* say "not added": it was)
    "ocr.image_corrupt": ("图片已损坏或不完整，无法识别其中的文字。", "The image is damaged or incomplete; its text cannot be read."),
    "ocr.image_bomb": ("图片像素过多（可能是恶意文件），未识别其中的文字。",
                       "The image has too many pixels (it may be a malicious file); its text was not read."),
    "ocr_missing": ("文字识别（OCR）未安装：请运行 pip install \"tbcase[ocr]\"（Windows 安装包已自带）。",
                    "Text recognition (OCR) is not installed: run pip install \"tbcase[ocr]\" (the Windows installer includes it)."),
    "ocr_no_order": ("在截图 {name} 中没有找到订单编号：请用 --order 给出。", "No order number found in the screenshot {name}: give it with --order."),
    "suggestion_not_found": ("没有第 {n} 条建议（现有 {count} 条）：先运行 tbcase suggest 查看。",
                             "There is no suggestion {n} (there are {count}): run tbcase suggest to see them."),
    "heic_unsupported": ("无法读取 HEIC 图片 {name}：请安装 pillow-heif，或先转换为 JPEG。",
                         "Cannot read HEIC image {name}: install pillow-heif, or convert it to JPEG first."),
    "not_text": ("{name} 不是文本文件，无法作为聊天记录导入。", "{name} is not a text file; it cannot be imported as a chat log."),
    "chat_too_large": ("聊天记录超过 {mb} MB，未导入。", "The chat log is larger than {mb} MB; not imported."),
    "file_missing": ("找不到文件 {name}", "File not found: {name}"),
    "receive_stopped": ("接收已结束（面板或案件已关闭），此文件未添加。",
                        "Receiving has stopped (the panel or the case was closed); this file was not added."),
    "receive_bind_failed": ("无法在 {address} 接收（{detail}），可用 --bind 或 --port 另选。",
                            "Cannot receive on {address} ({detail}); choose another with --bind or --port."),
    "file_is_folder": ("{name} 是文件夹。", "{name} is a folder."),
    "file_unreadable": ("无权读取 {name}", "No permission to read {name}"),
    "evidence_not_found": ("没有编号为 {id} 的证据。", "No evidence with id {id}."),
    "step_not_found": ("没有编号为 {id} 的步骤（可能已撤回）。", "No step with id {id} (it may have been withdrawn)."),
    "letter_not_found": ("没有编号为 {id} 的投诉书。", "No letter with id {id}."),
    # redaction (issue 17)
    "redact_box_bad": ("无法识别的遮挡框“{value}”：请写成 X,Y,宽,高（像素，整数），例如 --box 40,300,600,80。",
                       "Unrecognised box '{value}': write X,Y,W,H in whole pixels, e.g. --box 40,300,600,80."),
    "redact_box_empty": ("遮挡框“{value}”的宽或高为零（或为负），遮挡不到任何内容；未保存。",
                         "The box '{value}' has no width or height; it hides nothing. Nothing was saved."),
    "redact_box_outside": ("遮挡框“{value}”完全在图片之外（图片为 {width}×{height} 像素）；未保存。",
                           "The box '{value}' lies wholly outside the image ({width}×{height} pixels). Nothing was saved."),
    "redact_no_boxes": ("请至少给出一个遮挡框（--box X,Y,宽,高）。", "Give at least one box (--box X,Y,W,H)."),
    "redact_too_many": ("遮挡项过多（{count} 个，最多 {limit} 个）；未保存。",
                        "Too many redactions ({count}; at most {limit}). Nothing was saved."),
    "redact_span_long": ("要遮挡的文字过长（每段最多 {limit} 个字）；未保存。",
                         "A text to hide is too long (at most {limit} characters each). Nothing was saved."),
    "redact_not_redactable": ("证据{exhibit}（{kind}）既不是图片也不是聊天记录，无法制作遮挡副本。",
                              "Exhibit {exhibit} ({kind}) is neither an image nor a chat log; it cannot be redacted."),
    "redact_deleted": ("原证据{exhibit}（{title}）已删除，不能遮挡；请先恢复。",
                       "Former exhibit {exhibit} ({title}) is deleted; restore it before redacting."),
    "redact_deleted_unnumbered": ("证据“{title}”已删除，不能遮挡；请先恢复。",
                                  "The exhibit “{title}” is deleted; restore it before redacting."),
    "redact_nothing_found": ("证据{exhibit}中没有找到要遮挡的文字；未保存。",
                             "Nothing to hide was found in exhibit {exhibit}. Nothing was saved."),
    "redact_chat_boxes": ("证据{exhibit}是聊天记录：请用 --text 或 --auto 遮挡文字，而不是 --box。",
                          "Exhibit {exhibit} is a chat log: hide text with --text or --auto, not --box."),
    "redact_image_text": ("证据{exhibit}是图片：请用 --box 给出遮挡框（--suggest 列出建议）。",
                          "Exhibit {exhibit} is an image: give boxes with --box (--suggest lists offers)."),
    "redact_copy_not_masked": ("导入包中证据{exhibit}的遮挡副本不是原件文字加 ■ 遮挡，未采用。",
                               "The bundle's redacted copy of exhibit {exhibit} is not its original with characters hidden by ■; it was not taken over."),
    "case_or_all": ("tbcase {command}：请给出案件（订单号或文件）或 --all。",
                    "tbcase {command}: give a CASE (order number or file) or --all."),
    "sheet_anchor": ("信函 #{letter}（寄出日 {sent}）所附证据保全说明印出的清单哈希，记于历史第 {entry} 条（哈希链覆盖）：sha256:{digest}",
                     "Letter #{letter} (sent {sent}): the manifest hash its evidence-preservation sheet printed, recorded in history entry {entry} (covered by the hash chain): sha256:{digest}"),
    "redact_no_exhibit": ("案件中没有证据{exhibit}。", "The case has no exhibit {exhibit}."),
    "redact_done": ("已为证据{exhibit}制作遮挡副本（{what}），副本 SHA-256 {copy}。原件未改动，原件 SHA-256 {original}。",
                    "Made a redacted copy of exhibit {exhibit} ({what}); the copy's SHA-256 is {copy}. The original is unchanged; its SHA-256 is {original}."),
    "redact_boxes": ("遮挡 {n} 处", "{n} box(es)"),
    "redact_chars": ("遮挡 {n} 个字", "{n} character(s) hidden"),
    "redact_cleared": ("已删除证据{exhibit}的遮挡副本；原件未改动。",
                       "Removed the redacted copy of exhibit {exhibit}; the original is unchanged."),
    "redact_none": ("证据{exhibit}没有遮挡副本。", "Exhibit {exhibit} has no redacted copy."),
    "redact_no_ocr": ("证据{exhibit}尚未做文字识别（tbcase ocr），没有可建议的遮挡框。",
                      "Exhibit {exhibit} has not been read by OCR (tbcase ocr); no boxes to offer."),
    "redact_no_offers": ("在证据{exhibit}识别出的文字中没有找到电话号码、身份证号或地址。",
                         "No phone number, ID number or address was found in the text read from exhibit {exhibit}."),
    "public_unredacted": ("注意：证据{exhibit}没有遮挡副本，画面未经遮挡导出；如其中有电话、地址等个人信息，请先遮挡（tbcase redact）。",
                          "Note: exhibit {exhibit} has no redacted copy; its picture went out unredacted. If it shows a phone number, an address or other personal details, redact it first (tbcase redact)."),
    "redact_found.phone": ("电话号码", "phone number"),
    "redact_found.id": ("身份证号", "ID number"),
    "redact_found.address": ("地址", "address"),
    # calendar and rules
    "holiday_wrong_year": ("日期 {day} 不属于 {year} 年。", "The date {day} is not in {year}."),
    "holiday_both": ("{day} 不能同时是假日和调休上班日。", "{day} cannot be both a holiday and a working day."),
    "holiday_file_bad": ("节假日文件无法识别：{detail}", "The holiday file cannot be read: {detail}"),
    "holiday_line_bad": ("节假日文件第 {line} 行无法识别（应为“2027-01-01 休”或“2027-02-07 班”）。",
                         "Line {line} of the holiday file is not understood (expected '2027-01-01 休' or '2027-02-07 班')."),
    "rules_bad": ("规则 {rule} 有误：{detail}", "Rule {rule} is wrong: {detail}"),
    "rules_file_bad": ("规则文件 {path} 无法读取：{detail}", "The rules file {path} cannot be read: {detail}"),
    # import / export
    "manifest_not_text": ("导出包的 manifest.json 中 {field} 应为文字，却是 {value}：这不是 tbcase 导出的内容，未导入任何东西。",
                          "The export's manifest.json has {value} for {field}, where tbcase writes text: it is not what tbcase exports; nothing was imported."),
    "manifest_bad": ("导出包的 manifest.json 无效：{detail}", "The export's manifest.json is invalid: {detail}"),
    "font_missing": ("缺少字体文件 {path}", "The font file is missing: {path}"),
    "workdays_estimated": ("注意：{years} 年尚无官方节假日安排，结果为估算（仅按周一至周五计算）。可用 tbcase holidays import 录入该年安排。",
                           "Note: no official holiday data for {years} yet; the result is estimated (Monday to Friday only). Add the year with tbcase holidays import."),
    "holidays_imported": ("已录入 {year} 年：{holidays} 个假日，{workdays} 个调休上班日。",
                          "Added {year}: {holidays} holidays, {workdays} adjusted working days."),
    "holidays_next": ("{year} 年起尚无官方数据：涉及的期限标为“估算”。国务院通知发布后可用 tbcase holidays import 录入。",
                      "No official data from {year} on: deadlines reaching it are marked estimated. Add the State Council notice with tbcase holidays import once published."),
    "path_failed": ("无法写入或读取 {path}（{detail}）；请换一个位置。",
                    "Cannot write or read {path} ({detail}); choose another place."),
    "argument_not_text": ("参数 {argument} 含有不是 UTF-8 编码的文字（{shown}），无法保存：请在 UTF-8 终端中输入（例如 export LANG=zh_CN.UTF-8），或用 tbcase gui 填写。未做任何修改。",
                          "The argument {argument} holds text that is not UTF-8 ({shown}) and cannot be stored: type it in a UTF-8 terminal (e.g. export LANG=en_US.UTF-8) or fill it in with tbcase gui. Nothing was changed."),
    "internal_error": ("tbcase 内部错误：{detail}（设置 TBCASE_DEBUG=1 查看详情）",
                       "tbcase internal error: {detail} (set TBCASE_DEBUG=1 for details)"),
    "countdown_bad": ("无法识别的倒计时“{value}”，例如：2天23时、1天5小时30分。",
                      "Unrecognised countdown '{value}': e.g. 2天23时 or 1天5小时30分."),
    "tone.abusive": ("措辞可能被视为辱骂（{detail}），建议改为客观陈述事实。",
                     "Wording that may read as abuse ({detail}): state the facts calmly instead."),
    "tone.emotional": ("情绪化表述（{detail}），建议保持冷静、就事论事。",
                       "Emotional wording ({detail}): stay calm and factual."),
    "tone.shouting": ("连续的感叹号或问号（{detail}），建议改为一个句号。",
                      "Shouting punctuation ({detail}): one full stop reads better."),
    "tone.missing_order": ("缺少订单号。", "The order number is missing."),
    "tone.missing_facts": ("缺少问题描述（投诉事由）。", "The description of the problem is missing."),
    "tone.missing_demand": ("投诉请求不够具体：请写明退款、退货、换货、赔偿等及金额。",
                            "The demand is not specific: say refund, return, exchange or compensation, and the amount."),
    "tone.missing_evidence": ("尚未添加任何证据。", "No evidence has been added yet."),
    "cancelled": ("已取消；已完成的部分完整保存。", "Cancelled; what was done is saved whole."),
}
MESSAGES.update(CHECK_MESSAGES)
MESSAGES.update(FIELD_WORDS)
MESSAGES.update(VALUE_WORDS)


def language() -> str:
    """zh unless the user asked for English (TBCASE_LANG, or an English locale)."""
    forced = os.environ.get("TBCASE_LANG", "").lower()
    if forced:
        return EN if forced.startswith("en") else ZH
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return EN if value.lower().startswith("en") else ZH
    import locale

    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return EN if code.lower().startswith("en") else ZH


def choose(pair: tuple[str, str], lang: str) -> str:
    """The one choice between the Chinese and the English of a pair."""
    return pair[1] if lang == EN else pair[0]


def message(code: str, lang: str, **params: object) -> str:
    pair = MESSAGES.get(code)
    if pair is None:
        return code + (f" {params}" if params else "")
    template = choose(pair, lang)
    params.setdefault("name", "")
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


# Words for values (the window has its own Qt translations of these).
LABELS: dict[str, tuple[str, str]] = {
    # deadline states
    "state.upcoming": ("未到期", "upcoming"),
    "state.due_soon": ("24小时内到期", "due within 24 hours"),
    "state.overdue": ("已逾期", "overdue"),
    "state.met": ("已答复", "met"),
    "state.irrelevant": ("不再适用", "no longer relevant"),
    # next actions
    "action.complain_in_app": ("在App内提交投诉（我的订单 → 投诉）", "File a complaint in the app (My orders → Complain)"),
    "action.wait_app_reply": ("等待平台答复App内投诉", "Wait for the platform's answer to the in-app complaint"),
    "action.written_complaint": ("向平台客服提交书面投诉", "Send a written complaint to platform customer service"),
    "action.wait_written_reply": ("等待平台客服书面答复", "Wait for customer service's written answer"),
    "action.alibaba": ("向阿里巴巴集团投诉", "Complain to Alibaba Group"),
    "action.wait_alibaba": ("等待阿里巴巴集团处理", "Wait for Alibaba Group"),
    "action.third_party": ("向第三方投诉（如全国12315平台、消费者协会）", "Complain to a third party (the national 12315 platform, the consumer association)"),
    "action.wait_third_party": ("等待市场监管部门处理，逾期可催办", "Wait for the market regulator; chase it if late"),
    "action.wait_consumer_association": ("等待消费者协会处理（无法定答复时限）", "Wait for the consumer association (no statutory answer time)"),
    "action.resubmit_or_12315": ("投诉被驳回：补充证据后重新提交，或向12315投诉", "Complaint rejected: resubmit with more evidence, or go to 12315"),
    "action.reconsider_or_third_party": ("投诉被拒绝：附理由申请复核，或向第三方投诉", "Complaint refused: ask for reconsideration with reasons, or go to a third party"),
    "action.decide_on_reply": ("已收到答复：满意则标记已解决，不满意则继续投诉", "An answer came: mark resolved if satisfied, otherwise escalate"),
    "action.none": ("案件已结束", "The case is closed"),
    # basis
    "basis.law": ("法律规定", "law"),
    "basis.platform": ("平台规则", "platform rules"),
    "basis.guide": ("指南建议，非平台公开规则", "complaint guide's advice, not a published platform rule"),
    "basis.practice": ("常见做法（非法律规定）", "common practice (not law)"),
    "basis.with_source": ("{basis}：{source}", "{basis}: {source}"),  # a deadline's basis and its source
    # steps
    "step.complaint": ("App内投诉", "in-app complaint"),
    "step.platform_reply": ("平台答复", "platform replied"),
    "step.written_complaint": ("书面投诉", "written complaint"),
    "step.written_reply": ("书面答复", "written reply"),
    "step.alibaba": ("向阿里巴巴集团投诉", "complaint to Alibaba Group"),
    "step.third_party": ("第三方投诉（12315等）", "third-party complaint (12315 …)"),
    "warning.consumer_association_12315": (
        "已向消费者协会投诉：消费者协会已经受理或处理过的同一争议，市场监管部门（12315）不予受理（《市场监督管理投诉举报处理办法》第16条）；消协没有法定答复时限",
        "You complained to the consumer association: the market regulator (12315) refuses a dispute a consumer association has already taken or handled (Order 121 art. 16); the association has no statutory answer time"),
    "state_basis.due": ("按未顺延日期", "by the unextended date"),
    "state_basis.legal_due": ("按法定顺延日期", "by the legally extended date"),
    "step.consumer_association": ("向消费者协会投诉", "complaint to the consumer association"),
    "step.third_party_reply": ("第三方答复", "third-party reply"),
    "step.resolved": ("已解决", "resolved"),
    "step.rejected": ("被驳回", "rejected"),
    "step.refused": ("被拒绝", "refused"),
    "step.closed": ("已结案", "closed"),
    "step.return_requested": ("已申请退货", "return requested"),
    "step.return_shipped": ("退货已寄出", "return shipped"),
    "step.return_signed": ("卖家已签收退货", "seller signed for the return"),
    # complaint types
    "type.quality": ("商品质量", "product quality"),
    "type.logistics": ("物流", "logistics"),
    "type.after_sales": ("售后服务", "after-sales service"),
    "type.platform": ("平台服务", "platform service"),
    # outcomes
    "outcome.refund": ("退款", "refund"),
    "outcome.return": ("退货退款", "return"),
    "outcome.exchange": ("换货", "exchange"),
    "outcome.repair": ("维修", "repair"),
    "outcome.compensation": ("赔偿", "compensation"),
    "outcome.other": ("其他", "other"),
    # status
    "status.open": ("处理中", "open"),
    "status.resolved": ("已解决", "resolved"),
    "status.closed": ("已结案", "closed"),
    # evidence kinds
    "kind.screenshot": ("截图", "screenshot"),
    "kind.photo": ("照片", "photo"),
    "kind.chat": ("聊天记录", "chat log"),
    "kind.receipt": ("凭证", "receipt"),
    "kind.document": ("文件", "document"),
    # evidence checklist
    "check.order_no": ("订单号", "order number"),
    "check.item": ("商品名称", "item name"),
    "check.facts": ("问题描述", "description of the problem"),
    "check.outcome": ("期望结果", "expected result"),
    "check.item_photos": ("商品照片", "photos of the item"),
    "check.purchase_proof": ("购买凭证（订单截图）", "purchase proof (order screenshot)"),
    "check.chat": ("与卖家的聊天记录", "chat records with the seller"),
    "check.tracking": ("快递单号", "tracking number"),
    "check.carrier": ("快递公司", "courier company"),
    "check.item_info": ("商品信息", "item information"),
    "check.description": ("具体问题说明", "a specific description of what went wrong"),
    # how an exhibit was added (Via), and where its capture time came from
    "via.open": ("选择文件添加", "chosen in a file dialog"),
    "via.ocr": ("识别截图建案", "with a case made from a screenshot"),
    "via.demo": ("示例数据", "demo data"),
    "via.none": ("未记录", "not recorded"),
    "source.exif": ("照片EXIF", "photo EXIF"),
    "source.file": ("文件修改时间", "file modification time"),
    "source.user": ("用户填写", "entered by the user"),
    "source.chat": ("聊天记录首条消息时间", "first chat message"),
    "source.none": ("未知", "unknown"),
    # history entries
    "history.case.created": ("创建案件", "case created"),
    "history.step.added": ("记录步骤", "step recorded"),
    "history.step.withdrawn": ("撤回步骤", "step withdrawn"),
    "history.tracking.added": ("添加快递单号", "tracking number added"),
    "history.tracking.changed": ("修改快递单号", "tracking number changed"),
    "history.evidence.added": ("添加证据", "evidence added"),
    "history.evidence.received": ("从手机收到证据", "evidence received from phone"),
    "history.evidence.undecodable": ("图片无法解码，只保存原件", "picture does not decode; original kept"),
    "history.evidence.deleted": ("删除证据", "evidence deleted"),
    "history.evidence.restored": ("恢复证据", "evidence restored"),
    "history.evidence.purged": ("彻底删除证据", "evidence purged"),
    "history.evidence.moved": ("调整证据顺序", "exhibit moved"),
    "history.evidence.title": ("修改证据标题", "exhibit title changed"),
    "history.evidence.note": ("修改证据备注", "exhibit note changed"),
    "history.evidence.kind": ("修改证据类型", "exhibit kind changed"),
    "history.evidence.captured": ("修改拍摄时间", "capture time changed"),
    "history.evidence.redacted": ("制作遮挡副本（原件不变）", "redacted copy made (original unchanged)"),
    "history.evidence.redaction_cleared": ("删除遮挡副本", "redacted copy removed"),
    "history.countdown.added": ("添加倒计时", "countdown added"),
    "history.letter.generated": ("生成书面投诉书", "written complaint made"),
    "history.sheet_hash": ("· 所附证据保全说明的清单哈希 sha256:", "· its preservation sheet's manifest sha256:"),
    "history.schema.migrated": ("升级文件格式", "file format upgraded"),
    "history.chain.began": ("历史记录哈希链自此开始（此前的记录在升级时按原顺序串联）",
                            "history hash chain began (earlier entries chained in order at upgrade)"),
    "history.case.imported": ("导入案件", "case imported"),
    "history.history.structured": ("历史记录自此按数据保存", "history stored as data from here"),
    "history.entries_chained": ("此前的 {n} 条记录按原顺序串联", "{n} earlier entries chained in order"),
    "history.entries_read": ("此前的 {n} 条记录从原文读出", "{n} earlier entries read from their text"),
    "history.left_out": ("{n} 项未导入", "{n} left out"),
    "history.reason": ("原因：{reason}", "reason: {reason}"),
    "history.former_exhibit": ("原证据{n}（已删除）", "former exhibit {n} (deleted)"),
    "history.deleted_exhibit": ("已删除的证据", "a deleted exhibit"),
    "history.deleted_titled": ("已删除的证据“{title}”", "the deleted exhibit “{title}”"),
    # the calendar file of deadlines (storage/ics.py)
    "ics.calendar": ("tbcase 期限", "tbcase deadlines"),
    "ics.estimated": ("（估算）", " (estimated)"),
    "ics.summary": ("{label} · 订单 {order}", "{label} · order {order}"),
    "ics.order": ("订单号：{order}", "Order number: {order}"),
    "ics.item": ("商品：{item}", "Item: {item}"),
    "ics.source": ("依据（{basis}）：{source}", "Source ({basis}): {source}"),
    "ics.legal_due": ("依法顺延至：{date}", "Extended by law to: {date}"),
    "ics.estimated_note": ("该期限涉及尚无官方节假日安排的年份，为估算结果。",
                           "This deadline falls in a year without an official holiday schedule yet: "
                           "it is an estimate."),
    "ics.alarm": ("{label} 即将到期", "{label} is due soon"),
    # what the sender's history chain was, found on import (chain.SourceChain)
    "source_chain.none": ("来源没有历史哈希链（由更早的版本制作）",
                          "history chain: none in the source (made before tbcase chained its history)"),
    "source_chain.unreadable": ("来源的历史哈希链无法读取", "history chain: unreadable in the source"),
    "source_chain.broken": ("来源的历史哈希链在第 {at} 条（{time}）处断开，此前 {n} 条核对无误",
                            "history chain: broken in the source at entry {at} ({time}); "
                            "{n} entries before it verified"),
    "source_chain.cut": ("来源的历史哈希链 {n} 条核对无误，但最后一条不是所述的链头（有记录被截去）",
                         "history chain: {n} entries verified in the source, but its head is not the "
                         "last entry listed (entries were cut off)"),
    "source_chain.verified": ("来源的历史哈希链 {n} 条核对无误，链头 {head}",
                              "history chain: {n} entries verified in the source, head {head}"),
    "exhibit": ("证据{n}", "Exhibit {n}"),
    "letter": ("投诉书", "letter "),
    "direction.out": ("发货", "outbound"),
    "direction.return": ("退货", "return"),
    "via.drop": ("拖入", "dropped in"),
    "via.paste": ("粘贴", "pasted"),
    "via.phone": ("手机传入", "from the phone"),
    "via.import": ("导入", "imported"),
    "via.cli": ("命令行", "command line"),
    "history.evidence.present": ("记录已有证据的SHA-256", "SHA-256 of evidence already there recorded"),
    "history.case.order": ("修改订单号", "order number changed"),
    "history.case.platform": ("修改平台", "platform changed"),
    "history.case.shop": ("修改店铺", "shop changed"),
    "history.case.seller_entity": ("修改卖家经营主体", "seller entity changed"),
    "history.case.seller_address": ("修改卖家地址", "seller address changed"),
    "history.case.item": ("修改商品", "item changed"),
    "history.case.amount": ("修改金额", "amount changed"),
    "history.case.ordered": ("修改下单时间", "order time changed"),
    "history.case.signed": ("修改签收时间", "sign-for time changed"),
    "history.case.type": ("修改投诉类型", "complaint type changed"),
    "history.case.outcome": ("修改期望结果", "desired outcome changed"),
    "history.case.status": ("修改状态", "status changed"),
    "history.case.facts": ("修改投诉事由", "facts changed"),
    "history.case.demands": ("修改投诉请求", "demands changed"),
    "history.case.notes": ("修改备注", "notes changed"),
    "history.case.buyer_nick": ("修改买家昵称", "buyer nickname changed"),
    "history.case.complainant.name": ("修改投诉人姓名", "complainant name changed"),
    "history.case.complainant.phone": ("修改投诉人电话", "complainant phone changed"),
    "history.case.complainant.account": ("修改投诉人账号", "complainant account changed"),
    "history.case.complainant.address": ("修改投诉人地址", "complainant address changed"),
    # command-line headings
    "cli.check_progress": ("检查 {name}：已核对历史记录 {done}/{total} 条", "Checking {name}: {done}/{total} history entries verified"),
    "cli.ocr_progress": ("文字识别 {i}/{n}  {name}", "Reading text {i}/{n}  {name}"),
    "cli.ocr_failed": ("  {exhibit}：{error}", "  {exhibit}: {error}"),
    "cli.ocr_done": ("{name}：新识别 {done} 张图片，{before} 张此前已识别", "{name}: read {done} image(s), {before} read before"),
    "cli.ocr_pending": ("还有 {n} 张图片未识别：先运行 tbcase ocr", "{n} image(s) not read yet: run tbcase ocr first"),
    "cli.ocr_check": ("以上内容由文字识别得出，请与截图核对；用 tbcase set 更正。", "Read by OCR: check against the screenshot; correct with tbcase set."),
    "cli.ocr_field.order": ("订单编号", "Order number"),
    "cli.ocr_field.amount": ("实付款", "Amount paid"),
    "cli.ocr_field.refund": ("退款金额", "Refund"),
    "cli.ocr_field.shop": ("店铺", "Shop"),
    "cli.ocr_field.item": ("商品", "Item"),
    "cli.ocr_field.ordered": ("下单时间", "Ordered"),
    "cli.ocr_field.signed": ("签收时间", "Signed for"),
    "cli.ocr_field.tracking": ("运单号", "Tracking number"),
    "cli.suggest.tracking": ("新运单号", "New tracking number"),
    "cli.suggest.missing": ("可填写", "Can fill in"),
    "cli.suggest.differs": ("与案件不符", "Differs from the case"),
    "cli.suggest_current": ("案件中为", "case says"),
    "cli.suggest_accepted": ("已采纳：", "Accepted: "),
    "cli.suggest_none": ("截图与案件一致，没有建议。", "The screenshots agree with the case: no suggestions."),
    "cli.find_case": ("案件信息", "case fields"),
    "cli.find_kind.case": ("字段", "fields"),
    "cli.find_kind.chat": ("聊天记录", "chat log"),
    "cli.find_kind.ocr": ("图片文字", "image text"),
    "cli.steps": ("已采取的步骤：", "Steps taken:"),
    "cli.withdrawn": ("已撤回：{step}", "Withdrawn: {step}"),
    "withdrawn_told": ("注意：{letters}叙述了这一步骤；已生成的信函不变，未寄出的请重新生成。", "Note: {letters} told this step; make again any not sent."),
    "letter_named": ("信函 #{id}（寄出日 {sent}）", "letter #{id} (sent {sent})"),
    "cli.deadlines": ("期限：", "Deadlines:"),
    "cli.next": ("下一步：", "Next step: "),
    "cli.missing": ("缺少：", "Missing: "),
    "cli.extended": ("依法顺延至 {due}", "extended by law to {due}"),
    "cli.extended_estimated": ("依法顺延至 {due}，估算", "extended by law to {due}, estimated"),
    "cli.duplicate": ("已存在，未重复保存", "already there, not stored twice"),
    "cli.exhibit": ("证据{n}", "Exhibit {n}"),
    "cli.hint": ("提示：", "Suggestion: "),
    "estimated": ("估算：尚无官方节假日数据", "estimated: no official holiday data yet"),
    # the rules (tbcase rules, the window's rules dialog)
    "who.platform": ("平台", "platform"),
    "who.seller": ("卖家", "seller"),
    "who.regulator": ("市场监管部门", "market regulator"),
    "who.buyer": ("买家（您）", "buyer (you)"),
    "starts.order.signed": ("签收商品", "you signed for the goods"),
    "starts.return.signed": ("卖家签收退货", "the seller signed for the return"),
    "starts.harm.known": ("知道权益受损（签收或首次投诉）", "you learned of the harm (sign-for or first complaint)"),
    "starts.regulator.accepted": ("市场监管部门受理投诉（第三方答复）", "the regulator accepted the complaint (third-party reply)"),
    "unit.hours": ("{n}小时", "{n} hours"),
    "unit.days": ("{n}日", "{n} days"),
    "unit.working_days": ("{n}个工作日", "{n} working days"),
    "unit.years": ("{n}年", "{n} years"),
    "cli.rule_valid": ("适用：{valid}", "applies: {valid}"),
    "cli.rule_checked": ("核对日期：{checked}", "checked: {checked}"),
    "cli.as_of": ("计算时间：{now}", "as of {now}"),
    "rule.until_now": ("至今", "now"),
}


def label(key: str, lang: str) -> str:
    pair = LABELS.get(key)
    if pair is None:
        return key.split(".", 1)[-1]
    return choose(pair, lang)


def has_label(key: str) -> bool:
    return key in LABELS
