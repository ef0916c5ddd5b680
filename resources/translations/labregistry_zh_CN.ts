<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BackupsPage</name>
    <message>
        <source>by hand</source>
        <translation>手动备份</translation>
    </message>
    <message>
        <source>daily</source>
        <translation>每日自动备份</translation>
    </message>
    <message>
        <source>before an import</source>
        <translation>导入数据包前</translation>
    </message>
    <message>
        <source>before a ledger import</source>
        <translation>导入台账前</translation>
    </message>
    <message>
        <source>before a restore</source>
        <translation>恢复前</translation>
    </message>
    <message>
        <source>before a database upgrade</source>
        <translation>数据库升级前</translation>
    </message>
    <message>
        <source>LabRegistry copies the database before every import and upgrade, and once a day; the newest copies are kept in %1. Restoring a copy keeps the current state as another copy.</source>
        <translation>每次导入和升级前，以及每天一次，LabRegistry 都会复制数据库；最新的若干份保存在 %1。恢复某份备份时，当前状态会另存为一份备份。</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <source>Restore the selected copy ...</source>
        <translation>恢复所选备份…</translation>
    </message>
    <message>
        <source>Backing up ...</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>Backed up to %1</source>
        <translation>已备份到 %1</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>Replace the database with the copy taken %1?</source>
        <translation>用 %1 的备份替换当前数据库？</translation>
    </message>
    <message>
        <source>Every change made after that time is undone. The current state is kept as another copy, so this can be reversed.</source>
        <translation>该时间之后的所有修改都将撤销。当前状态会另存为一份备份，因此可以再恢复回来。</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Restoring ...</source>
        <translation>正在恢复…</translation>
    </message>
    <message>
        <source>Restored. The state before is kept in %1</source>
        <translation>已恢复。恢复前的状态保存在 %1</translation>
    </message>
</context>
<context>
    <name>CannotOpenBox</name>
    <message>
        <source>LabRegistry</source>
        <translation>LabRegistry 计量资源登记</translation>
    </message>
    <message>
        <source>The registry database cannot be opened.</source>
        <translation>无法打开登记数据库。</translation>
    </message>
    <message>
        <source>Check the data folder (--home or LABREGISTRY_HOME) and the database address (--db or LABREGISTRY_DB). When the problem is fixed, try again; or open another data folder (a registry on this computer).</source>
        <translation>请检查数据文件夹（--home 或 LABREGISTRY_HOME）和数据库地址（--db 或 LABREGISTRY_DB）。问题解决后请重试；也可以打开其他数据文件夹（本机上的登记数据库）。</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Open another data folder ...</source>
        <translation>打开其他数据文件夹…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>CertificatesPage</name>
    <message>
        <source>Print capability certificates of the institute&apos;s measurement standards. Each one is signed with the institute&apos;s key and carries a QR code, so that anyone can check it offline with LabRegistry, even on paper.</source>
        <translation>为本机构的计量标准出具计量能力证明。每份证明都用本机构的密钥签名并带有二维码，任何人都可以用 LabRegistry 离线核验，纸质件也可以。</translation>
    </message>
    <message>
        <source>Which standards</source>
        <translation>哪些计量标准</translation>
    </message>
    <message numerus="yes">
        <source>The ones selected in the list of standards (%n)</source>
        <translation>
            <numerusform>在计量标准列表中选中的（%n 项）</numerusform>
        </translation>
    </message>
    <message>
        <source>Every standard in force today</source>
        <translation>今天有效的全部计量标准</translation>
    </message>
    <message numerus="yes">
        <source>Only those whose certificate ends within %n day(s)</source>
        <translation>
            <numerusform>仅限考核证书在 %n 天内到期的</numerusform>
        </translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>One PDF file with every certificate</source>
        <translation>所有证明合为一个 PDF 文件</translation>
    </message>
    <message>
        <source>One PDF file per standard, in a folder</source>
        <translation>每项计量标准一个 PDF 文件，存入一个文件夹</translation>
    </message>
    <message>
        <source>Language of the certificates</source>
        <translation>证明的语言</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>证书</translation>
    </message>
    <message>
        <source>No standard to print: select some in the list of standards first.</source>
        <translation>没有可出具的计量标准：请先在计量标准列表中选择。</translation>
    </message>
    <message>
        <source>Sign the certificates</source>
        <translation>签名证明</translation>
    </message>
    <message>
        <source>Save the certificates as</source>
        <translation>证明保存为</translation>
    </message>
    <message>
        <source>Folder for the certificates</source>
        <translation>证明存放的文件夹</translation>
    </message>
    <message numerus="yes">
        <source>Printing %n certificate(s) ...</source>
        <translation>
            <numerusform>正在出具 %n 份证明…</numerusform>
        </translation>
    </message>
    <message>
        <source>Printed %1 certificates (%2 pages) to %3</source>
        <translation>已出具 %1 份证明（共 %2 页），保存在 %3</translation>
    </message>
    <message>
        <source>Stopped; the certificates already finished are kept.</source>
        <translation>已停止；已完成的证明予以保留。</translation>
    </message>
    <message>
        <source>Chinese, Chinese with the English of each label under it, or English; the recorded values are printed as recorded in every language.</source>
        <translation>中文、中英文对照（每个标签下附英文）或英文；无论哪种语言，记录的数值都按原样打印。</translation>
    </message>
    <message>
        <source>Chinese font</source>
        <translation>中文字体</translation>
    </message>
    <message>
        <source>Preview and print ...</source>
        <translation>预览和打印…</translation>
    </message>
    <message>
        <source>Sign the certificates and show them page by page; print or save them from there</source>
        <translation>签名证明并逐页显示；可在预览中打印或保存</translation>
    </message>
    <message>
        <source>Save as PDF ...</source>
        <translation>保存为 PDF…</translation>
    </message>
    <message>
        <source>Sign the certificates and save them without a preview</source>
        <translation>签名证明并直接保存，不预览</translation>
    </message>
    <message>
        <source>Capability statement of the institute</source>
        <translation>本机构能力声明</translation>
    </message>
    <message>
        <source>Every valid measurement standard and authorised item of the institute, as tables over as many pages as needed, signed like a certificate.</source>
        <translation>本机构全部有效的计量标准和授权项目，以表格列出（按需分页），与证明一样签名。</translation>
    </message>
    <message>
        <source>Check a certificate</source>
        <translation>核验证书</translation>
    </message>
    <message>
        <source>Is a certificate someone shows you genuine? Open its PDF or paste the code read from its QR code; the check needs no network.</source>
        <translation>别人出示的证书是否真实？打开其 PDF 文件，或粘贴从二维码读出的核验码；核验无需联网。</translation>
    </message>
    <message>
        <source>Verify a certificate ...</source>
        <translation>核验证书…</translation>
    </message>
    <message>
        <source>Looking for a Chinese font ...</source>
        <translation>正在查找中文字体…</translation>
    </message>
    <message>
        <source>Choose a font file ...</source>
        <translation>选择字体文件…</translation>
    </message>
    <message>
        <source>Find automatically</source>
        <translation>自动查找</translation>
    </message>
    <message>
        <source>Use a Chinese font installed on this computer</source>
        <translation>使用本机已安装的中文字体</translation>
    </message>
    <message numerus="yes">
        <source>Preparing %n certificate(s) ...</source>
        <translation>
            <numerusform>正在准备 %n 份证明…</numerusform>
        </translation>
    </message>
    <message>
        <source>Set up your institute first.</source>
        <translation>请先建立本机构。</translation>
    </message>
    <message>
        <source>Sign the statement</source>
        <translation>签名能力声明</translation>
    </message>
    <message>
        <source>Preparing the capability statement ...</source>
        <translation>正在准备能力声明…</translation>
    </message>
    <message>
        <source>Stopped; nothing was printed or saved.</source>
        <translation>已停止；没有打印或保存任何内容。</translation>
    </message>
    <message>
        <source>Capability statement of %1</source>
        <translation>%1 能力声明</translation>
    </message>
    <message numerus="yes">
        <source>%n certificate(s) of measurement standards</source>
        <translation>
            <numerusform>计量标准能力证明 %n 份</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Printed %n page(s).</source>
        <translation>
            <numerusform>已打印 %n 页。</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <source>Save the capability statement as</source>
        <translation>能力声明保存为</translation>
    </message>
    <message>
        <source>Printing the capability statement ...</source>
        <translation>正在出具能力声明…</translation>
    </message>
    <message>
        <source>Printed the capability statement to %1</source>
        <translation>能力声明已保存到 %1</translation>
    </message>
    <message>
        <source>%1, built into PDF readers (not embedded)</source>
        <translation>%1，由 PDF 阅读器提供（未嵌入）</translation>
    </message>
    <message>
        <source>found on this computer</source>
        <translation>在本机找到</translation>
    </message>
    <message>
        <source>chosen here</source>
        <translation>在此选定</translation>
    </message>
    <message>
        <source>set by LABREGISTRY_CJK_FONT</source>
        <translation>由 LABREGISTRY_CJK_FONT 指定</translation>
    </message>
    <message>
        <source>%1, embedded in the PDF (%2)</source>
        <translation>%1，嵌入 PDF（%2）</translation>
    </message>
    <message>
        <source>No Chinese TrueType font was found to embed: the certificates use the built-in %1, so a PDF reader without Chinese fonts shows empty boxes. Choose a font file (.ttf or .ttc, e.g. SimSun or WenQuanYi Zen Hei).</source>
        <translation>未找到可嵌入的中文 TrueType 字体：证明使用内置的 %1，没有中文字体的 PDF 阅读器会显示空方框。请选择一个字体文件（.ttf 或 .ttc，如宋体或文泉驿正黑）。</translation>
    </message>
    <message>
        <source>Choose a Chinese font</source>
        <translation>选择中文字体</translation>
    </message>
    <message>
        <source>The font %1 cannot be used: it must be a TrueType font (.ttf or .ttc) with Chinese characters. (%2)</source>
        <translation>字体 %1 不能使用：必须是含中文字符的 TrueType 字体（.ttf 或 .ttc）。（%2）</translation>
    </message>
</context>
<context>
    <name>ChildTable</name>
    <message>
        <source>Add row</source>
        <translation>添加一行</translation>
    </message>
    <message>
        <source>Remove row</source>
        <translation>删除此行</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
</context>
<context>
    <name>CmcExport</name>
    <message>
        <source>Export the CMC table</source>
        <translation>导出 CMC 表</translation>
    </message>
    <message>
        <source>Writing the CMC table ...</source>
        <translation>正在写入 CMC 表……</translation>
    </message>
    <message>
        <source>CMC table</source>
        <translation>CMC 表</translation>
    </message>
    <message>
        <source>Wrote %1 capability row(s) to %2.</source>
        <translation>已写入 %2：共 %1 项校准和测量能力。</translation>
    </message>
    <message>
        <source>Wrote %2. It holds no capability row: no own standard is in force today.</source>
        <translation>已写入 %2。其中没有任何测量能力：本机构今天没有有效的计量标准。</translation>
    </message>
