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
        <source>Preparing %n certificate(s) ...</source>
        <translation>
            <numerusform>Preparing %n certificate ...</numerusform>
            <numerusform>Preparing %n certificates ...</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n certificate(s) of measurement standards</source>
        <translation>
            <numerusform>%n certificate of a measurement standard</numerusform>
            <numerusform>%n certificates of measurement standards</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Printed %n page(s).</source>
        <translation>
            <numerusform>Printed %n page.</numerusform>
            <numerusform>Printed %n pages.</numerusform>
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
    <name>ColourLegend</name>
    <message numerus="yes">
        <source>Ends within %n day(s): apply for renewal</source>
        <translation>
            <numerusform>Ends within %n day: apply for renewal</numerusform>
            <numerusform>Ends within %n days: apply for renewal</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ComparisonsView</name>
    <message numerus="yes">
        <source>%n comparison(s), %1 satisfactory</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FolderImportDialog</name>
    <message numerus="yes">
        <source>Import %n bundle(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n bundle(s) refused: see the Result column.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
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
    <name>MainWindow</name>
    <message numerus="yes">
        <source>Delete %n measurement standard(s)?</source>
        <translation>
            <numerusform>Delete %n measurement standard?</numerusform>
            <numerusform>Delete %n measurement standards?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n authorisation(s)?</source>
        <translation>
            <numerusform>Delete %n authorisation?</numerusform>
            <numerusform>Delete %n authorisations?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n person(s)?</source>
        <translation>
            <numerusform>Delete %n person?</numerusform>
            <numerusform>Delete %n people?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>... and %n more</source>
        <translation>
            <numerusform>... and %n more</numerusform>
            <numerusform>... and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n record(s): in the recycle bin until your next export.</source>
        <translation>
            <numerusform>Deleted %n record: in the recycle bin until your next export.</numerusform>
            <numerusform>Deleted %n records: in the recycle bin until your next export.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OverdueNotice</name>
    <message numerus="yes">
        <source>Due within %n day(s) (the reminder window in Settings):</source>
        <translation>
            <numerusform>Due within %n day (the reminder window in Settings):</numerusform>
            <numerusform>Due within %n days (the reminder window in Settings):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n standard(s) may not be used: a main standard instrument is past its calibration due date.</source>
        <translation>
            <numerusform>%n standard may not be used: a main standard instrument is past its calibration due date.</numerusform>
            <numerusform>%n standards may not be used: a main standard instrument is past its calibration due date.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Past the calibration due date: %n instrument(s) (send them for calibration).</source>
        <translation>
            <numerusform>Past the calibration due date: %n instrument (send them for calibration).</numerusform>
            <numerusform>Past the calibration due date: %n instruments (send them for calibration).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of them is ancillary equipment: a warning, the standards may still be used.</source>
        <translation>
            <numerusform>%n of them is ancillary equipment: a warning, the standards may still be used.</numerusform>
            <numerusform>%n of them are ancillary equipment: a warning, the standards may still be used.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n assessment certificate(s) of standards have ended (re-examination).</source>
        <translation>
            <numerusform>%n assessment certificate of standards has ended (re-examination).</numerusform>
            <numerusform>%n assessment certificates of standards have ended (re-examination).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n authorisation certificate(s) have ended.</source>
        <translation>
            <numerusform>%n authorisation certificate has ended.</numerusform>
            <numerusform>%n authorisation certificates have ended.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n staff credential(s) have ended.</source>
        <translation>
            <numerusform>%n staff credential has ended.</numerusform>
            <numerusform>%n staff credentials have ended.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n instrument(s) to send for calibration.</source>
        <translation>
            <numerusform>%n instrument to send for calibration.</numerusform>
            <numerusform>%n instruments to send for calibration.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n assessment certificate(s) of standards end (apply for re-examination).</source>
        <translation>
            <numerusform>%n assessment certificate of standards ends (apply for re-examination).</numerusform>
            <numerusform>%n assessment certificates of standards end (apply for re-examination).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n authorisation certificate(s) end.</source>
        <translation>
            <numerusform>%n authorisation certificate ends.</numerusform>
            <numerusform>%n authorisation certificates end.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n staff credential(s) end.</source>
        <translation>
            <numerusform>%n staff credential ends.</numerusform>
            <numerusform>%n staff credentials end.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message numerus="yes">
        <source>Renew within %n day(s)</source>
        <translation>
            <numerusform>Renew within %n day</numerusform>
            <numerusform>Renew within %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Assessment certificates ended or ending within %n day(s)</source>
        <translation>
            <numerusform>Assessment certificates ended or ending within %n day</numerusform>
            <numerusform>Assessment certificates ended or ending within %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Instruments due for calibration within %n day(s)</source>
        <translation>
            <numerusform>Instruments due for calibration within %n day</numerusform>
            <numerusform>Instruments due for calibration within %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln institute(s) in the region, including yours</source>
        <translation>
            <numerusform>%Ln institute in the region, including yours</numerusform>
            <numerusform>%Ln institutes in the region, including yours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n valid public standard(s) of institutes whose city is none of the map&apos;s, not shown: %1</source>
        <translation>
            <numerusform>%n valid public standard of an institute whose city is none of the map&apos;s, not shown: %1</numerusform>
            <numerusform>%n valid public standards of institutes whose city is none of the map&apos;s, not shown: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Show all %Ln in the standards list</source>
        <translation>
            <numerusform>Show it in the standards list</numerusform>
            <numerusform>Show all %Ln in the standards list</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln instrument(s) due, %1 overdue.</source>
        <translation>
            <numerusform>%Ln instrument due, %1 overdue.</numerusform>
            <numerusform>%Ln instruments due, %1 overdue.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln standard(s) may not be used until recalibrated: a main standard instrument is overdue.</source>
        <translation>
            <numerusform>%Ln standard may not be used until recalibrated: a main standard instrument is overdue.</numerusform>
            <numerusform>%Ln standards may not be used until recalibrated: a main standard instrument is overdue.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more.</source>
        <translation>
            <numerusform>%n more.</numerusform>
            <numerusform>%n more.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n page</numerusform>
            <numerusform>%n pages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Printing %n page(s) ...</source>
        <translation>
            <numerusform>Printing %n page ...</numerusform>
            <numerusform>Printing %n pages ...</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sent %n page(s) to %1</source>
        <translation>
            <numerusform>Sent %n page to %1</numerusform>
            <numerusform>Sent %n pages to %1</numerusform>
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
        <source>Renew within %n day(s)</source>
        <translation>
            <numerusform>Renew within %n day</numerusform>
            <numerusform>Renew within %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Certificates that end within %n day(s) or have already ended (revoked ones are left out)</source>
        <translation>
            <numerusform>Certificates that end within %n day or have already ended (revoked ones are left out)</numerusform>
            <numerusform>Certificates that end within %n days or have already ended (revoked ones are left out)</numerusform>
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
<context>
    <name>RecycleBinDialog</name>
    <message numerus="yes">
        <source>Restored %n record(s).</source>
        <translation>
            <numerusform>Restored %n record.</numerusform>
            <numerusform>Restored %n records.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RegionMapView</name>
    <message numerus="yes">
        <source>%1, %2: %n valid public standard(s)</source>
        <translation>
            <numerusform>%1, %2: %n valid public standard</numerusform>
            <numerusform>%1, %2: %n valid public standards</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RegionReportPage</name>
    <message numerus="yes">
        <source>Counted on %1 from the records of %n institute(s) in this registry, since %2.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrustPanel</name>
    <message numerus="yes">
        <source>Imported %n statement(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message numerus="yes">
        <source>Genuine: %n certificate(s) verified.</source>
        <translation>
            <numerusform>Genuine: %n certificate verified.</numerusform>
            <numerusform>Genuine: all %n certificates verified.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n certificate(s) not verified; the first: %2</source>
        <translation>
            <numerusform>%1 of %n certificate not verified; the first: %2</numerusform>
            <numerusform>%1 of %n certificates not verified; the first: %2</numerusform>
        </translation>
    </message>
</context>
</TS>
