<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>CaseListPane</name>
    <message numerus="yes">
        <location filename="../../tbcase/ui/case_list.py" line="95"/>
        <source>%n case(s) overdue</source>
        <translation>
            <numerusform>%n case overdue</numerusform>
            <numerusform>%n cases overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../tbcase/ui/case_list.py" line="97"/>
        <source>%n due within 24 hours</source>
        <translation>
            <numerusform>%n due within 24 hours</numerusform>
            <numerusform>%n due within 24 hours</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EvidenceTab</name>
    <message numerus="yes">
        <location filename="../../tbcase/ui/case_page/evidence.py" line="282"/>
        <source>%n exhibit(s) added.</source>
        <translation>
            <numerusform>%n exhibit added.</numerusform>
            <numerusform>%n exhibits added.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../tbcase/ui/case_page/evidence.py" line="283"/>
        <source>%n duplicate(s) skipped.</source>
        <translation>
            <numerusform>%n duplicate skipped.</numerusform>
            <numerusform>%n duplicates skipped.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../tbcase/ui/main_window.py" line="176"/>
        <source>%n case(s) · folder {0}</source>
        <translation>
            <numerusform>%n case · folder {0}</numerusform>
            <numerusform>%n cases · folder {0}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OverviewTab</name>
    <message numerus="yes">
        <location filename="../../tbcase/ui/case_page/overview.py" line="163"/>
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
        <location filename="../../tbcase/ui/redact_view.py" line="261"/>
        <source>Drag over what to hide: %n box(es)</source>
        <translation>
            <numerusform>Drag over what to hide: %n box</numerusform>
            <numerusform>Drag over what to hide: %n boxes</numerusform>
        </translation>
    </message>
</context>
</TS>