</context>
<context>
    <name>ColourLegend</name>
    <message>
        <source>Row colours</source>
        <translation>行颜色说明</translation>
    </message>
    <message>
        <source>Expired: the certificate has ended (renew it)</source>
        <translation>已过期：证书已到期（请办理复查或换证）</translation>
    </message>
    <message numerus="yes">
        <source>Ends within %n day(s): apply for renewal</source>
        <translation>
            <numerusform>%n 天内到期：请申请复查或换证</numerusform>
        </translation>
    </message>
    <message>
        <source>Needs recalibration: a main standard instrument is past its calibration due date</source>
        <translation>需重新送检：主标准器已超过检定/校准有效期</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>No colour: valid</source>
        <translation>无颜色：有效</translation>
    </message>
</context>
<context>
    <name>ComparisonsView</name>
    <message>
        <source>Scheme</source>
        <translation>比对编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>En / z</source>
        <translation>En值 / z比分数</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message numerus="yes">
        <source>%n comparison(s), %1 satisfactory</source>
        <translation>
            <numerusform>参加比对 %n 次，满意 %1 次</numerusform>
        </translation>
    </message>
    <message>
        <source>Recognised by</source>
        <translation>认可机构</translation>
    </message>
    <message>
        <source>Pilot</source>
        <translation>主导实验室</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>From</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>Recognition decisions in force</source>
        <translation>有效的互认决定</translation>
    </message>
    <message>
        <source>%1 (outside the registry)</source>
        <translation>%1（库外）</translation>
    </message>
    <message>
        <source>this standard</source>
        <translation>本计量标准</translation>
    </message>
    <message>
        <source>discipline %1</source>
        <translation>学科 %1</translation>
    </message>
</context>
<context>
    <name>CoverageDialog</name>
    <message>
        <source>Coverage per catalogue code</source>
        <translation>按目录代码的覆盖情况</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Discipline</source>
        <translation>专业</translation>
    </message>
    <message>
        <source>Valid on</source>
        <translation>有效日期</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Reading the coverage ...</source>
        <translation>正在读取覆盖情况……</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>The code catalogue lists no item codes of this discipline: import the JJF 1022 code table (catalogue import-excel --kind codes) to see coverage per code.</source>
        <translation>代码目录中没有该专业的项目代码：请导入 JJF 1022 代码表（catalogue import-excel --kind codes）后再按代码查看覆盖情况。</translation>
    </message>
    <message>
        <source>Every one of the %1 item code(s) has a valid standard in the region.</source>
        <translation>全部 %1 个项目代码在区域内均有有效的计量标准。</translation>
    </message>
    <message>
        <source>%1 of %2 item code(s) have no valid standard in the region: %3</source>
        <translation>%2 个项目代码中有 %1 个在区域内没有有效的计量标准：%3</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>LabRegistry ran into an unexpected error, and what you were doing may not have been completed. Please copy the report below and send it to your IT support.</source>
        <translation>LabRegistry 遇到意外错误，刚才的操作可能没有完成。请复制下面的报告并发送给贵单位的信息技术支持人员。</translation>
    </message>
    <message>
        <source>The details are also in the log: %1</source>
        <translation>详细信息也已记入日志：%1</translation>
    </message>
    <message>
        <source>Copy report</source>
        <translation>复制报告</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>DamagedDatabaseDialog</name>
    <message>
        <source>The database cannot be read</source>
        <translation>数据库无法读取</translation>
    </message>
    <message>
        <source>The registry&apos;s database cannot be read. It may be damaged.</source>
        <translation>登记数据库无法读取，可能已损坏。</translation>
    </message>
    <message>
        <source>This can happen after a power cut, a full disk or a failing USB stick. Your data is not lost if a backup exists: LabRegistry keeps copies from before every import and from every day it was used.</source>
        <translation>断电、磁盘已满或 U 盘故障都可能造成这种情况。只要有备份，数据就不会丢失：LabRegistry 在每次导入前和每天使用时都会保存备份。</translation>
    </message>
    <message>
        <source>Looking for the newest good backup ...</source>
        <translation>正在查找最新的完好备份…</translation>
    </message>
    <message>
        <source>Restore this backup</source>
        <translation>恢复此备份</translation>
    </message>
    <message>
        <source>Choose another backup ...</source>
        <translation>选择其他备份…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>No good backup was found in %1. Choose a copy yourself, or ask your IT support.</source>
        <translation>在 %1 中没有找到完好的备份。请自行选择备份文件，或联系信息技术支持人员。</translation>
    </message>
    <message>
        <source>The newest good backup was taken %1 (%2). Restoring it undoes the changes made after that time; the damaged file is kept aside.</source>
        <translation>最新的完好备份是 %1（%2）。恢复它将撤销此后的修改；已损坏的文件会另行保留。</translation>
    </message>
    <message>
        <source>Choose a backup</source>
        <translation>选择备份</translation>
    </message>
    <message>
        <source>Restoring ...</source>
        <translation>正在恢复…</translation>
    </message>
</context>
<context>
    <name>DateLineEdit</name>
    <message>
        <source>Choose a date</source>
        <translation>选择日期</translation>
    </message>
</context>
<context>
    <name>DesignationDialog</name>
    <message>
        <source>Change the designation</source>
        <translation>修改认定</translation>
    </message>
    <message>
        <source>Add a designation</source>
        <translation>新增认定</translation>
    </message>
    <message>
        <source>Credit code, or pick an institute of the registry</source>
        <translation>统一社会信用代码，或选择本库中的机构</translation>
    </message>
    <message>
        <source>Only for an institute not in the registry</source>
        <translation>仅用于本库中没有的机构</translation>
    </message>
    <message>
        <source>yyyy-mm-dd (optional)</source>
        <translation>yyyy-mm-dd（可不填）</translation>
    </message>
    <message>
        <source>Institute</source>
        <translation>机构</translation>
    </message>
    <message>
        <source>Institute name</source>
        <translation>机构名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Designation</source>
        <translation>认定名称</translation>
    </message>
    <message>
        <source>Designated by</source>
        <translation>批准单位</translation>
    </message>
    <message>
        <source>Designated on</source>
        <translation>批准日期</translation>
    </message>
</context>
<context>
    <name>DesignationsPanel</name>
    <message>
        <source>Industry test centres and technical committees (designations)</source>
        <translation>产业计量测试中心与区域计量技术委员会（认定）</translation>
    </message>
    <message>
        <source>Institute</source>
        <translation>机构</translation>
    </message>
    <message>
        <source>Credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Designation</source>
        <translation>认定名称</translation>
    </message>
    <message>
        <source>Designated by</source>
        <translation>批准单位</translation>
    </message>
    <message>
        <source>Designated on</source>
        <translation>批准日期</translation>
    </message>
    <message>
        <source>Add ...</source>
        <translation>新增…</translation>
    </message>
    <message>
        <source>Change ...</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Remove ...</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Remove the designation</source>
        <translation>删除认定</translation>
    </message>
    <message>
        <source>Remove %1 of %2?</source>
        <translation>删除 %2 的%1？</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <source>%1 has changes that are not saved.</source>
        <translation>“%1”有尚未保存的修改。</translation>
    </message>
    <message>
        <source>Save them before closing?</source>
        <translation>关闭前是否保存？</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Importing ...</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Importing the bundle ...</source>
        <translation>正在导入数据包…</translation>
    </message>
    <message>
        <source>Import cancelled; nothing was changed.</source>
        <translation>导入已取消，未作任何更改。</translation>
    </message>
    <message>
        <source>Your registry is exactly as it was before. You can import the bundle again at any time.</source>
        <translation>您的登记数据与导入前完全相同，可以随时再次导入该数据包。</translation>
    </message>
    <message>
        <source>✓ Imported.</source>
        <translation>✓ 已导入。</translation>
    </message>
    <message>
        <source>Added %1, changed %2, withdrawn %3 records.</source>
        <translation>新增 %1 条、修改 %2 条、撤回 %3 条记录。</translation>
    </message>
    <message>
        <source>The database before the import is kept in %1</source>
        <translation>导入前的数据库保存在 %1</translation>
    </message>
    <message>
        <source>✗ Not imported; nothing was changed.</source>
        <translation>✗ 未导入，数据没有任何改变。</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>LabRegistry</source>
        <translation>LabRegistry 计量资源登记</translation>
    </message>
</context>
<context>
    <name>ExchangePage</name>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Trusted keys</source>
        <translation>信任的密钥</translation>
    </message>
    <message>
        <source>Own key</source>
        <translation>本机构密钥</translation>
    </message>
</context>
<context>
    <name>ExchangeProgress</name>
    <message>
        <source>Unlocking the institute&apos;s key ...</source>
        <translation>正在解锁本机构密钥…</translation>
    </message>
    <message>
        <source>Reading ...</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Checking the signature and every sheet ...</source>
        <translation>正在核验签名和各工作表…</translation>
    </message>
    <message>
        <source>Comparing the bundle with your registry ...</source>
        <translation>正在将数据包与您的登记数据比对…</translation>
    </message>
    <message>
        <source>Backing up the database ...</source>
        <translation>正在备份数据库…</translation>
    </message>
    <message>
        <source>Merging: %1 of %2 records ...</source>
        <translation>正在合并：%1 / %2 条记录…</translation>
    </message>
    <message>
        <source>Saving ...</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Signing and writing the bundle ...</source>
        <translation>正在签名并写入数据包…</translation>
    </message>
</context>
<context>
    <name>ExportPanel</name>
    <message>
        <source>Sign your institute&apos;s standards, authorisations and staff into one bundle file (.xlsx) and send it to the other institutes. They can check that it comes from you and was not changed on the way. Private data (phone numbers, ID numbers) never leaves the institute.</source>
        <translation>将本机构的计量标准、计量授权和人员签名打包成一个数据包文件（.xlsx），发送给其他机构。对方可以核验它确实来自本机构且途中未被修改。电话号码、身份证号码等个人信息不会离开本机构。</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Valid for</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>Export a bundle ...</source>
        <translation>导出数据包…</translation>
    </message>
    <message>
        <source>Last export</source>
        <translation>最近一次导出</translation>
    </message>
    <message>
        <source>Signed with the key whose fingerprint is:</source>
        <translation>签名所用密钥的指纹：</translation>
    </message>
    <message>
        <source>Sign the bundle</source>
        <translation>签名数据包</translation>
    </message>
    <message>
        <source>The bundle is signed with the institute&apos;s key. Type its passphrase.</source>
        <translation>数据包使用本机构的密钥签名，请输入密钥口令。</translation>
    </message>
    <message>
        <source>Checking the passphrase ...</source>
        <translation>正在核对口令……</translation>
    </message>
    <message>
        <source>Save the bundle as</source>
        <translation>数据包保存为</translation>
    </message>
    <message>
        <source>Signing and writing the bundle ...</source>
        <translation>正在签名并写入数据包…</translation>
    </message>
    <message>
        <source>Export cancelled: no bundle was written.</source>
        <translation>导出已取消：未写入任何数据包。</translation>
    </message>
    <message>
        <source>Saved %1
Bundle No. %2, valid until %3 (issued %4).
%5 standards, %6 authorisations, %7 people.</source>
        <translation>已保存 %1
第 %2 号数据包，有效期至 %3（签发于 %4）。
计量标准 %5 项，计量授权 %6 份，人员 %7 名。</translation>
    </message>
