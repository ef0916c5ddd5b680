<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>CertificatesPage</name>
    <message numerus="yes">
        <source>The ones selected in the list of standards (%n)</source>
        <translation>
            <numerusform>The one selected in the list of standards (%n)</numerusform>
            <numerusform>The ones selected in the list of standards (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Only those whose certificate ends within %n day(s)</source>
        <translation>
            <numerusform>Only those whose certificate ends within %n day</numerusform>
            <numerusform>Only those whose certificate ends within %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Printing %n certificate(s) ...</source>
        <translation>
            <numerusform>Printing %n certificate ...</numerusform>
            <numerusform>Printing %n certificates ...</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InventoryPage</name>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n match</numerusform>
            <numerusform>%n matches</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message numerus="yes">
        <source>Expiring within %n day(s)</source>
        <translation>
            <numerusform>Expiring within %n day</numerusform>
            <numerusform>Expiring within %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Assessment certificates ending within %n day(s)</source>
        <translation>
            <numerusform>Assessment certificates ending within %n day</numerusform>
            <numerusform>Assessment certificates ending within %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln institute(s) in the region, including the own</source>
        <translation>
            <numerusform>%Ln institute in the region, including the own</numerusform>
            <numerusform>%Ln institutes in the region, including the own</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Show all %Ln in the standards list</source>
        <translation>
            <numerusform>Show it in the standards list</numerusform>
            <numerusform>Show all %Ln in the standards list</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecordEditor</name>
    <message numerus="yes">
        <source>Not saved: %n problem(s), marked in red.</source>
        <translation>
            <numerusform>Not saved: %n problem, marked in red.</numerusform>
            <numerusform>Not saved: %n problems, marked in red.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecordTableModel</name>
    <message numerus="yes">
        <source>Expires in %n day(s)</source>
        <translation>
            <numerusform>Expires in %n day</numerusform>
            <numerusform>Expires in %n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecordsPage</name>
    <message numerus="yes">
        <source>Expiring within %n day(s)</source>
        <translation>
            <numerusform>Expiring within %n day</numerusform>
            <numerusform>Expiring within %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s)</source>
        <translation>
            <numerusform>%Ln record</numerusform>
            <numerusform>%Ln records</numerusform>
        </translation>
    </message>
</context>
</TS>
