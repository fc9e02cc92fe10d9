<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CaseCommands</name>
    <message>
        <location filename="../../tbcase/ui/case_commands.py" line="68"/>
        <source>Add evidence</source>
        <translation>添加证据</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_commands.py" line="69"/>
        <source>Evidence (*.png *.jpg *.jpeg *.heic *.webp *.gif *.bmp *.txt *.pdf);;All files (*)</source>
        <translation>证据 (*.png *.jpg *.jpeg *.heic *.webp *.gif *.bmp *.txt *.pdf);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_commands.py" line="76"/>
        <source>Nothing to paste: copy a screenshot or a chat log first.</source>
        <translation>剪贴板为空：请先复制截图或聊天记录。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_commands.py" line="82"/>
        <source>Select an exhibit on the Evidence tab to delete it.</source>
        <translation>请在“证据”页选中要删除的证据。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_commands.py" line="137"/>
        <source>Export case to folder</source>
        <translation>导出案件到文件夹</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_commands.py" line="143"/>
        <source>Export case</source>
        <translation>导出案件</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_commands.py" line="144"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_commands.py" line="148"/>
        <source>Exported to {0}</source>
        <translation>已导出到 {0}</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_commands.py" line="157"/>
        <source>Exporting… {0}/{1}</source>
        <translation>正在导出… {0}/{1}</translation>
    </message>
</context>
<context>
    <name>CaseList</name>
    <message>
        <location filename="../../tbcase/ui/models.py" line="63"/>
        <source>Order no.</source>
        <translation>订单号</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/models.py" line="64"/>
        <source>Next deadline</source>
        <translation>下一个期限</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/models.py" line="65"/>
        <source>Shop</source>
        <translation>店铺</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/models.py" line="66"/>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/models.py" line="67"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/models.py" line="68"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/models.py" line="69"/>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/models.py" line="169"/>
        <source> (est.)</source>
        <translation>（估算）</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/models.py" line="198"/>
        <source>Next: {0}</source>
        <translation>下一步：{0}</translation>
    </message>
</context>
<context>
    <name>CaseListPane</name>
    <message>
        <location filename="../../tbcase/ui/case_list.py" line="89"/>
        <source>Search order no., shop, item, notes, chat…</source>
        <translation>搜索订单号、店铺、商品、备注、聊天记录…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_list.py" line="91"/>
        <source>Due soon / overdue only</source>
        <translation>只看即将到期/已逾期</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_list.py" line="156"/>
        <source>fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_list.py" line="156"/>
        <source>chat log</source>
        <translation>聊天记录</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_list.py" line="156"/>
        <source>image text</source>
        <translation>图片文字</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_list.py" line="158"/>
        <source>exhibit {0}</source>
        <translation>证据{0}</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_list.py" line="192"/>
        <source>No cases yet in {0}.
Create one with Ctrl+N, or open a .tbcase file with Ctrl+O.</source>
        <translation>{0} 中还没有案件。
按 Ctrl+N 新建，或按 Ctrl+O 打开 .tbcase 文件。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../tbcase/ui/case_list.py" line="206"/>
        <source>%n case(s) overdue</source>
        <translation>
            <numerusform>%n 个案件已逾期</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../tbcase/ui/case_list.py" line="208"/>
        <source>%n due within 24 hours</source>
        <translation>
            <numerusform>%n 个24小时内到期</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CasePage</name>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="47"/>
        <source>Delete exhibit {0}</source>
        <translation>删除证据 {0}</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/page.py" line="67"/>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/page.py" line="67"/>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/page.py" line="67"/>
        <source>Chat</source>
        <translation>聊天记录</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/page.py" line="68"/>
        <source>Tracking</source>
        <translation>物流</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/page.py" line="68"/>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/page.py" line="69"/>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/page.py" line="162"/>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/page.py" line="163"/>
        <source>What was copied is a web link, not a chat log:
{0}

tbcase works offline and never opens links. To keep what the page shows, take a screenshot of it and paste the screenshot.

Keep the copied text as a chat log anyway?</source>
        <translation>复制的是一个网页链接，不是聊天记录：
{0}

tbcase 不联网，也不会打开链接。要留下网页上显示的内容，请给网页截图，再粘贴截图。

仍要把复制的文字作为聊天记录保存吗？</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/page.py" line="189"/>
        <source>Check case</source>
        <translation>检查案件</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/page.py" line="190"/>
        <source>Verifying the history…</source>
        <translation>正在核对历史记录…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/page.py" line="190"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/page.py" line="223"/>
        <source>No problems found: the file is whole, every original and letter matches its SHA-256, and the history chain holds.</source>
        <translation>未发现问题：文件完整，每项证据原件和每份投诉书都与其 SHA-256 一致，历史记录哈希链完整。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../tbcase/ui/case_page/page.py" line="228"/>
        <source>(%n more)</source>
        <translation>
            <numerusform>（另有 %n 项）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/page.py" line="254"/>
        <source>Read image text</source>
        <translation>识别图片文字</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/common.py" line="129"/>
        <source>Countdown</source>
        <translation>倒计时</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/common.py" line="130"/>
        <source>Countdown added: due {0}</source>
        <translation>已添加倒计时：截止 {0}</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/common.py" line="133"/>
        <source>Add a countdown</source>
        <translation>添加倒计时</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/common.py" line="113"/>
        <source>Record a step</source>
        <translation>记录步骤</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/common.py" line="110"/>
        <source>Step recorded: {0}</source>
        <translation>已记录步骤：{0}</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/timeline.py" line="38"/>
        <source>Withdraw step {0}</source>
        <translation>撤回步骤 {0}</translation>
    </message>