</context>
<context>
    <name>FileDialog</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Date Modified</source>
        <translation>修改日期</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Look in:</source>
        <translation>查找范围：</translation>
    </message>
    <message>
        <source>File name:</source>
        <translation>文件名：</translation>
    </message>
    <message>
        <source>Files of type:</source>
        <translation>文件类型：</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Choose</source>
        <translation>选择</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>Choose the bundle</source>
        <translation>选择数据包</translation>
    </message>
    <message>
        <source>A bundle is the .xlsx file another institute signed and sent you. Nothing in your registry changes until you confirm the import at the end.</source>
        <translation>数据包是其他机构签名后发给您的 .xlsx 文件。在最后确认导入之前，您的登记数据不会有任何改变。</translation>
    </message>
    <message>
        <source>Bundle file</source>
        <translation>数据包文件</translation>
    </message>
    <message>
        <source>Browse ...</source>
        <translation>浏览…</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Welcome to LabRegistry</source>
        <translation>欢迎使用 LabRegistry 计量资源登记</translation>
    </message>
    <message>
        <source>Set up your institute</source>
        <translation>建立本机构</translation>
    </message>
    <message>
        <source>LabRegistry keeps the measurement standards, authorisations and staff of your institute, and exchanges them as signed files with the other institutes of the Yangtze River Delta. First, tell it which institute this is. The data folder is %1.</source>
        <translation>LabRegistry 登记本机构的计量标准、计量授权和人员，并以签名文件的形式与长三角其他机构交换。请先填写本机构的信息。数据文件夹：%1。</translation>
    </message>
    <message>
        <source>18 characters, from the business licence</source>
        <translation>18 位，见营业执照或事业单位法人证书</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <source>Recorded with every change you make</source>
        <translation>每次修改都会记录操作人</translation>
    </message>
    <message>
        <source>The own institute</source>
        <translation>本机构</translation>
    </message>
    <message>
        <source>Signing key</source>
        <translation>签名密钥</translation>
    </message>
    <message>
        <source>Bundles you send are signed with the institute&apos;s own key. Choose a passphrase that protects it; you type it for every export. Keep it safe: it cannot be recovered.</source>
        <translation>发出的数据包使用本机构自己的密钥签名。请设置保护密钥的口令，每次导出时都要输入。请妥善保管：口令遗失后无法找回。</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation>再次输入口令</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>再次输入</translation>
    </message>
    <message>
        <source>Fill in demo data to try LabRegistry out</source>
        <translation>生成演示数据（用于试用）</translation>
    </message>
    <message>
        <source> standards</source>
        <translation> 项计量标准</translation>
    </message>
    <message>
        <source>Number of demo standards</source>
        <translation>演示计量标准数量</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>建立</translation>
    </message>
    <message>
        <source>Open another data folder ...</source>
        <translation>打开其他数据文件夹…</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>以后再说</translation>
    </message>
    <message>
        <source>✓ The check character is right.</source>
        <translation>✓ 校验位正确。</translation>
    </message>
    <message>
        <source>Creating the institute and its signing key ...</source>
        <translation>正在建立本机构并生成签名密钥…</translation>
    </message>
    <message>
        <source>Open a data folder</source>
        <translation>打开数据文件夹</translation>
    </message>
</context>
<context>
    <name>FolderImportDialog</name>
    <message>
        <source>Import a folder of bundles</source>
        <translation>导入数据包文件夹</translation>
    </message>
    <message>
        <source>Checking every bundle in %1 ...</source>
        <translation>正在核验 %1 中的每个数据包……</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Institute</source>
        <translation>机构</translation>
    </message>
    <message>
        <source>USCC</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>撤回</translation>
    </message>
    <message>
        <source>Bundles in the folder</source>
        <translation>文件夹中的数据包</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Checking bundle %1 of %2 ...</source>
        <translation>正在核验第 %1 个数据包（共 %2 个）……</translation>
    </message>
    <message>
        <source>Importing bundle %1 of %2 ...</source>
        <translation>正在导入第 %1 个数据包（共 %2 个）……</translation>
    </message>
    <message>
        <source>Checking the bundles ...</source>
        <translation>正在核验数据包……</translation>
    </message>
    <message>
        <source>Importing the bundles ...</source>
        <translation>正在导入数据包……</translation>
    </message>
    <message>
        <source>%1 added, %2 changed, %3 withdrawn</source>
        <translation>新增 %1 条，变更 %2 条，撤回 %3 条</translation>
    </message>
    <message>
        <source>Imported %1 bundles: %2.</source>
        <translation>已导入 %1 个数据包：%2。</translation>
    </message>
    <message>
        <source>%1 bundles checked: %2 to import (%3), %4 refused. Nothing is written until you click Import; the database is backed up first.</source>
        <translation>已核验 %1 个数据包：将导入 %2 个（%3），拒绝 %4 个。点击“导入”之前不会写入任何数据；导入前先备份数据库。</translation>
    </message>
    <message numerus="yes">
        <source>Import %n bundle(s)</source>
        <translation>
            <numerusform>导入 %n 个数据包</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n bundle(s) refused: see the Result column.</source>
        <translation>
            <numerusform>%n 个数据包被拒绝：见“结果”列。</numerusform>
        </translation>
    </message>
    <message>
        <source>To import</source>
        <translation>待导入</translation>
    </message>
    <message>
        <source> (expired: marked as out of date)</source>
        <translation>（已过期：将标为过期数据）</translation>
    </message>
    <message>
        <source>Imported ✓</source>
        <translation>已导入 ✓</translation>
    </message>
    <message>
        <source>Unchanged: %1</source>
        <translation>未变：%1</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>拒绝：%1</translation>
    </message>
    <message>
        <source>Endorsed by the coordinator %1 until %2</source>
        <translation>经协调机构 %1 背书，有效期至 %2</translation>
    </message>
    <message>
        <source>New key, endorsed by the key you checked</source>
        <translation>新密钥，由已核对的旧密钥背书</translation>
    </message>
    <message>
        <source>Checked by phone here</source>
        <translation>已在本机电话核对指纹</translation>
    </message>
</context>
<context>
    <name>Forms</name>
    <message>
        <source>8 digits, e.g. 12113100</source>
        <extracomment>English placeholders (&quot;Forms&quot; context), by (record type, field).</extracomment>
        <translation>8 位数字，如 12113100</translation>
    </message>
    <message>
        <source>e.g. [2023]沪量标证字第123号</source>
        <translation>如 [2023]沪量标证字第123号</translation>
    </message>
    <message>
        <source>e.g. (0~60) MPa</source>
        <translation>如 (0~60) MPa</translation>
    </message>
    <message>
        <source>e.g. U=0.05%, k=2 or 0.05级 or MPE: ±0.1 MPa</source>
        <translation>如 U=0.05%, k=2，或 0.05级，或 MPE: ±0.1 MPa</translation>
    </message>
    <message>
        <source>Main instruments and ancillary equipment</source>
        <extracomment>English table headings (&quot;Forms&quot; context), by list.</extracomment>
        <translation>主标准器及配套设备</translation>
    </message>
    <message>
        <source>Verification and calibration services</source>
        <translation>开展的检定或校准项目</translation>
    </message>
    <message>
        <source>Capabilities: parameters, ranges and accuracies</source>
        <translation>测量能力：参数、测量范围和准确度</translation>
    </message>
    <message>
        <source>e.g. (沪)法计(2024)01001号</source>
        <translation>如 (沪)法计(2024)01001号</translation>
    </message>
    <message>
        <source>Authorised items</source>
        <translation>授权项目</translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation>资质证书</translation>
    </message>
    <message>
        <source>e.g. 2025-03-01</source>
        <translation>如 2025-03-01</translation>
    </message>
    <message>
        <source>Choose from the staff list or type a name</source>
        <translation>从人员名单中选择，或直接输入姓名</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>Created</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>in the app</source>
        <translation>在本软件中</translation>
    </message>
    <message>
        <source>on the command line</source>
        <translation>通过命令行</translation>
    </message>
    <message>
        <source>demo data</source>
        <translation>演示数据</translation>
    </message>
    <message>
        <source>from the bundle %1</source>
        <translation>来自数据包 %1</translation>
    </message>
    <message>
        <source>History</source>
        <translation>修改记录</translation>
    </message>
    <message>
        <source>When, who, what</source>
        <translation>时间 · 操作人 · 操作</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>修改后</translation>
    </message>
</context>
<context>
    <name>ImportPanel</name>
    <message>
        <source>Import the bundle another institute sent you. LabRegistry first checks that it is genuine and unchanged, then shows what would change; nothing is written until you confirm, and the database is backed up before.</source>
        <translation>导入其他机构发来的数据包。LabRegistry 先核验它是否真实、未被修改，再列出将发生的变化；您确认之前不会写入任何数据，写入前还会先备份数据库。</translation>
    </message>
    <message>
        <source>Import a bundle ...</source>
        <translation>导入数据包…</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接收时间</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来自</translation>
    </message>
    <message>
        <source>USCC</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>签名状态</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>撤回</translation>
    </message>
    <message>
        <source>Received bundles</source>
        <translation>已接收的数据包</translation>
    </message>
    <message>
        <source>Import a folder of bundles ...</source>
        <translation>导入数据包文件夹……</translation>
    </message>
    <message>
        <source>Every bundle in the folder is checked first; one preview, one confirmation, one backup</source>
        <translation>先核验文件夹中的每个数据包；一次预览、一次确认、一次备份</translation>
    </message>
    <message>
        <source>Choose the folder of bundles</source>
        <translation>选择数据包所在的文件夹</translation>
    </message>
    <message>
        <source>Verified; was expired, accepted knowingly</source>
        <translation>已验证；导入时已过期，经确认接受</translation>
    </message>
    <message>
        <source>Verified; expired since %1</source>
        <translation>已验证；已于 %1 过期</translation>
    </message>
    <message>
        <source>Verified ✓</source>
        <translation>已验证 ✓</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Bundles (*.xlsx)</source>
        <translation>数据包 (*.xlsx)</translation>
    </message>
    <message>
        <source>%1 standards, %2 authorisations, %3 people</source>
        <translation>计量标准 %1 项、计量授权 %2 份、人员 %3 名</translation>
    </message>
    <message>
        <source>Import a bundle</source>
        <translation>导入数据包</translation>
    </message>
