"""A measurement standard (计量标准), its instruments (主标准器及配套设备) and its services (开展项目)."""

from __future__ import annotations

from labregistry.domain.choices import DISCIPLINE_CHOICES, GRADES, INSTRUMENT_ROLES, SERVICE_KINDS, STATUSES
from labregistry.domain.fields import common as c
from labregistry.domain.fields import spellings as sp
from labregistry.domain.fields.model import EditorHint, Family, Field, LedgerColumn, RecordType, SheetColumn
from labregistry.domain.quantities import QUANTITY_NAMES

_OPTIONAL_VALID = ("可不填（默认有效）。", "Optional (default valid).")

STANDARD = RecordType(
    "standard",
    (
        c.uid(),
        Field(
            "certificate_no", label=c.CERTIFICATE_NO, max_length=100, required=True,
            sheet=SheetColumn("考核证书编号", "Certificate No.", 28),
            ledger=LedgerColumn(
                "证书编号", "Certificate No.",
                ("考核证书号", "考核证书编号", "证书号", "证书号码", "计量标准考核证书编号", "计量标准考核证书号",
                 "标准考核证书编号", "标准考核证书号", "考核证号", "标准证书号", "标准证书编号", "计量标准证书编号",
                 "计量标准证书号", "certificate number", "cert no", "assessment certificate no"),
                example="[2023]沪量标证字第0123号", width=26,
                help_zh="计量标准考核证书编号；再次导入时按本机构的证书编号匹配已有记录",
                help_en="number of the assessment certificate; a re-import matches records of the own institute by it",
            ),
            editor=EditorHint(),
        ),
        Field(
            "name", label=c.NAME, max_length=200, required=True,
            sheet=SheetColumn("计量标准名称", "Name", 30),
            ledger=LedgerColumn(
                "计量标准名称", "Standard name",
                ("标准名称", "名称", "计量标准", "标准装置名称", "装置名称", "计量标准装置名称", "企事业最高计量标准器具名称", "name",
                 "measurement standard", "standard"),
                example="精密压力表标准装置", width=24,
            ),
            editor=EditorHint(),
        ),
        Field(
            "code", "code", label=("计量标准代码", "standard code"), max_length=8, required=True, source="code.code",
            sheet=SheetColumn("计量标准代码", "Code"),
            ledger=LedgerColumn(
                "计量标准代码", "Standard code",
                ("标准代码", "代码", "分类代码", "分类编码", "计量标准分类代码", "计量标准编码", "标准编码", "code"),
                example="12113100", width=12,
                help_zh="JJF 1022-2014 规定的 8 位代码，如 12113100（请将单元格设为文本，保留开头的 0）",
                help_en="8-digit code of JJF 1022-2014, e.g. 12113100 (format the cell as text to keep leading zeros)",
            ),
            editor=EditorHint(),
        ),
        Field(
            "code_temporary", "bool", default=False, origin="derived", source="code.temporary", derived_from="code",
            sheet=SheetColumn("临时代码", "Temporary code"),
        ),
        Field(
            "discipline", "choice", label=("学科", "discipline"), choices=DISCIPLINE_CHOICES, origin="check",
            ledger=LedgerColumn(
                "学科", "Discipline", ("学科类别", "一级学科", "专业类别", "学科专业", "所属计量专业"), example="12 力学", width=12,
                help_zh="可不填；填写时须与计量标准代码的前两位一致。",
                help_en="Optional; when given it must agree with the first two digits of the code.",
            ),
        ),
        Field(
            "grade", "choice", label=("计量标准类别", "category of standard"), max_length=20, required=True,
            choices=GRADES, sheet=SheetColumn("等级类别", "Grade"),
            ledger=LedgerColumn(
                "计量标准类别", "Category",
                ("标准类别", "类别", "标准级别", "计量标准性质", "标准性质", "建标类别", "计量标准等级", "grade",
                 "category of standard"),
                example="社会公用计量标准", width=20,
            ),
            editor=EditorHint(),
        ),
        Field(
            "certificate_authority", label=("发证机关", "issuing authority"), max_length=200,
            sheet=SheetColumn("发证机关", "Authority", 24),
            ledger=LedgerColumn(
                "发证机关", "Issuing authority",
                ("发证单位", "发证部门", "考核单位", "主持考核单位", "组织考核单位", "考核机关", "authority"),
                example="上海市市场监督管理局", width=20,
            ),
            editor=EditorHint(),
        ),
        Field(
            "issued_on", "date", label=c.ISSUED_ON, sheet=c.ISSUED_ON_SHEET,
            ledger=LedgerColumn(
                "发证日期", "Date of issue", sp.ISSUED_ON + ("考核日期",), example="2023-05-31", width=12,
                help_zh="如 2025-03-01、2025/3/1、2025年3月1日", help_en="e.g. 2025-03-01, 2025/3/1, 2025年3月1日",
            ),
            editor=EditorHint(),
        ),
        Field(
            "valid_until", "date", label=c.VALID_UNTIL, required=True, sheet=c.VALID_UNTIL_SHEET,
            ledger=LedgerColumn(
                "有效期至", "Valid until", sp.VALID_UNTIL + ("计量标准考核证书有效期",), example="2027-05-30", width=12,
                help_zh="考核证书有效期的最后一天", help_en="last day of validity of the certificate",
            ),
            editor=EditorHint(),
        ),
        Field(
            "range_text", label=c.RANGE_TEXT, max_length=300, required=True, source="range.text",
            sheet=SheetColumn("测量范围", "Range", 24),
            ledger=LedgerColumn(
                "测量范围", "Measurement range", sp.RANGE + ("测量参数及范围",), example="(0~60)MPa", width=18,
                help_zh="如 (0~60)MPa、0.1mV～1000V、10Hz-1GHz", help_en='e.g. "(0~60)MPa", "0.1mV～1000V", "10Hz-1GHz"',
            ),
            editor=EditorHint(),
        ),
        Field(
            # typed: the quantity expected (checked against the range's unit); stored: the range's
            "quantity", label=("被测量", "quantity"), max_length=40, source="range.quantity", derived_from="range_text",
            sheet=SheetColumn("量", "Quantity"),
            ledger=LedgerColumn(
                "被测量", "Quantity", ("测量参量", "参量", "measurand"), example="压力", width=10,
                help_zh="可不填；填写时用于核对测量范围的单位，如 压力、电压、温度",
                help_en="optional; when given the range's unit is checked against it, e.g. pressure, voltage",
            ),
            editor=EditorHint(widget="choice", choices=QUANTITY_NAMES, editable=True),
        ),
        *c.range_bounds(),
        Field("unit", label=("单位", "unit"), max_length=40, origin="derived", source="range.unit",
              derived_from="range_text", sheet=SheetColumn("SI单位", "SI unit")),
        Field(
            "accuracy_text", label=c.ACCURACY_TEXT, max_length=300, required=True, source="accuracy.text",
            sheet=SheetColumn("不确定度/准确度等级/最大允许误差", "Accuracy", 28),
            ledger=LedgerColumn(
                "不确定度/准确度等级/最大允许误差", "Uncertainty / accuracy class / MPE", sp.ACCURACY,
                example="0.05级", width=24,
                help_zh="三者选一：U=0.02%, k=2；Urel=1×10⁻⁶ (k=2)；0.05级；MPE: ±0.1%",
                help_en='one of: "U=0.02%, k=2", "Urel=1×10⁻⁶ (k=2)", "0.05级", "MPE: ±0.1%"',
            ),
            editor=EditorHint(),
        ),
        Field("accuracy_kind", max_length=12, origin="derived", source="accuracy.kind",
              derived_from="accuracy_text", sheet=SheetColumn("准确度表示", "Accuracy kind")),
        Field("accuracy_value", "float", origin="derived", source="accuracy.value", derived_from="accuracy_text",
              sheet=SheetColumn("准确度数值", "Accuracy value")),
        Field("accuracy_relative", "bool", origin="derived", source="accuracy.relative",
              derived_from="accuracy_text", sheet=SheetColumn("相对值", "Relative")),
        Field("accuracy_k", "float", origin="derived", source="accuracy.k", derived_from="accuracy_text",
              sheet=SheetColumn("包含因子k", "Coverage factor k")),
        Field("accuracy_class", max_length=20, origin="derived", source="accuracy.accuracy_class",
              derived_from="accuracy_text", sheet=SheetColumn("准确度等级", "Accuracy class")),
        Field(
            "responsible_person", label=("计量标准负责人", "person responsible"), max_length=100,
            sheet=SheetColumn("计量标准负责人", "Responsible person"),
            ledger=LedgerColumn(
                "计量标准负责人", "Person responsible",
                ("负责人", "标准负责人", "项目负责人", "responsible person", "responsible"), example="王质量", width=12,
            ),
            editor=EditorHint(widget="person"),
        ),
        Field(
            "operators", label=("检定或校准人员", "operators"), max_length=300,
            sheet=SheetColumn("检定或校准人员", "Operators"),
            ledger=LedgerColumn(
                "检定或校准人员", "Operators",
                ("检定人员", "校准人员", "检定/校准人员", "操作人员", "检定员", "operators"), example="李检定、张校准",
                width=16,
            ),
            editor=EditorHint(widget="people"),
        ),
        Field(
            "environment", label=("环境条件", "environmental conditions"),
            sheet=SheetColumn("环境条件", "Environment"),
            ledger=LedgerColumn(
                "环境条件", "Environment", ("environmental conditions",), example="温度(20±2)℃，相对湿度≤85%", width=18,
            ),
            editor=EditorHint(widget="multiline"),
        ),
        Field(
            "status", "choice", label=c.STATUS, max_length=12, default="valid", choices=STATUSES,
            sheet=SheetColumn("状态", "Status"),
            ledger=LedgerColumn(
                "状态", "Status", sp.STATUS + ("标准状态",), example="有效", width=8,
                help_zh=_OPTIONAL_VALID[0], help_en=_OPTIONAL_VALID[1],
            ),
            editor=EditorHint(),
        ),
        Field(
            "notes", label=c.NOTES, sheet=SheetColumn("备注", "Notes"),
            ledger=LedgerColumn("备注", "Notes", ("说明", "remarks", "notes", "remark"), width=16),
            editor=EditorHint(widget="multiline"),
        ),
    ),
    sheet_name="计量标准 Standards",
)

