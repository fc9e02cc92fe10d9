<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>CaseListPane</name>
    <message numerus="yes">
        <location filename="../../tbcase/ui/case_list.py" line="206"/>
        <source>%n case(s) overdue</source>
        <translation>
            <numerusform>%n case overdue</numerusform>
            <numerusform>%n cases overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../tbcase/ui/case_list.py" line="208"/>
        <source>%n due within 24 hours</source>
        <translation>
            <numerusform>%n due within 24 hours</numerusform>
            <numerusform>%n due within 24 hours</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CasePage</name>
    <message numerus="yes">
        <location filename="../../tbcase/ui/case_page/page.py" line="228"/>
        <source>(%n more)</source>
        <translation>
            <numerusform>(%n more)</numerusform>
            <numerusform>(%n more)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EvidenceTab</name>
    <message numerus="yes">
        <location filename="../../tbcase/ui/case_page/evidence.py" line="322"/>
        <source>%n exhibit(s) added.</source>
        <translation>
            <numerusform>%n exhibit added.</numerusform>
            <numerusform>%n exhibits added.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../tbcase/ui/case_page/evidence.py" line="323"/>
        <source>%n duplicate(s) skipped.</source>
        <translation>
            <numerusform>%n duplicate skipped.</numerusform>
            <numerusform>%n duplicates skipped.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message numerus="yes">
        <location filename="../../tbcase/ui/viewer.py" line="135"/>
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n match</numerusform>
            <numerusform>%n matches</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../tbcase/ui/main_window.py" line="193"/>
        <source>%n case(s) · folder {0}</source>
        <translation>
            <numerusform>%n case · folder {0}</numerusform>
            <numerusform>%n cases · folder {0}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OcrStrip</name>
    <message numerus="yes">
        <location filename="../../tbcase/ui/ocr_queue.py" line="163"/>
        <source>%n image(s) have text not read yet: read it to search it and to get suggestions.</source>
        <translation>
            <numerusform>%n image has text not read yet: read it to search it and to get suggestions.</numerusform>
            <numerusform>%n images have text not read yet: read it to search it and to get suggestions.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../tbcase/ui/ocr_queue.py" line="197"/>
        <source>Reading image text: %n image(s) to read, one at a time in the background.</source>
        <translation>
            <numerusform>Reading image text: %n image to read, in the background.</numerusform>
            <numerusform>Reading image text: %n images to read, one at a time in the background.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../tbcase/ui/ocr_queue.py" line="203"/>
        <source>Image text read: %n image(s).</source>
        <translation>
            <numerusform>Image text read: %n image.</numerusform>
            <numerusform>Image text read: %n images.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../tbcase/ui/ocr_queue.py" line="205"/>
        <source>%n chat message(s) from chat screenshots.</source>
        <translation>
            <numerusform>%n chat message from chat screenshots.</numerusform>
            <numerusform>%n chat messages from chat screenshots.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../tbcase/ui/ocr_queue.py" line="208"/>
        <source>%n could not be read:</source>
        <translation>
            <numerusform>%n could not be read:</numerusform>
            <numerusform>%n could not be read:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OverviewTab</name>
    <message numerus="yes">
        <location filename="../../tbcase/ui/case_page/overview.py" line="172"/>
        <source>%n item(s) missing</source>
        <translation>
            <numerusform>%n item missing</numerusform>
            <numerusform>%n items missing</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReceiveDialog</name>
    <message numerus="yes">
        <location filename="../../tbcase/ui/receive_dialog.py" line="237"/>
        <source>Receiving. Stops when this panel closes, or after %n minute(s) without uploads.</source>
        <translation>
            <numerusform>Receiving. Stops when this panel closes, or after %n minute without uploads.</numerusform>
            <numerusform>Receiving. Stops when this panel closes, or after %n minutes without uploads.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RedactingViewer</name>
    <message numerus="yes">
        <location filename="../../tbcase/ui/redact_view.py" line="284"/>
        <source>Drag over what to hide: %n box(es)</source>
        <translation>
            <numerusform>Drag over what to hide: %n box</numerusform>
            <numerusform>Drag over what to hide: %n boxes</numerusform>
        </translation>
    </message>
</context>
</TS>