</context>
<context>
    <name>InstituteSettings</name>
    <message>
        <source>The own institute</source>
        <translation>本机构</translation>
    </message>
    <message>
        <source>Save the institute</source>
        <translation>保存机构信息</translation>
    </message>
    <message>
        <source>Recorded with every change you make</source>
        <translation>每次修改都会记录操作人</translation>
    </message>
    <message>
        <source>Save the name</source>
        <translation>保存姓名</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <source>The institute is not set up yet: set it up from the overview.</source>
        <translation>尚未建立本机构：请在概览页中建立。</translation>
    </message>
    <message>
        <source>Saved. The next bundle you export carries the change.</source>
        <translation>已保存。下次导出的数据包将带上此更改。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>InventoryPage</name>
    <message>
        <source>own institute</source>
        <translation>本机构</translation>
    </message>
    <message>
        <source>out of date</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Not comparable: %1</source>
        <translation>不可比：%1</translation>
    </message>
    <message>
        <source>Traceability of %1</source>
        <translation>%1 的溯源链</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Standard / instrument</source>
        <translation>计量标准 / 标准器</translation>
    </message>
    <message>
        <source>Calibrated by</source>
        <translation>溯源机构</translation>
    </message>
    <message>
        <source>Certificate, due</source>
        <translation>证书编号、到期日</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Breaks at %1: %2</source>
        <translation>在 %1 处中断：%2</translation>
    </message>
    <message>
        <source>No chain breaks.</source>
        <translation>溯源链无中断。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>not valid</source>
        <translation>无效</translation>
    </message>
    <message>
        <source>Equivalent standards</source>
        <translation>等效计量标准</translation>
    </message>
    <message>
        <source>Institute</source>
        <translation>机构</translation>
    </message>
    <message>
        <source>Shanghai</source>
        <translation>上海</translation>
    </message>
    <message>
        <source>Jiangsu</source>
        <translation>江苏</translation>
    </message>
    <message>
        <source>Zhejiang</source>
        <translation>浙江</translation>
    </message>
    <message>
        <source>Anhui</source>
        <translation>安徽</translation>
    </message>
    <message>
        <source>Measurement standards</source>
        <translation>计量标准</translation>
    </message>
    <message>
        <source>Authorised items</source>
        <translation>授权项目</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Certificate no.</source>
        <translation>证书编号</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>测量范围</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确度</translation>
    </message>
    <message>
        <source>At the requested range</source>
        <translation>所需范围处的比较</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>数据来源</translation>
    </message>
    <message>
        <source>Comparisons</source>
        <translation>比对</translation>
    </message>
    <message>
        <source>signed, verified</source>
        <translation>已签名，验证通过</translation>
    </message>
    <message>
        <source>signed, accepted after it had expired</source>
        <translation>已签名，但接收时已过有效期</translation>
    </message>
    <message>
        <source>signed with a key since revoked</source>
        <translation>签名密钥已被撤销</translation>
    </message>
    <message>
        <source>signed with a key already compromised: not reliable</source>
        <translation>由接收时已泄露的密钥签名：不可信</translation>
    </message>
    <message>
        <source>not from a verified bundle</source>
        <translation>非来自经验证的数据包</translation>
    </message>
    <message>
        <source>complete: the chain reaches a national standard</source>
        <translation>完整：溯源链可追溯至国家基准</translation>
    </message>
    <message>
        <source>calibrated by a national institute</source>
        <translation>由国家计量院校准</translation>
    </message>
    <message>
        <source>traced within the region</source>
        <translation>在区域内溯源</translation>
    </message>
    <message>
        <source>broken</source>
        <translation>中断</translation>
    </message>
    <message>
        <source>no calibrating institute is given</source>
        <translation>未注明溯源机构</translation>
    </message>
    <message>
        <source>no calibration certificate or due date</source>
        <translation>缺少校准证书编号或到期日</translation>
    </message>
    <message>
        <source>the calibration is overdue</source>
        <translation>校准已过期</translation>
    </message>
    <message>
        <source>the calibrating institute is neither in the region nor a national institute</source>
        <translation>溯源机构既不在本区域内，也不是国家计量院</translation>
    </message>
    <message>
        <source>the calibrating institute holds no standard that fits</source>
        <translation>溯源机构没有相应的计量标准</translation>
    </message>
    <message>
        <source>the upstream standard is not valid on the date</source>
        <translation>上级计量标准在该日期无效</translation>
    </message>
    <message>
        <source>the chain goes round in a circle</source>
        <translation>溯源链出现循环</translation>
    </message>
    <message>
        <source>the chain is too long to follow further</source>
        <translation>溯源链过长，无法继续追溯</translation>
    </message>
    <message>
        <source>needs recalibration</source>
        <translation>需重新送检</translation>
    </message>
    <message>
        <source>A main standard instrument was due for calibration on %1: not usable until it is recalibrated.</source>
        <translation>主标准器检定/校准有效期至 %1，已超期：重新送检前不能使用。</translation>
    </message>
    <message>
        <source>Ancillary equipment was due for calibration on %1: a warning, the standard may still be used.</source>
        <translation>配套设备检定/校准有效期至 %1，已超期：仅为提示，计量标准仍可使用。</translation>
    </message>
    <message>
        <source>Compared with the reference</source>
        <translation>与参考标准比较</translation>
    </message>
    <message>
        <source>%1 equivalent standard(s) at %2 institute(s), %3 valid</source>
        <translation>%2 家机构共 %1 项等效计量标准，其中 %3 项有效</translation>
    </message>
    <message>
        <source>Name, certificate no., institute ...</source>
        <translation>名称、证书编号、机构……</translation>
    </message>
    <message>
        <source>Any quantity</source>
        <translation>任意量</translation>
    </message>
    <message>
        <source>min</source>
        <translation>下限</translation>
    </message>
    <message>
        <source>max</source>
        <translation>上限</translation>
    </message>
    <message>
        <source>unit, e.g. MPa</source>
        <translation>单位，如 MPa</translation>
    </message>
    <message>
        <source>e.g. 0.05% or 0.02 MPa</source>
        <translation>如 0.05% 或 0.02 MPa</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>Any grade</source>
        <translation>任意类别</translation>
    </message>
    <message>
        <source>Comparable only</source>
        <translation>仅显示可比的</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>检索</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>关键词</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>量</translation>
    </message>
    <message>
        <source>Required range</source>
        <translation>所需测量范围</translation>
    </message>
    <message>
        <source>Max. uncertainty</source>
        <translation>不确定度上限</translation>
    </message>
    <message>
        <source>Province</source>
        <translation>省份</translation>
    </message>
    <message>
        <source>Valid on</source>
        <translation>有效日期</translation>
    </message>
    <message>
        <source>Export report ...</source>
        <translation>导出报表…</translation>
    </message>
    <message>
        <source>Equivalents ...</source>
        <translation>等效计量标准…</translation>
    </message>
    <message>
        <source>Traceability ...</source>
        <translation>溯源链…</translation>
    </message>
    <message>
        <source>Print ...</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Regional resources</source>
        <translation>区域资源</translation>
    </message>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n 条结果</numerusform>
        </translation>
    </message>
    <message>
        <source>count failed</source>
        <translation>条数统计失败</translation>
    </message>
    <message>
        <source>Print the results</source>
        <translation>打印检索结果</translation>
    </message>
    <message>
        <source>Save the report as</source>
        <translation>报表另存为</translation>
    </message>
    <message>
        <source>Writing the report ...</source>
        <translation>正在生成报表……</translation>
    </message>
    <message>
        <source>Wrote %1 rows to %2</source>
        <translation>已将 %1 行写入 %2</translation>
    </message>
    <message>
        <source>Coverage per code ...</source>
        <translation>按代码查看覆盖…</translation>
    </message>
    <message>
        <source>Valid standards per catalogue item code and province, and the codes with none in the region</source>
        <translation>按目录项目代码和省份统计有效的计量标准，并列出区域内空白的代码</translation>
    </message>
</context>
<context>
    <name>LedgerCheckPage</name>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Cell</source>
        <translation>单元格</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Import only the valid rows</source>
        <translation>仅导入无误的行</translation>
    </message>
    <message>
        <source>Save report ...</source>
        <translation>保存检查报告…</translation>
    </message>
    <message>
        <source>Checking every row ...</source>
        <translation>正在逐行检查……</translation>
    </message>
    <message>
        <source>%1 record(s): %2 valid, %3 with errors.</source>
        <translation>共 %1 条记录：%2 条无误，%3 条有错误。</translation>
    </message>
    <message>
        <source>An import adds %1, updates %2, leaves %3 unchanged.</source>
        <translation>导入将新增 %1 条、更新 %2 条，%3 条不变。</translation>
    </message>
    <message>
        <source>%1 &apos;%2&apos;</source>
        <translation>%1“%2”</translation>
    </message>
    <message>
        <source>Columns not read (no field holds them): %1</source>
        <translation>未读取的列（没有对应的字段，其内容不导入）：%1</translation>
    </message>
    <message>
        <source>Save the check report as</source>
        <translation>检查报告另存为</translation>
    </message>
    <message>
        <source>Saved the report to %1</source>
        <translation>检查报告已保存到 %1</translation>
    </message>
</context>
<context>
    <name>LedgerFilePage</name>
    <message>
        <source>Choose the Excel ledger</source>
        <translation>选择 Excel 台账</translation>
    </message>
    <message>
        <source>Browse ...</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Measurement standards</source>
        <translation>计量标准</translation>
    </message>
    <message>
        <source>Authorisations</source>
        <translation>计量授权</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>The ledger lists</source>
        <translation>台账内容</translation>
    </message>
    <message>
        <source>Open an Excel ledger</source>
        <translation>打开 Excel 台账</translation>
    </message>
</context>
<context>
    <name>LedgerImportPage</name>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Importing ...</source>
        <translation>正在导入……</translation>
    </message>
    <message>
        <source>Importing the ledger ...</source>
        <translation>正在导入台账……</translation>
    </message>
    <message>
        <source>Added %1, updated %2, unchanged %3, skipped %4 invalid.</source>
        <translation>新增 %1 条，更新 %2 条，%3 条不变，跳过 %4 条有错误的记录。</translation>
    </message>
    <message>
        <source>Cancelled: nothing was imported.</source>
        <translation>已取消：未导入任何数据。</translation>
    </message>
</context>
<context>
    <name>LedgerMappingPage</name>
    <message>
        <source>Which column holds what</source>
        <translation>列与字段的对应</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Header text</source>
        <translation>表头文字</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>匹配度</translation>
    </message>
    <message>
        <source>Reading the sheet ...</source>
        <translation>正在读取工作表……</translation>
    </message>
    <message>
        <source>(not in the ledger)</source>
        <translation>（台账中没有）</translation>
    </message>
    <message>
        <source>Required fields without a column: %1</source>
        <translation>以下必填字段没有对应的列：%1</translation>
    </message>
</context>
<context>
    <name>LedgerSheetPage</name>
    <message>
        <source>Sheet and header row</source>
        <translation>工作表和表头行</translation>
    </message>
    <message>
        <source>detect</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <source>Header row</source>
        <translation>表头行</translation>
    </message>
</context>
<context>
    <name>LedgerWizard</name>
    <message>
        <source>Import from an Excel ledger</source>
        <translation>从 Excel 台账导入</translation>
    </message>