INSTRUMENT = RecordType(
    "instrument",
    (
        c.link("standard_uid", "计量标准记录标识", "Standard record ID"),
        c.position(),
        Field(
            "role", "choice", label=("类别", "role"), max_length=10, default="main", choices=INSTRUMENT_ROLES,
            sheet=SheetColumn("类别", "Role"),
            ledger=LedgerColumn(
                "主标准器/配套设备", "Instrument role",
                ("设备类别", "设备类型", "器具类别", "标准器类别", "主标准器或配套设备", "主/配", "设备用途", "role",
                 "instrument role"),
                example="主标准器", width=12, help_zh="可不填（默认主标准器）。", help_en="Optional (default main).",
            ),
            editor=EditorHint(width=110),
        ),
        Field(
            "name", label=("设备名称", "name"), max_length=200, required=True, sheet=SheetColumn("名称", "Name", 24),
            ledger=LedgerColumn(
                "设备名称", "Instrument name",
                ("主标准器名称", "标准器名称", "仪器名称", "器具名称", "主标准器及配套设备", "主标准器", "标准器",
                 "主要配套设备", "配套设备名称", "标准器及配套设备名称", "主标准器及配套设备名称", "计量标准器",
                 "计量标准器名称", "主标准器名称型号", "instrument", "equipment"),
                example="精密数字压力计", width=18,
                help_zh="一个计量标准有多台设备时，每台一行：后续行的计量标准各列留空或合并单元格",
                help_en="one row per instrument: on the following rows leave the standard's own cells empty "
                "or merged",
            ),
            editor=EditorHint(width=160),
        ),
        Field(
            "model", label=("型号", "model"), max_length=100, sheet=SheetColumn("型号规格", "Model"),
            ledger=LedgerColumn("型号", "Model", ("规格型号", "型号规格", "型号/规格", "规格", "model", "type"),
                                example="CPG2500", width=12),
            editor=EditorHint(width=90),
        ),
        Field(
            "serial_no", label=("出厂编号", "serial number"), max_length=100, sheet=SheetColumn("出厂编号", "Serial No."),
            ledger=LedgerColumn(
                "出厂编号", "Serial No.", ("设备编号", "序列号", "器号", "仪器编号", "出厂号", "制造厂及出厂编号",
                                           "serial number", "serial"),
                example="2019-0457", width=12,
            ),
            editor=EditorHint(width=100),
        ),
        Field("range_text", max_length=300, sheet=SheetColumn("测量范围", "Range"), editor=EditorHint(width=130)),
        Field("accuracy_text", max_length=300, sheet=SheetColumn("准确度", "Accuracy"), editor=EditorHint(width=130)),
        Field(
            "traced_to_uscc", label=("溯源机构统一社会信用代码", "traced to (USCC)"), max_length=18,
            sheet=SheetColumn("溯源机构信用代码", "Traced to (USCC)", 22),
            ledger=LedgerColumn("溯源机构统一社会信用代码", "Traced to (USCC)",
                                ("溯源机构代码", "检定机构代码", "溯源机构信用代码", "traced to uscc"), width=20),
            editor=EditorHint(width=160),
        ),
        Field(
            "traced_to_name", label=("溯源机构名称", "traced to"), max_length=200,
            sheet=SheetColumn("溯源机构", "Traced to", 28),
            ledger=LedgerColumn(
                "溯源机构", "Traced to",
                ("溯源单位", "检定机构", "校准机构", "检定/校准机构", "检定或校准机构", "检定单位", "校准单位",
                 "检定/校准单位", "溯源机构名称", "检定或校准机构及证书号", "主标准器溯源机构", "calibrated by"),
                example="中国计量科学研究院", width=18,
            ),
            editor=EditorHint(width=170),
        ),
        Field(
            "calibration_cert_no", label=("检定/校准证书编号", "calibration certificate number"), max_length=100,
            sheet=SheetColumn("检定/校准证书号", "Calibration certificate", 22),
            ledger=LedgerColumn(
                "检定/校准证书编号", "Calibration certificate No.",
                ("检定证书编号", "校准证书编号", "检定证书号", "校准证书号", "检定/校准证书号", "溯源证书编号",
                 "溯源证书号", "检定或校准证书编号", "标准器证书编号", "标准器证书号", "主标准器证书编号",
                 "主标准器证书号", "设备证书编号", "calibration certificate"),
                example="LSzj2024-01234", width=18,
            ),
            editor=EditorHint(width=130),
        ),
        Field(
            "calibration_due", "date", label=("检定/校准有效期至", "calibration due"),
            sheet=SheetColumn("有效期至", "Due", 14),
            ledger=LedgerColumn(
                "检定/校准有效期至", "Calibration due",
                ("检定有效期", "校准有效期", "检定有效期至", "校准有效期至", "溯源有效期", "溯源有效期至",
                 "下次检定日期", "下次校准日期", "检定/校准有效期", "复校日期", "检定到期日", "校准到期日",
                 "主标准器有效期", "主标准器有效期至", "标准器有效期", "标准器有效期至", "设备有效期",
                 "due date", "next calibration"),
                example="2025-06-30", width=14,
            ),
            editor=EditorHint(width=110),
        ),
    ),
    sheet_name="标准器及配套设备 Instruments",
    list_name="instruments",
    list_label=("主标准器及配套设备", "instrument"),
    list_plural="main instruments and ancillary equipment",
    editor_order=("role", "name", "model", "serial_no", "range_text", "accuracy_text", "traced_to_name",
                  "traced_to_uscc", "calibration_cert_no", "calibration_due"),
)

