<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>CasePage</name>
    <message numerus="yes">
        <location filename="../../tbcase/ui/case_page.py" line="309"/>
        <source>%n item(s) missing</source>
        <translation>
            <numerusform>%n item missing</numerusform>
            <numerusform>%n items missing</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../tbcase/ui/case_page.py" line="573"/>
        <source>%n exhibit(s) added.</source>
        <translation>
            <numerusform>%n exhibit added.</numerusform>
            <numerusform>%n exhibits added.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../tbcase/ui/case_page.py" line="574"/>
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
        <location filename="../../tbcase/ui/main_window.py" line="205"/>
        <source>%n case(s) in {0}</source>
        <translation>
            <numerusform>%n case in {0}</numerusform>
            <numerusform>%n cases in {0}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../tbcase/ui/main_window.py" line="249"/>
        <source>%n case(s) overdue</source>
        <translation>
            <numerusform>%n case overdue</numerusform>
            <numerusform>%n cases overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../tbcase/ui/main_window.py" line="251"/>
        <source>%n due within 24 hours</source>
        <translation>
            <numerusform>%n due within 24 hours</numerusform>
            <numerusform>%n due within 24 hours</numerusform>
        </translation>
    </message>
</context>
</TS>