</context>
<context>
    <name>ListReports</name>
    <message>
        <source>The first %1 rows are printed; export to Excel for all of them.</source>
        <translation>只打印了前 %1 行；全部记录请导出为 Excel。</translation>
    </message>
    <message>
        <source>Reading the list ...</source>
        <translation>正在读取列表……</translation>
    </message>
    <message>
        <source>Save the list as PDF</source>
        <translation>将列表保存为 PDF</translation>
    </message>
    <message>
        <source>Save the list as Excel</source>
        <translation>将列表保存为 Excel</translation>
    </message>
    <message>
        <source>Writing the list ...</source>
        <translation>正在写入列表……</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Overview</source>
        <translation>总览</translation>
    </message>
    <message>
        <source>Measurement standards</source>
        <translation>计量标准</translation>
    </message>
    <message>
        <source>Authorisations</source>
        <translation>计量授权</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Regional resources</source>
        <translation>区域资源</translation>
    </message>
    <message>
        <source>Data exchange</source>
        <translation>数据交换</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>证书</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>备份与恢复</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>New record</source>
        <translation>新建记录</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Import a bundle</source>
        <translation>导入数据包</translation>
    </message>
    <message>
        <source>Export a bundle</source>
        <translation>导出数据包</translation>
    </message>
    <message>
        <source>Print the list</source>
        <translation>打印列表</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Recycle bin ...</source>
        <translation>回收站…</translation>
    </message>
    <message>
        <source>Row colours ...</source>
        <translation>行颜色说明…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Records</source>
        <translation>记录(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Checking ...</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Deleting ...</source>
        <translation>正在删除…</translation>
    </message>
    <message>
        <source>Delete the measurement standard %1?</source>
        <translation>删除计量标准 %1？</translation>
    </message>
    <message>
        <source>Delete the authorisation %1?</source>
        <translation>删除计量授权 %1？</translation>
    </message>
    <message>
        <source>Delete the person %1?</source>
        <translation>删除人员 %1？</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n measurement standard(s)?</source>
        <translation>
            <numerusform>删除 %n 项计量标准？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n authorisation(s)?</source>
        <translation>
            <numerusform>删除 %n 项计量授权？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n person(s)?</source>
        <translation>
            <numerusform>删除 %n 名人员？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>... and %n more</source>
        <translation>
            <numerusform>…另有 %n 条</numerusform>
        </translation>
    </message>
    <message>
        <source>Deleted records go to the recycle bin (Records menu) and can be restored from it until your next export. Institutes that import that bundle will see them as withdrawn.</source>
        <translation>删除的记录进入回收站（“记录”菜单），在下次导出前都可以恢复。导入该数据包的机构将看到这些记录已撤回。</translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n record(s): in the recycle bin until your next export.</source>
        <translation>
            <numerusform>已删除 %n 条记录：下次导出前可在回收站中恢复。</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>LabRegistry</source>
        <translation>LabRegistry 计量资源登记</translation>
    </message>
    <message>
        <source>Navigation</source>
        <translation>导航</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>页面</translation>
    </message>
    <message>
        <source>Data folder: %1    Database: %2</source>
        <translation>数据文件夹：%1    数据库：%2</translation>
    </message>
    <message>
        <source>Region report</source>
        <translation>区域进展报告</translation>
    </message>
</context>
<context>
    <name>MissingHomeBox</name>
    <message>
        <source>LabRegistry</source>
        <translation>LabRegistry 计量资源登记</translation>
    </message>
    <message>
        <source>There is no LabRegistry data folder at %1.</source>
        <translation>%1 不是 LabRegistry 数据文件夹（其中没有登记数据库）。</translation>
    </message>
    <message>
        <source>Perhaps the folder was mistyped, or it is on a disk that is not connected. Create a new, empty registry there, or choose the folder that holds your registry.</source>
        <translation>可能是文件夹名称写错了，或者它所在的磁盘（如 U 盘）未连接。可以在此新建一个空的登记库，或选择存放登记数据的文件夹。</translation>
    </message>
    <message>
        <source>Create a new registry here</source>
        <translation>在此新建登记库</translation>
    </message>
    <message>
        <source>Choose another folder ...</source>
        <translation>选择其他文件夹…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Choose the LabRegistry data folder</source>
        <translation>选择 LabRegistry 数据文件夹</translation>
    </message>
</context>
<context>
    <name>Op</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>OverdueNotice</name>
    <message>
        <source>Reminders</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>As of %1 your institute has overdue items:</source>
        <translation>截至 %1，本机构有以下事项已超期：</translation>
    </message>
    <message numerus="yes">
        <source>Due within %n day(s) (the reminder window in Settings):</source>
        <translation>
            <numerusform>%n 天内到期（提醒期限可在“设置”中修改）：</numerusform>
        </translation>
    </message>
    <message>
        <source>Show the overview</source>
        <translation>查看总览</translation>
    </message>
    <message numerus="yes">
        <source>%n standard(s) may not be used: a main standard instrument is past its calibration due date.</source>
        <translation>
            <numerusform>%n 项计量标准不能使用：主标准器已超过检定/校准有效期。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Past the calibration due date: %n instrument(s) (send them for calibration).</source>
        <translation>
            <numerusform>已超过检定/校准有效期：%n 台仪器设备（请送检）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of them is ancillary equipment: a warning, the standards may still be used.</source>
        <translation>
            <numerusform>其中 %n 台为配套设备：仅为提示，相应计量标准仍可使用。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n assessment certificate(s) of standards have ended (re-examination).</source>
        <translation>
            <numerusform>%n 份计量标准考核证书已到期（请申请复查考核）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n authorisation certificate(s) have ended.</source>
        <translation>
            <numerusform>%n 份计量授权证书已到期。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n staff credential(s) have ended.</source>
        <translation>
            <numerusform>%n 份人员资质证书已到期。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n instrument(s) to send for calibration.</source>
        <translation>
            <numerusform>%n 台仪器设备需送检。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n assessment certificate(s) of standards end (apply for re-examination).</source>
        <translation>
            <numerusform>%n 张计量标准考核证书将到期（请申请复查）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n authorisation certificate(s) end.</source>
        <translation>
            <numerusform>%n 张计量授权证书将到期。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n staff credential(s) end.</source>
        <translation>
            <numerusform>%n 个人员证书将到期。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>Measurement standards</source>
        <translation>计量标准</translation>
    </message>
    <message>
        <source>Authorisations</source>
        <translation>计量授权</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Own institute</source>
        <translation>本单位</translation>
    </message>
    <message>
        <source>Already expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Whole region</source>
        <translation>全区域</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>剩余天数</translation>
    </message>
    <message>
        <source>Certificate no.</source>
        <translation>证书编号</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>计量标准名称</translation>
    </message>
    <message>
        <source>Certificates to renew</source>
        <translation>待复查的证书</translation>
    </message>
    <message>
        <source>Apply for re-examination about six months before the certificate ends.</source>
        <translation>请在证书有效期届满前约六个月申请复查考核。</translation>
    </message>
    <message>
        <source>Export list</source>
        <translation>导出列表</translation>
    </message>
    <message>
        <source>To Excel ...</source>
        <translation>导出为 Excel…</translation>
    </message>
    <message>
        <source>To PDF ...</source>
        <translation>导出为 PDF…</translation>
    </message>
    <message>
        <source>Print ...</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接收时间</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来自</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>签名状态</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Recent imports</source>
        <translation>最近导入</translation>
    </message>
    <message>
        <source>No bundles imported yet.</source>
        <translation>尚未导入任何数据包。</translation>
    </message>
    <message>
        <source>Discipline</source>
        <translation>专业</translation>
    </message>
    <message>
        <source>Standards</source>
        <translation>计量标准</translation>
    </message>
    <message>
        <source>Own standards by discipline</source>
        <translation>本机构计量标准（按专业）</translation>
    </message>
    <message>
        <source>Province</source>
        <translation>省份</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>Institutes</source>
        <translation>机构</translation>
    </message>
    <message>
        <source>The region by city</source>
        <translation>全区域（按城市）</translation>
    </message>
    <message>
        <source>Standards in the region by city</source>
        <translation>区域内各城市的计量标准</translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation>人员证书</translation>
    </message>
    <message>
        <source>Certificates ending per month</source>
        <translation>每月到期的证书</translation>
    </message>
    <message>
        <source>Certificates ending in the next twelve months</source>
        <translation>未来十二个月到期的证书</translation>
    </message>
    <message>
        <source>Valid public standards by city</source>
        <translation>各城市有效的社会公用计量标准</translation>
    </message>
    <message>
        <source>Sketch map</source>
        <translation>示意图</translation>
    </message>
    <message>
        <source>No own institute yet</source>
        <translation>尚未创建本单位</translation>
    </message>
    <message>
        <source>Set it up with the button on the right, or on the command line: labregistry init --name NAME --uscc CODE --province P --city CITY</source>
        <translation>请点击右侧按钮建立，或在命令行运行：labregistry init --name 名称 --uscc 代码 --province 省份 --city 城市</translation>
    </message>
    <message numerus="yes">
        <source>%Ln institute(s) in the region, including yours</source>
        <translation>
            <numerusform>区域内共 %Ln 家机构（含本单位）</numerusform>
        </translation>
    </message>
    <message>
        <source>Public measurement standards (社会公用计量标准) valid on %1, of every institute in the region, placed by the institute&apos;s city (a county-level city in its prefecture). Click a city to list them. Outlines: Amap, simplified; the four provinces only.</source>
        <translation>区域内所有机构于 %1 有效的社会公用计量标准，按机构所在城市计入（县级市计入其所属的地级市）。点击城市即可列出这些计量标准。轮廓：高德地图数据，已简化；仅含三省一市。</translation>
    </message>
    <message>
        <source>Show in the list of standards</source>
        <translation>在计量标准列表中显示</translation>
    </message>
    <message numerus="yes">
        <source>Show all %Ln in the standards list</source>
        <translation>
            <numerusform>在计量标准列表中查看全部 %Ln 项</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to renew soon.</source>
        <translation>近期没有需要复查的证书。</translation>
    </message>
    <message>
        <source>Show the standard in the list of standards</source>
        <translation>在计量标准列表中显示该计量标准</translation>
    </message>
    <message numerus="yes">
        <source>%Ln instrument(s) due, %1 overdue.</source>
        <translation>
            <numerusform>%Ln 台到期，其中 %1 台已超期。</numerusform>
        </translation>
    </message>
    <message>
        <source>No instrument is due for calibration soon.</source>
        <translation>近期没有需要送检的仪器设备。</translation>
    </message>
    <message numerus="yes">
        <source>%Ln standard(s) may not be used until recalibrated: a main standard instrument is overdue.</source>
        <translation>
            <numerusform>%Ln 项计量标准在重新送检前不能使用：主标准器已超期。</numerusform>
        </translation>
    </message>
    <message>
        <source>Overdue main standard instrument: the standard may not be used until it is recalibrated.</source>
        <translation>主标准器已超期：重新送检前，该计量标准不能使用。</translation>
    </message>
    <message>
        <source>Overdue ancillary equipment: a warning, the standard may still be used; send it for calibration.</source>
        <translation>配套设备已超期：仅为提示，计量标准仍可使用；请及时送检。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message numerus="yes">
        <source>%n valid public standard(s) of institutes whose city is none of the map&apos;s, not shown: %1</source>
        <translation>
            <numerusform>另有 %n 项有效的社会公用计量标准，其机构所在城市不在图中，未显示：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%2 的“%1”</translation>
    </message>
    <message>
        <source>Ancillary equipment overdue (a warning, the standards may still be used): %1.</source>
        <translation>配套设备已超期（仅为提示，计量标准仍可使用）：%1。</translation>
    </message>
    <message numerus="yes">
        <source>%n more.</source>
        <translation>
            <numerusform>另有 %n 项。</numerusform>
        </translation>
    </message>
    <message>
        <source>Verified; was expired, accepted knowingly</source>
        <translation>已验证；导入时已过期，经确认接受</translation>
    </message>
    <message>
        <source>Verified; expired since %1</source>
        <translation>已验证；已于 %1 过期</translation>
    </message>
    <message>
        <source>Verified ✓</source>
        <translation>已验证 ✓</translation>
    </message>
    <message>
        <source>+%1 ~%2 −%3</source>
        <translation>新增 %1 · 修改 %2 · 撤回 %3</translation>
    </message>
    <message>
        <source>USCC %1 · %2 %3</source>
        <translation>统一社会信用代码 %1 · %2 %3</translation>
    </message>
    <message>
        <source>Set up your institute ...</source>
        <extracomment>Instruments are sent for calibration a month or two ahead; their periods are a year or two.</extracomment>
        <translation>建立本机构…</translation>
    </message>
    <message numerus="yes">
        <source>Renew within %n day(s)</source>
        <translation>
            <numerusform>%n 天内需复查（含已到期）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Assessment certificates ended or ending within %n day(s)</source>
        <translation>
            <numerusform>已到期或 %n 天内到期的考核证书</numerusform>
        </translation>
    </message>
    <message>
        <source>Due</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Instrument</source>
        <translation>仪器设备</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Instruments due for calibration</source>
        <translation>待送检的仪器设备</translation>
    </message>
    <message numerus="yes">
        <source>Instruments due for calibration within %n day(s)</source>
        <translation>
            <numerusform>%n 天内需送检的仪器设备</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OwnKeyPanel</name>
    <message>
        <source>Other institutes trust your bundles after comparing this fingerprint with you by phone. Read it out to them when they call, and send them your public key card.</source>
        <translation>其他机构通过电话与您核对这个指纹后，才会信任您的数据包。对方来电时请念给对方听，并把本机构的公钥卡发给对方。</translation>
    </message>
    <message>
        <source>Export the public key card ...</source>
        <translation>导出公钥卡…</translation>
    </message>
    <message>
        <source>Replace the key (rotate) ...</source>
        <translation>更换密钥（轮换）…</translation>
    </message>
    <message>
        <source>The institute has no signing key yet: set up your institute first.</source>
        <translation>本机构还没有签名密钥：请先建立本机构。</translation>
    </message>
    <message>
        <source>Key %1 of %2, %3, created %4</source>
        <translation>密钥 %1（%2），%3，生成于 %4</translation>
    </message>
    <message>
        <source>Save the public key card as</source>
        <translation>公钥卡保存为</translation>
    </message>
    <message>
        <source>Saved %1. Send it to the other institutes.</source>
        <translation>已保存 %1。请把它发给其他机构。</translation>
    </message>
    <message>
        <source>Replace the key</source>
        <translation>更换密钥</translation>
    </message>
    <message>
        <source>Replace the institute&apos;s signing key with a new one?</source>
        <translation>用新密钥替换本机构的签名密钥？</translation>
    </message>
    <message>
        <source>Do this when the key may have been exposed, or by policy. The old key endorses the new one, so institutes that trust you accept your next bundles; tell them the new fingerprint.</source>
        <translation>在密钥可能泄露或按规定需要更换时进行。旧密钥会为新密钥背书，信任您的机构会接受您之后的数据包；请把新指纹告知对方。</translation>
    </message>
    <message>
        <source>Making the new key ...</source>
        <translation>正在生成新密钥…</translation>
    </message>
    <message>
        <source>The new key %1 is in use. Export the public key card again and send it to the others.</source>
        <translation>新密钥 %1 已启用。请重新导出公钥卡并发给其他机构。</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Key passphrase</source>
        <translation>密钥口令</translation>
    </message>
    <message>
        <source>Type the passphrase of the institute&apos;s signing key.</source>
        <translation>请输入本机构签名密钥的口令。</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation>再次输入口令</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>再次输入</translation>
    </message>
</context>
<context>
    <name>PdfView</name>
    <message>
        <source>Previous page (Page Up)</source>
        <translation>上一页（Page Up）</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>页</translation>
    </message>
    <message>
        <source>Next page (Page Down)</source>
        <translation>下一页（Page Down）</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <source>Whole page</source>
        <translation>整页</translation>
    </message>
    <message>
        <source>Smaller (Ctrl+-)</source>
        <translation>缩小（Ctrl+-）</translation>
    </message>
    <message>
        <source>Smaller</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Larger (Ctrl++)</source>
        <translation>放大（Ctrl++）</translation>
    </message>
    <message>
        <source>Larger</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Page image</source>
        <translation>页面图像</translation>
    </message>
    <message>
        <source>of %1</source>
        <translation>/ 共 %1 页</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>共 %n 页</numerusform>
        </translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>证明</translation>
    </message>
    <message>
        <source>%1 (page %2)</source>
        <translation>%1（第 %2 页）</translation>
    </message>
    <message>
        <source>Go to</source>
        <translation>转到</translation>
    </message>
    <message>
        <source>Print ...</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Print on a printer</source>
        <translation>在打印机上打印</translation>
    </message>
    <message>
        <source>Save as PDF ...</source>
        <translation>保存为 PDF…</translation>
    </message>
    <message>
        <source>Save the certificates as</source>
        <translation>证明保存为</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <source>Print the certificates</source>
        <translation>打印证明</translation>
    </message>
    <message>
        <source>No page to print in the range chosen.</source>
        <translation>所选范围内没有可打印的页。</translation>
    </message>
    <message numerus="yes">
        <source>Printing %n page(s) ...</source>
        <translation>
            <numerusform>正在打印 %n 页…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sent %n page(s) to %1</source>
        <translation>
            <numerusform>已将 %n 页发送到 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>the printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Printing stopped; the pages already sent may still print.</source>
        <translation>打印已停止；已发送的页面可能仍会打印出来。</translation>
    </message>
    <message>
        <source>The printer %1 could not be opened: check that it is on and connected.</source>
        <translation>无法打开打印机 %1：请检查打印机是否已开机并已连接。</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>What the import will change</source>
        <translation>导入将带来的变化</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Record or field</source>
        <translation>记录或字段</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>修改后</translation>
    </message>
    <message>
        <source>Comparing the bundle with your registry ...</source>
        <translation>正在将数据包与您的登记数据比对…</translation>
    </message>
    <message>
        <source>The comparison was cancelled; nothing was changed.</source>
        <translation>比对已取消，未作任何更改。</translation>
    </message>
    <message>
        <source>Go back and choose Next to compare again.</source>
        <translation>请返回上一步，再点“下一步”重新比对。</translation>
    </message>
    <message>
        <source>Importing adds %1, changes %2 and withdraws %3 records of %4. Your own records are never touched, and a backup of the database is taken first.</source>
        <translation>导入将新增 %1 条、修改 %2 条、撤回 %3 条“%4”的记录。本机构自己的记录不受影响，写入前会先备份数据库。</translation>
    </message>
    <message>
        <source>Added (%1)</source>
        <translation>新增（%1）</translation>
    </message>
    <message>
        <source>Changed (%1)</source>
        <translation>修改（%1）</translation>
    </message>
    <message>
        <source>Withdrawn (%1)</source>
        <translation>撤回（%1）</translation>
    </message>
    <message>
        <source>... and %1 more</source>
        <translation>……另有 %1 条</translation>
    </message>
    <message>
        <source>The bundle cannot be compared with your registry.</source>
        <translation>无法将数据包与您的登记数据比对。</translation>
    </message>
</context>
<context>
    <name>RecordColumns</name>
    <message>
        <source>Institute</source>
        <translation>机构</translation>
    </message>
    <message>
        <source>USCC</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Province</source>
        <translation>省份</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>Certificate no.</source>
        <translation>证书编号</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>计量标准名称</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Temporary code</source>
        <translation>临时代码</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Measuring range</source>
        <translation>测量范围</translation>
    </message>
    <message>
        <source>Uncertainty / accuracy</source>
        <translation>准确度/不确定度</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>量</translation>
    </message>
    <message>
        <source>Range min</source>
        <translation>范围下限</translation>
    </message>
    <message>
        <source>Range max</source>
        <translation>范围上限</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Accuracy kind</source>
        <translation>准确度类型</translation>
    </message>
    <message>
        <source>Accuracy value</source>
        <translation>准确度数值</translation>
    </message>
    <message>
        <source>Issued on</source>
        <translation>发证日期</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Responsible person</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Form of authorisation</source>
        <translation>授权形式</translation>
    </message>
    <message>
        <source>Issuing authority</source>
        <translation>发证机关</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>授权项目数</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>职称</translation>
    </message>
    <message>
        <source>Credential</source>
        <translation>证书类别</translation>
    </message>
    <message>
        <source>Catalogue</source>
        <translation>目录核对</translation>
    </message>
</context>
<context>
    <name>RecordEditor</name>
    <message>
        <source>Details</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <source>History</source>
        <translation>修改记录</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Not saved yet: no problem left. Save with Ctrl+S.</source>
        <translation>尚未保存：问题已全部改正，请按 Ctrl+S 保存。</translation>
    </message>
    <message>
        <source>Unsaved changes.</source>
        <translation>有未保存的修改。</translation>
    </message>
    <message>
        <source>Saving ...</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Nothing changed.</source>
        <translation>没有修改。</translation>
    </message>
    <message numerus="yes">
        <source>Not saved: %n problem(s), marked in red.</source>
        <translation>
            <numerusform>未保存：有 %n 处问题，已用红色标出。</numerusform>
        </translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation>未保存。</translation>
    </message>
    <message>
        <source>Measurement standard</source>
        <translation>计量标准</translation>
    </message>
    <message>
        <source>New measurement standard</source>
        <translation>新建计量标准</translation>
    </message>
    <message>
        <source>Standard and assessment certificate</source>
        <extracomment>warnings from the code and procedure catalogues for a validated record (superseded editions ...) English group titles (&quot;RecordEditor&quot; context), by the registry&apos;s group keys.</extracomment>
        <translation>计量标准与考核证书</translation>
    </message>
    <message>
        <source>Measuring range and accuracy</source>
        <translation>测量范围与准确度</translation>
    </message>
    <message>
        <source>People, environment, notes</source>
        <translation>人员、环境条件与备注</translation>
    </message>
    <message>
        <source>Authorisation</source>
        <translation>计量授权</translation>
    </message>
    <message>
        <source>New authorisation</source>
        <translation>新建计量授权</translation>
    </message>
    <message>
        <source>Authorisation certificate</source>
        <translation>计量授权证书</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>New person</source>
        <translation>新建人员</translation>
    </message>
    <message>
        <source>Private: never leaves the institute</source>
        <translation>个人信息：不会离开本机构</translation>
    </message>
    <message>
        <source>Comparisons</source>
        <translation>比对与能力验证</translation>
    </message>
</context>
<context>
    <name>RecordTableModel</name>
    <message>
        <source>Needs recalibration</source>
        <extracomment>The state a needs_recalibration row is shown with in the status column (domain.usability).</extracomment>
        <translation>需重新送检</translation>
    </message>
    <message>
        <source>(deleted)</source>
        <translation>（已删除）</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Ancillary equipment “%1” was due for calibration on %2: send it for calibration (a warning: the standard may still be used).</source>
        <translation>配套设备“%1”检定/校准有效期至 %2，已超期，请及时送检（仅为提示，计量标准仍可使用）。</translation>
    </message>
    <message>
        <source>A main standard instrument was due for calibration on %1: the standard may not be used until it is recalibrated.</source>
        <translation>主标准器检定/校准有效期至 %1，已超期：该计量标准在重新送检前不能使用。</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message numerus="yes">
        <source>Expires in %n day(s)</source>
        <translation>
            <numerusform>%n 天后到期</numerusform>
        </translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>Superseded procedure</source>
        <extracomment>The short text of a catalogue mark (services.catalogues.Mark.kind) in the catalogue column.</extracomment>
        <translation>规程已被代替</translation>
    </message>
    <message>
        <source>Withdrawn procedure</source>
        <translation>规程已废止</translation>
    </message>
    <message>
        <source>Code not in catalogue</source>
        <translation>代码不在目录中</translation>
    </message>
</context>
<context>
    <name>RecordsPage</name>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message numerus="yes">
        <source>Renew within %n day(s)</source>
        <translation>
            <numerusform>%n 天内需复查（含已到期）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Certificates that end within %n day(s) or have already ended (revoked ones are left out)</source>
        <translation>
            <numerusform>%n 天内到期或已经到期的证书（已撤销的不列入）</numerusform>
        </translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Delete ...</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Import from Excel ...</source>
        <translation>从 Excel 导入…</translation>
    </message>
    <message>
        <source>Export list</source>
        <translation>导出列表</translation>
    </message>
    <message>
        <source>To Excel ...</source>
        <translation>导出为 Excel…</translation>
    </message>
    <message>
        <source>To PDF ...</source>
        <translation>导出为 PDF…</translation>
    </message>
    <message>
        <source>Export the CMC table ...</source>
        <translation>导出 CMC 表…</translation>
    </message>
    <message>
        <source>Every capability row of the own standards in force, as CNAS-GL025 and the KCDB list them (Excel)</source>
        <translation>本机构有效计量标准的每一项测量能力，按 CNAS-GL025 和 KCDB 的格式列出（Excel）</translation>
    </message>
    <message>
        <source>Print ...</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Search by certificate no., name, code or range</source>
        <translation>按证书编号、名称、代码或测量范围搜索</translation>
    </message>
    <message>
        <source>Search by certificate no. or issuing authority</source>
        <translation>按证书编号或发证机关搜索</translation>
    </message>
    <message>
        <source>Search by name, department or certificate no.</source>
        <translation>按姓名、部门或证书编号搜索</translation>
    </message>
    <message>
        <source>New standard ...</source>
        <translation>新建计量标准…</translation>
    </message>
    <message>
        <source>New authorisation ...</source>
        <translation>新建计量授权…</translation>
    </message>
    <message>
        <source>New person ...</source>
        <translation>新建人员…</translation>
    </message>
    <message>
        <source>Measurement standards</source>
        <translation>计量标准</translation>
    </message>
    <message>
        <source>Authorisations</source>
        <translation>计量授权</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>人员</translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s)</source>
        <translation>
            <numerusform>共 %Ln 条</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecycleBinDialog</name>
    <message>
        <source>Recycle bin</source>
        <translation>回收站</translation>
    </message>
    <message>
        <source>Records deleted since your last export. They can be restored, as they were, until the next export: from then on they are left out of your bundles, and the institutes that import one see them as withdrawn.</source>
        <translation>上次导出以来删除的记录。在下次导出前可按原样恢复；导出后，数据包中不再包含这些记录，导入数据包的机构将看到它们已撤回。</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>删除时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>The recycle bin is empty.</source>
        <translation>回收站是空的。</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Measurement standard</source>
        <translation>计量标准</translation>
    </message>
    <message>
        <source>Authorisation</source>
        <translation>计量授权</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message numerus="yes">
        <source>Restored %n record(s).</source>
        <translation>
            <numerusform>已恢复 %n 条记录。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RegionMapView</name>
    <message numerus="yes">
        <source>%1, %2: %n valid public standard(s)</source>
        <translation>
            <numerusform>%1（%2）：%n 项有效的社会公用计量标准</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RegionReportPage</name>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Export to Excel ...</source>
        <translation>导出为 Excel……</translation>
    </message>
    <message>
        <source>Export to PDF ...</source>
        <translation>导出为 PDF……</translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Reached</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Progress (%)</source>
        <translation>完成率（%）</translation>
    </message>
    <message>
        <source>Targets of the integration plan</source>
        <translation>一体化规划目标</translation>
    </message>
    <message>
        <source>Counting the region&apos;s figures ...</source>
        <translation>正在统计区域数据……</translation>
    </message>
    <message numerus="yes">
        <source>Counted on %1 from the records of %n institute(s) in this registry, since %2.</source>
        <translation>
            <numerusform>统计日期 %1，依据本机构库中 %n 个机构的记录，自 %2 起。</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the region report</source>
        <translation>导出区域进展报告</translation>
    </message>
    <message>
        <source>Writing the region report ...</source>
        <translation>正在写入区域进展报告……</translation>
    </message>
    <message>
        <source>Region report</source>
        <translation>区域进展报告</translation>
    </message>
    <message>
        <source>The region report was written to %1.</source>
        <translation>区域进展报告已写入 %1。</translation>
    </message>