SERVICE = RecordType(
    "service",
    (
        c.link("standard_uid", "计量标准记录标识", "Standard record ID"),
        c.position(),
        Field(
            "name", label=("项目名称", "name"), max_length=200, required=True,
            sheet=SheetColumn("检定或校准项目", "Item", 30),
            ledger=LedgerColumn(
                "开展的检定或校准项目", "Verification or calibration item",
                ("开展的检定/校准项目", "检定/校准项目", "检定或校准项目", "开展项目", "开展的项目", "检定项目",
                 "校准项目", "检定校准项目", "service"),
                example="弹簧管式精密压力表检定", width=22,
                help_zh="一个计量标准开展多个项目时，每个项目一行（与设备可在同一行）",
                help_en="one row per item (it may share a row with an instrument)",
            ),
            editor=EditorHint(width=260),
        ),
        Field(
            "procedure", label=c.PROCEDURE, max_length=100, source="procedure.text",
            sheet=SheetColumn("依据规程规范", "Procedure", 22),
            ledger=LedgerColumn("依据的规程/规范", "Procedure", sp.PROCEDURE, example="JJG 49-2013", width=16,
                                help_zh="如 JJG 52-2013、JJF 1059.1-2012", help_en="e.g. JJG 52-2013, JJF 1059.1-2012"),
            editor=EditorHint(width=170),
        ),
        Field(
            "kind", "choice", label=("检定/校准", "verification or calibration"), max_length=14,
            default="calibration", choices=SERVICE_KINDS, sheet=SheetColumn("类别", "Kind"),
            ledger=LedgerColumn("检定/校准", "Service kind", ("检定或校准", "项目类别", "服务类型", "service kind"),
                                example="检定", width=10, help_zh="可不填（默认校准）。",
                                help_en="Optional (default calibration)."),
            editor=EditorHint(width=110),
        ),
    ),
    sheet_name="开展项目 Services",
    list_name="services",
    list_label=("开展的检定或校准项目", "service"),
    list_plural="verification and calibration services",
)