</context>
<context>
    <name>ChatDelegate</name>
    <message>
        <location filename="../../tbcase/ui/case_page/chat.py" line="40"/>
        <source>Buyer (right)</source>
        <translation>买家（右）</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/chat.py" line="40"/>
        <source>Seller (left)</source>
        <translation>卖家（左）</translation>
    </message>
</context>
<context>
    <name>ChatTab</name>
    <message>
        <location filename="../../tbcase/ui/case_page/chat.py" line="102"/>
        <source>Search in this chat</source>
        <translation>在聊天记录中搜索</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/chat.py" line="104"/>
        <source>Paste a chat log…</source>
        <translation>粘贴聊天记录…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/chat.py" line="123"/>
        <source>No chat log yet. Copy the conversation with the seller in Qianniu / Wangwang and use “Paste a chat log…”.</source>
        <translation>还没有聊天记录。在千牛/旺旺中复制与卖家的对话，然后点击“粘贴聊天记录…”。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/chat.py" line="147"/>
        <source>Exhibit {0}: {1}</source>
        <translation>证据{0}：{1}</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/chat.py" line="149"/>
        <source>(read from the screenshot: check against the image)</source>
        <translation>（由截图识别，请与原图核对）</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/chat.py" line="187"/>
        <source>Chat</source>
        <translation>聊天记录</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/chat.py" line="188"/>
        <source>Reading the chat log…</source>
        <translation>正在读取聊天记录…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/chat.py" line="192"/>
        <source>Chat log added as exhibit {0}.</source>
        <translation>聊天记录已添加为证据 {0}。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/chat.py" line="194"/>
        <source>This chat log is already exhibit {0}.</source>
        <translation>这份聊天记录已是证据 {0}。</translation>
    </message>
</context>
<context>
    <name>CountdownDialog</name>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="241"/>
        <source>Add a countdown</source>
        <translation>添加倒计时</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="243"/>
        <source>Seller must handle the refund</source>
        <translation>卖家处理退款</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="244"/>
        <source>2天23时, or 2026-11-30 18:00</source>
        <translation>2天23时，或 2026-11-30 18:00</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="247"/>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="248"/>
        <source>Time left or end time</source>
        <translation>剩余时间或截止时间</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="280"/>
        <source>Due {0}</source>
        <translation>截止 {0}</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../tbcase/ui/crash.py" line="43"/>
        <source>tbcase: internal error</source>
        <translation>tbcase：内部错误</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/crash.py" line="45"/>
        <source>Something went wrong inside tbcase (a bug, not a problem with your files: nothing was changed by the failed action). Please copy this report and send it with a description of what you did.</source>
        <translation>tbcase 内部出错（这是程序缺陷，不是您的文件有问题：失败的操作没有改动任何内容）。请复制这份报告，连同您当时的操作说明一起发送给开发者。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/crash.py" line="53"/>
        <source>Copy report</source>
        <translation>复制报告</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/crash.py" line="65"/>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/crash.py" line="77"/>
        <source>Internal error: {0} (see the report)</source>
        <translation>内部错误：{0}（详见报告）</translation>
    </message>
</context>
<context>
    <name>Evidence</name>
    <message>
        <location filename="../../tbcase/ui/models.py" line="297"/>
        <source>Exhibit {0}</source>
        <translation>证据{0}</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/models.py" line="313"/>
        <source>The picture does not decode: only the original file is kept.</source>
        <translation>图片无法解码：只保存了原始文件。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/grid.py" line="93"/>
        <source>Redacted: the letter prints the redacted copy; the original is kept unchanged.</source>
        <translation>已遮挡：信函中印出的是遮挡副本，原件保持不变。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/grid.py" line="102"/>
        <source>Redacted</source>
        <translation>已遮挡</translation>
    </message>