</context>
<context>
    <name>RevokeDialog</name>
    <message>
        <source>Revoke the key</source>
        <translation>吊销密钥</translation>
    </message>
    <message>
        <source>Stop trusting the key %1 of %2? Bundles signed with it will be refused from now on; keys it endorsed after the time below lose trust too. This cannot be undone here.</source>
        <translation>停止信任 %2 的密钥 %1？此后用它签名的数据包将被拒绝；它在下列时间之后背书的密钥也一并失去信任。此操作在此无法撤销。</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Not to be trusted from</source>
        <translation>自何时起不受信任</translation>
    </message>
    <message>
        <source>If the key may have been compromised earlier, give the earliest time it could have been.</source>
        <translation>如密钥可能更早就已泄露，请填写可能泄露的最早时间。</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>吊销</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>On start the app lists what is overdue and what falls due within this many days.</source>
        <translation>程序启动时列出已超期以及在这些天内到期的事项。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>Remind of what falls due within</source>
        <translation>到期提醒期限</translation>
    </message>
    <message>
        <source>Certificates are printed in</source>
        <translation>证书语言</translation>
    </message>
    <message>
        <source>Open another data folder ...</source>
        <translation>打开其他数据文件夹…</translation>
    </message>
    <message>
        <source>The app opens the folder chosen here on every start.</source>
        <translation>以后每次启动时都打开这里选择的文件夹。</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Log file</source>
        <translation>日志文件</translation>
    </message>
