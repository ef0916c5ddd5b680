<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <source>LabRegistry</source>
        <translation>LabRegistry 计量资源登记</translation>
    </message>
    <message>
        <source>The registry database cannot be opened.</source>
        <translation>无法打开登记数据库。</translation>
    </message>
    <message>
        <source>Check the data folder (--home or LABREGISTRY_HOME) and the database address (--db or LABREGISTRY_DB), then start LabRegistry again.</source>
        <translation>请检查数据文件夹（--home 或 LABREGISTRY_HOME）和数据库地址（--db 或 LABREGISTRY_DB），然后重新启动 LabRegistry。</translation>
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
    <name>Errors</name>
    <message>
        <source>LabRegistry</source>
        <translation>LabRegistry 计量资源登记</translation>
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
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Search the standards, authorisations and staff of every institute in the region, and follow traceability chains. Coming in a later version.</source>
        <translation>查询长三角区域内各机构的计量标准、计量授权和人员，并追溯量值溯源链。将在后续版本中提供。</translation>
    </message>
    <message>
        <source>Export the own institute&apos;s records as a signed bundle, and verify and import the bundles of other institutes. Coming in a later version.</source>
        <translation>将本单位的记录导出为带签名的数据包，并验证、导入其他机构的数据包。将在后续版本中提供。</translation>
    </message>
    <message>
        <source>Print capability certificates with a QR code that can be checked offline. Coming in a later version.</source>
        <translation>打印带二维码、可离线核验的能力证明。将在后续版本中提供。</translation>
    </message>
    <message>
        <source>LabRegistry</source>
        <translation>LabRegistry 计量资源登记</translation>
    </message>
    <message>
        <source>Data folder: %1    Database: %2</source>
        <translation>数据文件夹：%1    数据库：%2</translation>
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
    <message numerus="yes">
        <source>Expiring within %n day(s)</source>
        <translation>
            <numerusform>%n 天内到期</numerusform>
        </translation>
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
        <source>No own institute yet</source>
        <translation>尚未创建本单位</translation>
    </message>
    <message>
        <source>Create it with: labregistry init --name NAME --uscc CODE --province P --city CITY</source>
        <translation>请先创建本单位：labregistry init --name 名称 --uscc 统一社会信用代码 --province 省份 --city 城市</translation>
    </message>
    <message>
        <source>USCC %1 · %2 %3</source>
        <translation>统一社会信用代码 %1 · %2 %3</translation>
    </message>
    <message numerus="yes">
        <source>%Ln institute(s) in the region, including the own</source>
        <translation>
            <numerusform>区域内共 %Ln 家机构（含本单位）</numerusform>
        </translation>
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
</context>
<context>
    <name>RecordTableModel</name>
    <message>
        <source>(deleted)</source>
        <translation>（已删除）</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
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
</context>
<context>
    <name>RecordsPage</name>
    <message numerus="yes">
        <source>Expiring within %n day(s)</source>
        <translation>
            <numerusform>%n 天内到期</numerusform>
        </translation>
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
    <message numerus="yes">
        <source>%Ln record(s)</source>
        <translation>
            <numerusform>共 %Ln 条</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>界面语言</translation>
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
</TS>