</context>
<context>
    <name>EvidenceTab</name>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="107"/>
        <source>No evidence yet. Drop screenshots, photos or chat logs here, paste a screenshot with Ctrl+V, or use “Add evidence…”.</source>
        <translation>还没有证据。把截图、照片或聊天记录拖到这里，用 Ctrl+V 粘贴截图，或点击“添加证据…”。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="152"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="154"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="158"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="159"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="160"/>
        <source>Captured</source>
        <translation>拍摄/截图时间</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="161"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="167"/>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="180"/>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="274"/>
        <source>Exhibit</source>
        <translation>证据</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="117"/>
        <source>Receive from phone…</source>
        <translation>从手机传图…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="118"/>
        <source>Show a QR code: the phone&apos;s browser sends screenshots and photos over the local network</source>
        <translation>显示二维码：用手机浏览器通过局域网发送截图和照片</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="224"/>
        <source>e.g. {0}</source>
        <translation>例如 {0}</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="260"/>
        <source>Exhibit {0}: {1}</source>
        <translation>证据{0}：{1}</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="285"/>
        <source>Delete exhibit</source>
        <translation>删除证据</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="286"/>
        <source>Delete exhibit {0} “{1}”? You can undo this with Ctrl+Z.</source>
        <translation>删除证据{0}“{1}”？可以用 Ctrl+Z 撤销。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="290"/>
        <source>Exhibit deleted. Ctrl+Z brings it back.</source>
        <translation>证据已删除。按 Ctrl+Z 可恢复。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="297"/>
        <source>Adding evidence…</source>
        <translation>正在添加证据…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="297"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="310"/>
        <source>Adding {0}…</source>
        <translation>正在添加 {0}…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="316"/>
        <source>Import cancelled; what was added is kept whole.</source>
        <translation>已取消导入；已添加的证据完整保留。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../tbcase/ui/case_page/evidence.py" line="322"/>
        <source>%n exhibit(s) added.</source>
        <translation>
            <numerusform>已添加 %n 份证据。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../tbcase/ui/case_page/evidence.py" line="323"/>
        <source>%n duplicate(s) skipped.</source>
        <translation>
            <numerusform>跳过 %n 份重复证据。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="328"/>
        <source>Some files were not added</source>
        <translation>部分文件未添加</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="333"/>
        <source>Adding evidence failed</source>
        <translation>添加证据失败</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="350"/>
        <source>Exhibit {0} received from the phone.</source>
        <translation>已从手机收到证据{0}。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="365"/>
        <source>Pasted screenshot</source>
        <translation>粘贴的截图</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="365"/>
        <source>Pasted photo</source>
        <translation>粘贴的照片</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="368"/>
        <source>Adding the pasted picture…</source>
        <translation>正在添加粘贴的图片…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="372"/>
        <source>Adding the pasted picture… {0}%</source>
        <translation>正在添加粘贴的图片… {0}%</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="377"/>
        <source>Picture added as exhibit {0}.</source>
        <translation>图片已添加为证据 {0}。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="378"/>
        <source>This picture is already exhibit {0}.</source>
        <translation>这张图片已是证据 {0}。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/evidence.py" line="366"/>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
</context>
<context>
    <name>HistoryTab</name>
    <message>
        <location filename="../../tbcase/ui/case_page/history.py" line="18"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/history.py" line="18"/>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/history.py" line="19"/>
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/history.py" line="19"/>
        <source>After</source>
        <translation>修改后</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <location filename="../../tbcase/ui/viewer.py" line="46"/>
        <source>Find text in the image</source>
        <translation>在图中查找文字</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/viewer.py" line="51"/>
        <source>◀ Previous</source>
        <translation>◀ 上一张</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/viewer.py" line="52"/>
        <source>Next ▶</source>
        <translation>下一张 ▶</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/viewer.py" line="53"/>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/viewer.py" line="54"/>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/viewer.py" line="55"/>
        <source>Fit</source>
        <translation>适合窗口</translation>
    </message>
    <message numerus="yes">
        <location filename="../../tbcase/ui/viewer.py" line="135"/>
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n 处匹配</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LetterDialog</name>
    <message>
        <location filename="../../tbcase/ui/letter_dialog.py" line="54"/>
        <source>Written complaint</source>
        <translation>书面投诉书</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/letter_dialog.py" line="59"/>
        <source>Include the evidence-preservation sheet</source>
        <translation>附上证据保全说明</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/letter_dialog.py" line="61"/>
        <source>A page listing every exhibit&apos;s full SHA-256, how and when it was added and whether the original is unchanged, with the manifest&apos;s hash (the exported manifest.json)</source>
        <translation>列出每项证据的完整 SHA-256、添加的时间和方式、原件是否未改变，并附清单哈希（即导出的 manifest.json 的哈希）</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/letter_dialog.py" line="65"/>
        <location filename="../../tbcase/ui/letter_dialog.py" line="123"/>
        <source>Preparing the letter…</source>
        <translation>正在生成投诉书…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/letter_dialog.py" line="77"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/letter_dialog.py" line="78"/>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/letter_dialog.py" line="79"/>
        <source>Save 12315 copy sheet…</source>
        <translation>保存12315填写参考…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/letter_dialog.py" line="86"/>
        <source>Sent on</source>
        <translation>寄出日期</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/letter_dialog.py" line="97"/>
        <source>Suggestions before you send (you may ignore them):</source>
        <translation>寄出前的建议（可忽略）：</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/letter_dialog.py" line="66"/>
        <source>No suggestions: the letter reads calm and complete.</source>
        <translation>没有建议：投诉书措辞冷静、内容完整。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/letter_dialog.py" line="139"/>
        <source>Laying out the letter… {0}%</source>
        <translation>正在排版投诉书… {0}%</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/letter_dialog.py" line="151"/>
        <source>{0} pages · answer due by {1}</source>
        <translation>共 {0} 页 · 答复期限 {1}</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/letter_dialog.py" line="153"/>
        <source>(estimated: no official holiday data for that year yet)</source>
        <translation>（估算：该年度尚无官方节假日安排）</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/letter_dialog.py" line="165"/>
        <location filename="../../tbcase/ui/letter_dialog.py" line="172"/>
        <source>The letter could not be made: {0}</source>
        <translation>无法生成投诉书：{0}</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/letter_dialog.py" line="179"/>
        <location filename="../../tbcase/ui/letter_dialog.py" line="185"/>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/letter_dialog.py" line="193"/>
        <location filename="../../tbcase/ui/letter_dialog.py" line="199"/>
        <source>Save 12315 copy sheet</source>
        <translation>保存12315填写参考</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="59"/>
        <source>tbcase — order dispute cases</source>
        <translation>tbcase — 订单纠纷案件</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="71"/>
        <source>Choose a case on the left, or create one with Ctrl+N.