</context>
<context>
    <name>StaffPicker</name>
    <message>
        <source>Choose from the staff list</source>
        <translation>从人员名单中选择</translation>
    </message>
</context>
<context>
    <name>TrustDialog</name>
    <message>
        <source>Trust a key</source>
        <translation>信任密钥</translation>
    </message>
    <message>
        <source>Choose the key card (or a bundle) the other institute sent you. Then call them on a number you already know, ask them to read out the fingerprint of their key (Data exchange, Own key) and type it here.</source>
        <translation>选择对方机构发来的公钥卡（或数据包）。然后用您原本就知道的号码给对方打电话，请对方念出其密钥指纹（在“数据交换 → 本机构密钥”中），并在此输入。</translation>
    </message>
    <message>
        <source>Key card</source>
        <translation>公钥卡</translation>
    </message>
    <message>
        <source>Browse ...</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Fingerprint they read to you</source>
        <translation>对方念给您的指纹</translation>
    </message>
    <message>
        <source>This is the regional coordinator: also trust the institute keys it endorses</source>
        <translation>这是区域协调机构：同时信任它背书的机构密钥</translation>
    </message>
    <message>
        <source>Bundles of institutes whose keys the coordinator endorsed are then imported without a phone call of their own, until the endorsement ends or the coordinator withdraws it.</source>
        <translation>此后，协调机构背书了密钥的机构，其数据包无需再逐一电话核对即可导入，直到背书到期或被协调机构撤回。</translation>
    </message>
    <message>
        <source>Trust this key</source>
        <translation>信任此密钥</translation>
    </message>
    <message>
        <source>Choose the key card</source>
        <translation>选择公钥卡</translation>
    </message>
    <message>
        <source>A fingerprint has 40 digits in 8 groups of 5.</source>
        <translation>指纹共 40 位数字，分为 8 组、每组 5 位。</translation>
    </message>
    <message>
        <source>Not trusted: the key it would replace stays trusted.</source>
        <translation>未添加信任：原受信任的密钥保持不变。</translation>
    </message>
    <message>
        <source>Replace a trusted key</source>
        <translation>替换受信任的密钥</translation>
    </message>
    <message>
        <source>Institute %1 already has a trusted key. Replace it with the key %2?</source>
        <translation>机构 %1 已有受信任的密钥。要用密钥 %2 替换它吗？</translation>
    </message>
    <message>
        <source>No rotation statement links the two keys. Replace only after the institute told you by phone that it really replaced its key. The key replaced:
%1
Bundles signed with it will be refused from now on.</source>
        <translation>没有轮换声明把这两个密钥联系起来。只有在对方电话告知确实更换了密钥后才可替换。将被替换的密钥：
%1
此后用它签名的数据包将被拒绝。</translation>
    </message>
    <message>
        <source>Replace the key</source>
        <translation>替换该密钥</translation>
    </message>