def _error_term(name: str, source: str) -> Field:
    """A term of the accuracy's error model (docs/comparison.md), derived from its text."""
    return Field(name, "float", origin="derived", source=source, derived_from="accuracy_text")


CAPABILITY = RecordType(
    "capability",
    (
        c.link("standard_uid", "计量标准记录标识", "Standard record ID"),
        c.position(),
        Field(
            "parameter", label=("参数", "parameter"), max_length=200, sheet=SheetColumn("参数", "Parameter", 24),
            editor=EditorHint(width=150),
            ledger=LedgerColumn(
                "被测参数", "Parameter",
                ("参数", "测量参数", "参数名称", "校准参数", "检定参数", "测量项目", "项目", "参数/项目",
                 "parameter", "measured parameter"),
                example="表压", width=12,
                help_zh="可不填。一个计量标准有多个参数时，每个参数一行（后续行的计量标准各列留空或合并单元格），"
                "或在一格中用“；”或换行分隔，如“直流电压 (0~1000)V；交流电压 (0~750)V”，准确度一格中按同样顺序写",
                help_en="optional. A standard with several parameters: one row per parameter (leave the standard's "
                "own cells empty or merged on the following rows), or several in one cell separated by ';' or a "
                "line break, e.g. '直流电压 (0~1000)V; 交流电压 (0~750)V', with the accuracies in the same order",
            ),
        ),
        Field("range_text", label=c.RANGE_TEXT, max_length=300, required=True, source="range.text",
              sheet=SheetColumn("测量范围", "Range", 24), editor=EditorHint(width=140)),
        Field("quantity", label=("被测量", "quantity"), max_length=40, source="range.quantity",
              derived_from="range_text", sheet=SheetColumn("量", "Quantity")),
        *c.range_bounds(),
        Field("unit", label=("单位", "unit"), max_length=40, origin="derived", source="range.unit",
              derived_from="range_text", sheet=SheetColumn("SI单位", "SI unit")),
        Field("accuracy_text", label=c.ACCURACY_TEXT, max_length=300, required=True, source="accuracy.text",
              sheet=SheetColumn("不确定度/准确度等级/最大允许误差", "Accuracy", 28), editor=EditorHint(width=200)),
        Field("accuracy_kind", max_length=12, origin="derived", source="accuracy.kind", derived_from="accuracy_text"),
        Field("accuracy_value", "float", origin="derived", source="accuracy.value", derived_from="accuracy_text"),
        Field("accuracy_relative", "bool", origin="derived", source="accuracy.relative",
              derived_from="accuracy_text"),
        Field("accuracy_k", "float", origin="derived", source="accuracy.k", derived_from="accuracy_text"),
        Field("accuracy_class", max_length=20, origin="derived", source="accuracy.accuracy_class",
              derived_from="accuracy_text"),
        Field("accuracy_basis", max_length=12, origin="derived", source="error.basis", derived_from="accuracy_text"),
        _error_term("error_constant", "error.constant"),
        _error_term("error_of_reading", "error.of_reading"),
        _error_term("error_of_span", "error.of_span"),
        Field("conditions", label=("条件", "conditions"), max_length=300, sheet=SheetColumn("条件", "Conditions", 20),
              editor=EditorHint(width=150)),
    ),
    sheet_name="测量能力 Capabilities",
    list_name="capabilities",
    list_label=("测量能力", "capability"),
    list_plural="capabilities",
    editor_order=("parameter", "range_text", "accuracy_text", "conditions"),
)
"""A capability row (CMC): one parameter of the standard with its own range and accuracy.

A standard has at least one: its own range and accuracy when no row is given. The error
terms are the accuracy read as ``a + b·|x| + c·span`` (None when not comparable), so that
search compares rows in SQL the way :mod:`labregistry.domain.comparison` does. A bundle
(format 3 on) carries the rows as typed with their range in SI units, not the accuracy's
derived figures nor the error terms: a receiver derives those itself from the text."""

STANDARDS = Family(
    "standards",
    STANDARD,
    (INSTRUMENT, SERVICE, CAPABILITY),
    ledger_order=(
        "certificate_no", "name", "code", "discipline", "grade", "capabilities.parameter", "range_text", "accuracy_text", "quantity",
        "certificate_authority", "issued_on", "valid_until", "responsible_person", "operators", "environment",
        "status", "instruments.role", "instruments.name", "instruments.model", "instruments.serial_no",
        "instruments.traced_to_name", "instruments.traced_to_uscc", "instruments.calibration_cert_no",
        "instruments.calibration_due", "services.name", "services.procedure", "services.kind", "notes",
    ),
    editor_groups=(
        ("certificate", ("name", "code", "grade", "status", "certificate_no", "certificate_authority", "issued_on",
                         "valid_until")),
        ("capability", ("quantity", "range_text", "accuracy_text")),
        ("people", ("responsible_person", "operators", "environment", "notes")),
    ),
)