A case holds one order: its evidence, the steps you took, the deadlines the platform must meet, and the written complaint.</source>
        <translation>请在左侧选择一个案件，或按 Ctrl+N 新建。

一个案件对应一个订单：证据、您采取的步骤、平台应遵守的期限，以及书面投诉书。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="99"/>
        <source>Library: {0}</source>
        <translation>案件库：{0}</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="114"/>
        <source>&amp;New case…</source>
        <translation>新建案件(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="115"/>
        <source>New case from &amp;order screenshot…</source>
        <translation>从订单截图新建案件(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="116"/>
        <source>Read image &amp;text</source>
        <translation>识别图片文字(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="117"/>
        <source>&amp;Open case file…</source>
        <translation>打开案件文件(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="119"/>
        <source>&amp;Add evidence…</source>
        <translation>添加证据(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="120"/>
        <source>&amp;Paste evidence</source>
        <translation>粘贴证据(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="121"/>
        <source>&amp;Delete exhibit</source>
        <translation>删除证据(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="122"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="123"/>
        <source>&amp;Record a step…</source>
        <translation>记录步骤(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="124"/>
        <source>&amp;Written complaint…</source>
        <translation>书面投诉书(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="125"/>
        <source>&amp;Print written complaint…</source>
        <translation>打印书面投诉书(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="126"/>
        <source>&amp;Export case as files…</source>
        <translation>导出案件文件(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="127"/>
        <source>Export for p&amp;ublic posting (redacted)…</source>
        <translation>为公开发布导出(&amp;U)（遮挡副本）…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="128"/>
        <source>Receive from &amp;phone…</source>
        <translation>从手机传图(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="129"/>
        <source>&amp;Check case</source>
        <translation>检查案件(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="130"/>
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="131"/>
        <source>&amp;Search</source>
        <translation>搜索(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="133"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="134"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="135"/>
        <source>&amp;About tbcase</source>
        <translation>关于 tbcase(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="136"/>
        <source>&amp;Rules and sources…</source>
        <translation>规则及依据(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="140"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="144"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="147"/>
        <source>&amp;Case</source>
        <translation>案件(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="151"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="154"/>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="175"/>
        <source>Reading the library…</source>
        <translation>正在读取案件库…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../tbcase/ui/main_window.py" line="193"/>
        <source>%n case(s) · folder {0}</source>
        <translation>
            <numerusform>共 %n 个案件 · 文件夹 {0}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="207"/>
        <source>Reading the library… {0}/{1}</source>
        <translation>正在读取案件库… {0}/{1}</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="289"/>
        <source>Open case</source>
        <translation>打开案件</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="338"/>
        <source>Case created: {0}</source>
        <translation>已创建案件：{0}</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="343"/>
        <source>Open case file</source>
        <translation>打开案件文件</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="344"/>
        <source>tbcase case files (*.tbcase)</source>
        <translation>tbcase 案件文件 (*.tbcase)</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="391"/>
        <source>About tbcase</source>
        <translation>关于 tbcase</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/main_window.py" line="392"/>
        <source>tbcase {0}

An offline case manager for Taobao/Tmall order disputes: evidence, deadlines and written complaints.

Chinese font: WenQuanYi Micro Hei (Apache-2.0).</source>
        <translation>tbcase {0}

离线的淘宝/天猫订单纠纷案件管理工具：整理证据、跟踪期限、生成书面投诉书。

中文字体：文泉驿微米黑（Apache-2.0）。</translation>
    </message>
</context>
<context>
    <name>NewCaseDialog</name>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="126"/>
        <source>New case</source>
        <translation>新建案件</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="129"/>
        <source>16–19 digits, from the order page</source>
        <translation>16–19位数字，见订单详情页</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="133"/>
        <source>Taobao</source>
        <translation>淘宝</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="134"/>
        <source>Tmall</source>
        <translation>天猫</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="139"/>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="140"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="141"/>
        <source>Shop</source>
        <translation>店铺</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="142"/>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="143"/>
        <source>Complaint type</source>
        <translation>投诉类型</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="144"/>
        <source>Desired outcome</source>
        <translation>期望结果</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="145"/>
        <source>Amount paid (yuan)</source>
        <translation>实付金额（元）</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="146"/>
        <source>Signed for at</source>
        <translation>签收时间</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="149"/>
        <source>Create</source>
        <translation>创建</translation>
    </message>
</context>
<context>
    <name>OcrStrip</name>
    <message numerus="yes">
        <location filename="../../tbcase/ui/ocr_queue.py" line="163"/>
        <source>%n image(s) have text not read yet: read it to search it and to get suggestions.</source>
        <translation>
            <numerusform>%n 张图片的文字尚未识别：识别后可搜索图片文字，并得到建议。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/ocr_queue.py" line="166"/>
        <location filename="../../tbcase/ui/ocr_queue.py" line="213"/>
        <source>Read image text</source>
        <translation>识别图片文字</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/ocr_queue.py" line="176"/>
        <source>Reading image text…</source>
        <translation>正在识别图片文字…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/ocr_queue.py" line="179"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/ocr_queue.py" line="188"/>
        <source>Stopping after this image…</source>
        <translation>识别完这张图片后停止…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../tbcase/ui/ocr_queue.py" line="197"/>
        <source>Reading image text: %n image(s) to read, one at a time in the background.</source>
        <translation>
            <numerusform>正在识别图片文字：还有 %n 张，在后台逐张识别。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../tbcase/ui/ocr_queue.py" line="203"/>
        <source>Image text read: %n image(s).</source>
        <translation>
            <numerusform>已识别 %n 张图片的文字。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../tbcase/ui/ocr_queue.py" line="205"/>
        <source>%n chat message(s) from chat screenshots.</source>
        <translation>
            <numerusform>从聊天截图中整理出 %n 条消息。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../tbcase/ui/ocr_queue.py" line="208"/>
        <source>%n could not be read:</source>
        <translation>
            <numerusform>%n 张无法识别：</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/ocr_queue.py" line="211"/>
        <source>Stopped; the rest can be read later.</source>
        <translation>已停止，其余图片可稍后再识别。</translation>
    </message>
</context>
<context>
    <name>OverviewTab</name>
    <message>
        <location filename="../../tbcase/ui/case_page/overview.py" line="69"/>
        <source>As the platform shows it (shop page → licence)</source>
        <translation>按平台展示填写（店铺页 → 营业执照信息）</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/overview.py" line="78"/>
        <source>What happened, in order, with dates: calm and factual.</source>
        <translation>按时间顺序写明发生了什么，注明日期；保持冷静、客观。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/overview.py" line="80"/>
        <source>What you ask for, specifically: e.g. refund of 39.50 yuan.</source>
        <translation>具体写明您的请求，例如：退款39.50元。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/overview.py" line="84"/>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/overview.py" line="85"/>
        <source>Shop</source>
        <translation>店铺</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/overview.py" line="86"/>
        <source>Seller&apos;s legal entity</source>
        <translation>卖家经营主体</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/overview.py" line="87"/>
        <source>Seller&apos;s address</source>
        <translation>卖家地址（平台展示）</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/overview.py" line="88"/>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/overview.py" line="89"/>
        <source>Amount paid (yuan)</source>
        <translation>实付金额（元）</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/overview.py" line="90"/>
        <source>Ordered at</source>
        <translation>下单时间</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/overview.py" line="91"/>
        <source>Signed for at</source>
        <translation>签收时间</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/overview.py" line="92"/>
        <source>Complaint type</source>
        <translation>投诉类型</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/overview.py" line="93"/>
        <source>Desired outcome</source>
        <translation>期望结果</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/overview.py" line="94"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/overview.py" line="95"/>
        <source>Facts</source>
        <translation>投诉事由</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/overview.py" line="96"/>
        <source>Demands</source>
        <translation>投诉请求</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/overview.py" line="97"/>
        <source>Save changes</source>
        <translation>保存修改</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/overview.py" line="115"/>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/overview.py" line="125"/>
        <location filename="../../tbcase/ui/case_page/overview.py" line="171"/>
        <source>Evidence checklist</source>
        <translation>证据清单</translation>
    </message>
    <message numerus="yes">
        <location filename="../../tbcase/ui/case_page/overview.py" line="172"/>
        <source>%n item(s) missing</source>
        <translation>
            <numerusform>缺少 %n 项</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/overview.py" line="172"/>
        <source>ready</source>
        <translation>齐全</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/overview.py" line="177"/>
        <source>Answer due: {0}</source>
        <translation>答复截止：{0}</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/overview.py" line="184"/>
        <source>Done: {0}</source>
        <translation>已完成：{0}</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/overview.py" line="187"/>
        <source>Not satisfied: {0}</source>
        <translation>不满意：{0}</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/overview.py" line="191"/>
        <source>Limitation period ends {0} at the earliest (a claim to the seller restarts it).</source>
        <translation>诉讼时效最早于 {0} 届满（向卖家提出请求即重新计算）。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/overview.py" line="229"/>
        <source>Too long to edit here ({0} characters): the first {1} are shown. The case file and the letter keep all of it.</source>
        <translation>内容过长（{0} 字），无法在此编辑：只显示前 {1} 字。案件文件和书面投诉书保留全部内容。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/overview.py" line="254"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>PasteChatDialog</name>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="384"/>
        <source>Paste a chat log</source>
        <translation>粘贴聊天记录</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="386"/>
        <source>Copy the conversation in Qianniu / Wangwang and paste it here. It is kept word for word as evidence.</source>
        <translation>在千牛/旺旺中复制对话并粘贴到这里。原文将逐字保存为证据。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="388"/>
        <source>Chat with the seller</source>
        <translation>与卖家的聊天记录</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="390"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="415"/>
        <source>{0} MB pasted: only the beginning is shown; all of it is kept.</source>
        <translation>已粘贴 {0} MB：这里只显示开头部分，全部内容都会保存。</translation>
    </message>
</context>
<context>
    <name>ReceiveDialog</name>
    <message>
        <location filename="../../tbcase/ui/receive_dialog.py" line="107"/>
        <source>Receive from phone</source>
        <translation>从手机传图</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/receive_dialog.py" line="120"/>
        <source>Connect the phone and this computer to the same Wi-Fi, then scan with the phone&apos;s camera or browser</source>
        <translation>手机与电脑连接同一 Wi-Fi，用手机相机或浏览器扫码</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/receive_dialog.py" line="130"/>
        <source>Ask the phone for a 4-digit code shown here</source>
        <translation>手机上需输入此处显示的 4 位验证码</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/receive_dialog.py" line="134"/>
        <source>The network the phone is on</source>
        <translation>手机所连接的网络</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/receive_dialog.py" line="135"/>
        <source>Network:</source>
        <translation>网络：</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/receive_dialog.py" line="138"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/receive_dialog.py" line="138"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/receive_dialog.py" line="139"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/receive_dialog.py" line="147"/>
        <source>Start again</source>
        <translation>重新开始</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/receive_dialog.py" line="184"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/receive_dialog.py" line="235"/>
        <source>Code {0}</source>
        <translation>验证码 {0}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../tbcase/ui/receive_dialog.py" line="237"/>
        <source>Receiving. Stops when this panel closes, or after %n minute(s) without uploads.</source>
        <translation>
            <numerusform>正在接收。关闭本窗口，或 %n 分钟内没有上传，即停止。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/receive_dialog.py" line="239"/>
        <source>Receiving. Stops when this panel closes.</source>
        <translation>正在接收。关闭本窗口即停止。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/receive_dialog.py" line="241"/>
        <source>No local network found: only this computer can connect.</source>
        <translation>未找到局域网：只能在本机连接。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/receive_dialog.py" line="334"/>
        <source>Already exhibit {0}</source>
        <translation>已是证据{0}</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/receive_dialog.py" line="335"/>
        <source>Exhibit {0}</source>
        <translation>证据{0}</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/receive_dialog.py" line="348"/>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/receive_dialog.py" line="351"/>
        <source>A phone entered a wrong code too many times: the receiver has stopped. Start again for a new QR code and code.</source>
        <translation>有手机多次输错验证码，接收已停止。点“重新开始”获取新的二维码和验证码。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/receive_dialog.py" line="354"/>
        <source>The receiver has stopped; the code no longer works.</source>
        <translation>接收已停止，二维码已失效。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/receive_dialog.py" line="358"/>
        <source>Cannot receive: {0}</source>
        <translation>无法接收：{0}</translation>
    </message>
</context>
<context>
    <name>RedactingViewer</name>
    <message>
        <location filename="../../tbcase/ui/redact_view.py" line="179"/>
        <location filename="../../tbcase/ui/redact_view.py" line="302"/>
        <location filename="../../tbcase/ui/redact_view.py" line="314"/>
        <source>Redact</source>
        <translation>遮挡</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/redact_view.py" line="181"/>
        <source>Offered boxes</source>
        <translation>建议框</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/redact_view.py" line="183"/>
        <source>Use offered boxes</source>
        <translation>采用建议框</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/redact_view.py" line="184"/>
        <source>Remove last box</source>
        <translation>撤销上一个框</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/redact_view.py" line="185"/>
        <source>Save redacted copy</source>
        <translation>保存遮挡副本</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/redact_view.py" line="186"/>
        <source>Show original</source>
        <translation>查看原件</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/redact_view.py" line="188"/>
        <source>Remove redacted copy</source>
        <translation>删除遮挡副本</translation>
    </message>
    <message numerus="yes">
        <location filename="../../tbcase/ui/redact_view.py" line="284"/>
        <source>Drag over what to hide: %n box(es)</source>
        <translation>
            <numerusform>拖动鼠标框住要遮挡的内容：已画 %n 个框</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/redact_view.py" line="286"/>
        <source>Showing the redacted copy; the original is kept unchanged</source>
        <translation>显示遮挡副本；原件保持不变</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/redact_view.py" line="287"/>
        <source>Showing the original</source>
        <translation>显示原件</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/redact_view.py" line="289"/>
        <source>No redacted copy</source>
        <translation>没有遮挡副本</translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <location filename="../../tbcase/ui/rules_dialog.py" line="92"/>
        <source>Rules and their sources</source>
        <translation>规则及其依据</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/rules_dialog.py" line="109"/>
        <source>Each deadline tbcase shows comes from one of these rules. A clock the other party must meet is overdue only after the legal last day; your own windows are warned against the unextended date. Your own ladder.toml in the settings folder replaces rules by id.</source>
        <translation>tbcase 显示的每个期限都来自下列规则之一。对方（平台、卖家、监管部门）应遵守的期限，只有过了法定最后一日（节假日依法顺延）才算逾期；您自己的期限按未顺延的日期提醒。设置文件夹中您自己的 ladder.toml 可按规则编号替换这些规则。</translation>
    </message>
</context>
<context>
    <name>RulesModel</name>
    <message>
        <location filename="../../tbcase/ui/rules_dialog.py" line="47"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/rules_dialog.py" line="48"/>
        <source>Whose clock</source>
        <translation>谁的期限</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/rules_dialog.py" line="49"/>
        <source>Starts with</source>
        <translation>起算</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/rules_dialog.py" line="50"/>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/rules_dialog.py" line="51"/>
        <source>Basis</source>
        <translation>性质</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/rules_dialog.py" line="52"/>
        <source>Source</source>
        <translation>依据</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/rules_dialog.py" line="53"/>
        <source>Applies</source>
        <translation>适用期间</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/rules_dialog.py" line="54"/>
        <source>Checked</source>
        <translation>核对日期</translation>
    </message>
</context>
<context>
    <name>ScreenshotCaseDialog</name>
    <message>
        <location filename="../../tbcase/ui/screenshot_dialog.py" line="107"/>
        <location filename="../../tbcase/ui/screenshot_dialog.py" line="121"/>
        <source>New case from order screenshot</source>
        <translation>从订单截图新建案件</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/screenshot_dialog.py" line="111"/>
        <source>Images (*.png *.jpg *.jpeg *.webp *.bmp *.gif)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.webp *.bmp *.gif)</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/screenshot_dialog.py" line="123"/>
        <source>Reading the text in {0}… (a few seconds; nothing leaves this computer)</source>
        <translation>正在识别 {0} 中的文字…（需要几秒钟；不会上传任何内容）</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/screenshot_dialog.py" line="136"/>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/screenshot_dialog.py" line="156"/>
        <source>The screenshot could not be read.</source>
        <translation>无法读取这张截图。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/screenshot_dialog.py" line="164"/>
        <source>Read by text recognition: check each value against the part of the screenshot shown beside it, correct what is wrong, then create the case. The screenshot becomes exhibit 1.</source>
        <translation>以下内容由文字识别得出：请将每一项与右侧截图中的对应位置核对，改正有误之处，再创建案件。这张截图将作为证据1。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/screenshot_dialog.py" line="179"/>
        <source>Order number</source>
        <translation>订单编号</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/screenshot_dialog.py" line="179"/>
        <source>Amount paid (yuan)</source>
        <translation>实付金额（元）</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/screenshot_dialog.py" line="180"/>
        <source>Shop</source>
        <translation>店铺</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/screenshot_dialog.py" line="180"/>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/screenshot_dialog.py" line="181"/>
        <source>Ordered at</source>
        <translation>下单时间</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/screenshot_dialog.py" line="181"/>
        <source>Signed for at</source>
        <translation>签收时间</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/screenshot_dialog.py" line="182"/>
        <source>Tracking number</source>
        <translation>运单号</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/screenshot_dialog.py" line="182"/>
        <source>Carrier</source>
        <translation>快递公司</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/screenshot_dialog.py" line="183"/>
        <source>Complaint type</source>
        <translation>投诉类型</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/screenshot_dialog.py" line="202"/>
        <source>Where this value was read in the screenshot</source>
        <translation>这一项在截图中的位置</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/screenshot_dialog.py" line="204"/>
        <source>not found in the screenshot</source>
        <translation>截图中未找到</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="303"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="310"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="317"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="321"/>
        <source>Remind me of deadlines due within 24 hours or overdue</source>
        <translation>提醒24小时内到期或已逾期的期限</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="324"/>
        <source>Official holiday data: up to {0}.</source>
        <translation>官方节假日数据：{0}。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="325"/>
        <source>Add a year&apos;s holiday notice…</source>
        <translation>录入某年的放假安排…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="328"/>
        <location filename="../../tbcase/ui/dialogs.py" line="345"/>
        <source>Library folder</source>
        <translation>案件库文件夹</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="329"/>
        <source>Your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="330"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="331"/>
        <source>Taobao account</source>
        <translation>淘宝账号</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="332"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="333"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="335"/>
        <location filename="../../tbcase/ui/dialogs.py" line="358"/>
        <location filename="../../tbcase/ui/dialogs.py" line="360"/>
        <source>Holidays</source>
        <translation>节假日</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="350"/>
        <source>Holiday notice file</source>
        <translation>放假安排文件</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="351"/>
        <source>Text or JSON (*.txt *.json)</source>
        <translation>文本或 JSON (*.txt *.json)</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="209"/>
        <source>Record a step</source>
        <translation>记录步骤</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="214"/>
        <source>complaint or ticket number, if any</source>
        <translation>投诉编号或工单号（如有）</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="217"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="218"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="219"/>
        <source>Reference</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="220"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/dialogs.py" line="222"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
</context>
<context>
    <name>SuggestionsBox</name>
    <message>
        <location filename="../../tbcase/ui/case_page/suggestions.py" line="31"/>
        <source>Suggestions from the screenshots</source>
        <translation>截图中的建议</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/suggestions.py" line="43"/>
        <source>Order number</source>
        <translation>订单编号</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/suggestions.py" line="43"/>
        <source>Amount paid</source>
        <translation>实付金额</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/suggestions.py" line="43"/>
        <source>Ordered at</source>
        <translation>下单时间</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/suggestions.py" line="44"/>
        <source>Signed for at</source>
        <translation>签收时间</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/suggestions.py" line="44"/>
        <source>Shop</source>
        <translation>店铺</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/suggestions.py" line="44"/>
        <source>Tracking number</source>
        <translation>运单号</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/suggestions.py" line="47"/>
        <source>New tracking number {0}</source>
        <translation>新运单号 {0}</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/suggestions.py" line="49"/>
        <source>{0}: the screenshot says {1}, the case says {2}</source>
        <translation>{0}：截图为 {1}，案件中为 {2}</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/suggestions.py" line="51"/>
        <source>{0}: {1} (the case leaves it empty)</source>
        <translation>{0}：{1}（案件中未填写）</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/suggestions.py" line="52"/>
        <source>(exhibit {0})</source>
        <translation>（证据{0}）</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/suggestions.py" line="66"/>
        <source>Accept</source>
        <translation>采纳</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/suggestions.py" line="88"/>
        <source>Accepted: {0}</source>
        <translation>已采纳：{0}</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <location filename="../../tbcase/ui/timeline.py" line="82"/>
        <source>No steps yet. Record the first step (for example, your in-app complaint) and its deadlines appear here.</source>
        <translation>还没有记录任何步骤。记录第一步（例如App内投诉）后，相关期限会显示在这里。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/timeline.py" line="103"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/timeline.py" line="138"/>
        <source> [estimated]</source>
        <translation>［估算］</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/timeline.py" line="147"/>
        <source>Due</source>
        <translation>截止</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/timeline.py" line="150"/>
        <source>Extended by law to</source>
        <translation>依法顺延至</translation>
    </message>
</context>
<context>
    <name>TimelineTab</name>
    <message>
        <location filename="../../tbcase/ui/case_page/timeline.py" line="109"/>
        <source>Record a step…</source>
        <translation>记录步骤…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/timeline.py" line="114"/>
        <source>Add a countdown…</source>
        <translation>添加倒计时…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/timeline.py" line="115"/>
        <source>A deadline shown on the order page, e.g. 卖家还剩 2天23时 处理</source>
        <translation>订单页面上显示的期限，例如“卖家还剩 2天23时 处理”</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/timeline.py" line="117"/>
        <source>Withdraw a step…</source>
        <translation>撤回步骤…</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/timeline.py" line="118"/>
        <source>Take back a step recorded by mistake</source>
        <translation>撤回记错的步骤</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/timeline.py" line="152"/>
        <source>Done: {0}</source>
        <translation>已完成：{0}</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/timeline.py" line="174"/>
        <source>Step withdrawn: {0} (Ctrl+Z brings it back)</source>
        <translation>已撤回步骤：{0}（按 Ctrl+Z 可恢复）</translation>
    </message>
</context>
<context>
    <name>TrackingTab</name>
    <message>
        <location filename="../../tbcase/ui/case_page/tracking.py" line="22"/>
        <location filename="../../tbcase/ui/case_page/tracking.py" line="30"/>
        <source>Tracking number</source>
        <translation>快递单号</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/tracking.py" line="22"/>
        <source>Carrier</source>
        <translation>快递公司</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/tracking.py" line="23"/>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/tracking.py" line="23"/>
        <source>Signed for</source>
        <translation>签收时间</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/tracking.py" line="24"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/tracking.py" line="35"/>
        <source>Outbound (seller to you)</source>
        <translation>发货（卖家寄给您）</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/tracking.py" line="36"/>
        <source>Return (you to seller)</source>
        <translation>退货（您寄给卖家）</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/tracking.py" line="37"/>
        <source>signed for at (optional)</source>
        <translation>签收时间（可选）</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/tracking.py" line="38"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/tracking.py" line="59"/>
        <source>outbound</source>
        <translation>发货</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/tracking.py" line="59"/>
        <source>return</source>
        <translation>退货</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/tracking.py" line="74"/>
        <source>Tracking</source>
        <translation>物流</translation>
    </message>
</context>
<context>
    <name>WithdrawDialog</name>
    <message>
        <location filename="../../tbcase/ui/case_page/timeline.py" line="65"/>
        <location filename="../../tbcase/ui/case_page/timeline.py" line="178"/>
        <location filename="../../tbcase/ui/case_page/timeline.py" line="184"/>
        <source>Withdraw a step</source>
        <translation>撤回步骤</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/timeline.py" line="77"/>
        <source>e.g. recorded the wrong time</source>
        <translation>例如：时间记错了</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/timeline.py" line="78"/>
        <source>A withdrawn step no longer counts for deadlines, the next step or the letter. The history keeps it and your reason; Ctrl+Z brings it back.</source>
        <translation>撤回的步骤不再计入期限、下一步和书面投诉书；历史记录会保留该步骤和撤回原因，按 Ctrl+Z 可恢复。</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/timeline.py" line="82"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../tbcase/ui/case_page/timeline.py" line="85"/>
        <source>Withdraw</source>
        <translation>撤回</translation>
    </message>
</context>
</TS>