</context>
<context>
    <name>TrustPanel</name>
    <message>
        <source>Bundles are imported only when signed with a key you trust. Trust a key only after comparing its fingerprint with the other institute by phone.</source>
        <translation>只有用您信任的密钥签名的数据包才能导入。请先通过电话与对方机构核对指纹，再信任其密钥。</translation>
    </message>
    <message>
        <source>Institute</source>
        <translation>机构</translation>
    </message>
    <message>
        <source>USCC</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>指纹</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Trusted keys</source>
        <translation>信任的密钥</translation>
    </message>
    <message>
        <source>Add from a key card ...</source>
        <translation>从公钥卡添加…</translation>
    </message>
    <message>
        <source>Revoke ...</source>
        <translation>吊销…</translation>
    </message>
    <message>
        <source>Import a key statement ...</source>
        <translation>导入密钥声明…</translation>
    </message>
    <message>
        <source>A rotation or revocation an institute sent on its own, before its next bundle</source>
        <translation>对方在下一个数据包之前单独发来的轮换或吊销声明</translation>
    </message>
    <message>
        <source>, as regional coordinator</source>
        <translation>，作为区域协调机构</translation>
    </message>
    <message>
        <source>Endorsed by the coordinator %1 until %2</source>
        <translation>经协调机构 %1 背书，有效期至 %2</translation>
    </message>
    <message>
        <source>Not trusted: the endorsement no longer holds</source>
        <translation>不受信任：背书已失效</translation>
    </message>
    <message>
        <source>Revoked, not trusted from %1</source>
        <translation>已吊销，自 %1 起不受信任</translation>
    </message>
    <message>
        <source>Not trusted: endorsed by the compromised key %1</source>
        <translation>不受信任：由已泄露的密钥 %1 背书</translation>
    </message>
    <message>
        <source>Rotated to %1</source>
        <translation>已轮换至 %1</translation>
    </message>
    <message>
        <source>Not checked by phone here: the regional coordinator %1 (%2) endorsed this key on %3, and you trust the coordinator. The endorsement holds until %4 unless the coordinator withdraws it.</source>
        <translation>本机未电话核对该密钥：区域协调机构 %1（%2）于 %3 为它背书，而您信任该协调机构。背书有效期至 %4，除非协调机构提前撤回。</translation>
    </message>
    <message>
        <source>You trust this institute as the regional coordinator: the institute keys it endorses are trusted without a phone call of their own.</source>
        <translation>您信任该机构为区域协调机构：它背书的机构密钥无需逐一电话核对即受信任。</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <source>Not to be trusted from %1 (UTC)</source>
        <translation>自 %1（UTC）起不受信任</translation>
    </message>
    <message>
        <source>Revoked here (trust revoke).</source>
        <translation>在本机吊销（trust revoke）。</translation>
    </message>
    <message>
        <source>revocation</source>
        <translation>吊销</translation>
    </message>
    <message>
        <source>rotation</source>
        <translation>轮换</translation>
    </message>
    <message>
        <source>By the %1 statement %2, signed by key %3 on %4.</source>
        <translation>依据密钥 %3 于 %4 签署的%1声明 %2。</translation>
    </message>
    <message>
        <source>Choose the key statement file</source>
        <translation>选择密钥声明文件</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n statement(s).</source>
        <translation>
            <numerusform>已导入 %n 条声明。</numerusform>
        </translation>
    </message>
    <message>
        <source>Now trusted: %1.</source>
        <translation>现已受信任：%1。</translation>
    </message>
    <message>
        <source>No longer trusted: %1.</source>
        <translation>不再受信任：%1。</translation>
    </message>
    <message>
        <source>Revoked by a revocation received before: %1 (it cannot be trusted again).</source>
        <translation>已被此前收到的吊销声明吊销：%1（不能再受信任）。</translation>
    </message>
    <message>
        <source>Not trusted yet: %1 (check the fingerprint by phone, then add the key).</source>
        <translation>尚未受信任：%1（请电话核对指纹后添加该密钥）。</translation>
    </message>
    <message>
        <source>No longer trusted with it: %1.</source>
        <translation>一并不再受信任：%1。</translation>
    </message>
    <message>
        <source>Trusted (new key endorsed by %1)</source>
        <translation>已信任（由密钥 %1 背书的新密钥）</translation>
    </message>
    <message>
        <source>Trusted</source>
        <translation>已信任</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <source>Verify a certificate</source>
        <translation>核验证书</translation>
    </message>
    <message>
        <source>Check a certificate offline: open its PDF file, or paste the code a phone read from its QR code (it starts with LRC1:). The signature is checked with the institute&apos;s own keys and the keys of the trusted peer institutes.</source>
        <translation>离线核验证书：打开其 PDF 文件，或粘贴手机从二维码读出的核验码（以 LRC1: 开头）。签名用本机构自己的密钥和已信任的兄弟机构的密钥核验。</translation>
    </message>
    <message>
        <source>Open a certificate PDF ...</source>
        <translation>打开证书 PDF…</translation>
    </message>
    <message>
        <source>Preview the file ...</source>
        <translation>预览该文件…</translation>
    </message>
    <message>
        <source>Scanned code</source>
        <translation>扫描得到的核验码</translation>
    </message>
    <message>
        <source>Check the code</source>
        <translation>核验该码</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>页码</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Certifies</source>
        <translation>证明内容</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>签发机构</translation>
    </message>
    <message>
        <source>Issued on</source>
        <translation>签发日期</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>证书序号</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>What was signed</source>
        <translation>签名内容</translation>
    </message>
    <message>
        <source>Or the scanned code:</source>
        <translation>或扫描得到的核验码：</translation>
    </message>
    <message>
        <source>What was signed (compare each with the paper):</source>
        <translation>签名内容（请与纸面逐项核对）：</translation>
    </message>
    <message>
        <source>Open a certificate</source>
        <translation>打开证书</translation>
    </message>
    <message>
        <source>Verifying %1 ...</source>
        <translation>正在核验 %1…</translation>
    </message>
    <message>
        <source>Paste the code first (it starts with LRC1:).</source>
        <translation>请先粘贴核验码（以 LRC1: 开头）。</translation>
    </message>
    <message>
        <source>A measurement standard: certificate %1, valid until %2</source>
        <translation>计量标准：考核证书 %1，有效期至 %2</translation>
    </message>
    <message>
        <source>Capability statement: %1 standards, %2 authorised items</source>
        <translation>能力声明：计量标准 %1 项，授权项目 %2 项</translation>
    </message>
    <message>
        <source>The standard&apos;s certificate expired on %1.</source>
        <translation>该计量标准的考核证书已于 %1 到期。</translation>
    </message>
    <message>
        <source>The record in this database has not changed since issue.</source>
        <translation>本机数据库中的对应记录自签发以来未变更。</translation>
    </message>
    <message>
        <source>The record in this database changed after issue: the certificate shows it as it was then.</source>
        <translation>本机数据库中的对应记录在签发后已变更：证书反映的是签发时的内容。</translation>
    </message>
    <message>
        <source>This database no longer holds the record.</source>
        <translation>本机数据库中已没有该记录。</translation>
    </message>
    <message>
        <source>The QR code on the page matches the embedded code.</source>
        <translation>页面上的二维码与内嵌核验码一致。</translation>
    </message>
    <message>
        <source>The page states every signed fact.</source>
        <translation>证书页面写明了全部签名内容。</translation>
    </message>
    <message>
        <source>No certificate found.</source>
        <translation>没有找到证书。</translation>
    </message>
    <message numerus="yes">
        <source>Genuine: %n certificate(s) verified.</source>
        <translation>
            <numerusform>真实有效：%n 份证书通过核验。</numerusform>
        </translation>
    </message>
    <message>
        <source>Read the notes: a certificate has expired.</source>
        <translation>请看说明：有证书已过期。</translation>
    </message>
    <message>
        <source>Not verified (%1): %2</source>
        <translation>未通过核验（%1）：%2</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n certificate(s) not verified; the first: %2</source>
        <translation>
            <numerusform>%n 份证书中有 %1 份未通过核验；第一份：%2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VerifyPage</name>
    <message>
        <source>Is the bundle genuine?</source>
        <translation>数据包是否真实？</translation>
    </message>
    <message>
        <source>Compare the fingerprint by phone</source>
        <translation>通过电话核对指纹</translation>
    </message>
    <message>
        <source>Fingerprint they read to you</source>
        <translation>对方念给您的指纹</translation>
    </message>
    <message>
        <source>Trust this key</source>
        <translation>信任此密钥</translation>
    </message>
    <message>
        <source>Type the fingerprint they read to you:</source>
        <translation>输入对方念给您的指纹：</translation>
    </message>
    <message>
        <source>Import it anyway; its records are marked as out of date</source>
        <translation>仍然导入；其记录将标记为过期</translation>
    </message>
    <message>
        <source>Checking the signature ...</source>
        <translation>正在核验签名…</translation>
    </message>
    <message>
        <source>The check was cancelled</source>
        <translation>核验已取消</translation>
    </message>
    <message>
        <source>Go back and choose Next to check the bundle again.</source>
        <translation>请返回上一步，再点“下一步”重新核验。</translation>
    </message>
    <message>
        <source>From: %1
Bundle No. %2, issued %3, valid until %4.
It holds %5.</source>
        <translation>发出机构：%1
第 %2 号数据包，签发于 %3，有效期至 %4。
包含%5。</translation>
    </message>
    <message>
        <source>✓ Genuine: signed with a key you trust, and unchanged since.</source>
        <translation>✓ 真实：由您信任的密钥签名，且签名后未被修改。</translation>
    </message>
    <message>
        <source>The sender has changed its key since you trusted it; the old key endorsed the new one.</source>
        <translation>对方在您信任之后更换了密钥；新密钥已由旧密钥背书。</translation>
    </message>
    <message>
        <source>Its key was not checked by phone here: the regional coordinator %1 (%2), whom you trust, endorsed it until %3.</source>
        <translation>本机未电话核对其密钥：您信任的区域协调机构 %1（%2）为它背书，有效期至 %3。</translation>
    </message>
    <message>
        <source>The bundle has expired; its records will be marked as out of date.</source>
        <translation>数据包已过期；其记录将标记为过期。</translation>
    </message>
    <message>
        <source>The sender&apos;s key is not trusted yet</source>
        <translation>尚未信任发出机构的密钥</translation>
    </message>
    <message>
        <source>Call %1 on a phone number you already know (not one from this file or its e-mail). Ask them to open LabRegistry, Data exchange, Own key, and read out their fingerprint. It must be exactly this one:</source>
        <translation>请用您原本就知道的电话号码（不要用本文件或其邮件中的号码）联系“%1”，请对方打开 LabRegistry 的“数据交换 → 本机构密钥”，念出其指纹。它必须与下面的指纹完全一致：</translation>
    </message>
    <message>
        <source>The bundle has expired</source>
        <translation>数据包已过期</translation>
    </message>
    <message>
        <source>It was valid until %1, so its data may be out of date. Ask the sender for a newer bundle, or import it anyway: its records will then be marked as out of date.</source>
        <translation>该数据包的有效期至 %1，其中的数据可能已经过时。请向对方索取新的数据包，或仍然导入：其记录将标记为过期。</translation>
    </message>
    <message>
        <source>This bundle was imported already</source>
        <translation>该数据包已经导入过</translation>
    </message>
    <message>
        <source>There is nothing to import again: its records are in your registry as it sent them. Nothing was changed.</source>
        <translation>无需再次导入：其记录已按对方发出的样子在本库中。本库未做任何更改。</translation>
    </message>
    <message>
        <source>✗ This bundle was written by a newer LabRegistry</source>
        <translation>✗ 此数据包由更新版本的 LabRegistry 写出</translation>
    </message>
    <message>
        <source>Nothing was changed in your registry. Install a newer LabRegistry to import it.</source>
        <translation>您的登记数据没有任何改变。请安装更新版本的 LabRegistry 后再导入。</translation>
    </message>
    <message>
        <source>✗ This bundle cannot be imported</source>
        <translation>✗ 此数据包不能导入</translation>
    </message>
    <message>
        <source>Nothing was changed in your registry. Ask the sender for a new copy of the bundle.</source>
        <translation>您的登记数据没有任何改变。请向发出机构重新索取数据包。</translation>
    </message>
    <message>
        <source>✓ The fingerprints match.</source>
        <translation>✓ 指纹一致。</translation>
    </message>
    <message>
        <source>✗ The fingerprints differ. Do not trust this key: the file may not come from the sender.</source>
        <translation>✗ 指纹不一致。请勿信任此密钥：该文件可能并非来自对方。</translation>
    </message>
</context>
<context>
    <name>WholeLedgerValues</name>
    <message>
        <source>Values for the whole ledger (fields it has no column for):</source>
        <translation>整本台账统一取值（台账中没有这些列）：</translation>
    </message>
</context>
</TS>
