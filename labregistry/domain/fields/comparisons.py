"""An interlaboratory comparison or proficiency test and its participants' results.

Declared here for the bundle's two comparison sheets (format 4; the outside pilot's two columns
at the end of the comparisons sheet, format 5); comparisons are not a ledger
kind nor edited in the record editor (they come from the pilot's results table), so the
family is not one of :data:`labregistry.domain.fields.FAMILIES`."""

from __future__ import annotations

from labregistry.domain.choices import COMPARISON_CRITERIA, COMPARISON_KINDS, VERDICTS
from labregistry.domain.fields import common as c
from labregistry.domain.fields.model import Family, Field, RecordType, SheetColumn

COMPARISON = RecordType(
    "comparison",
    (
        c.uid(),
        Field("kind", "choice", label=("类型", "kind"), max_length=12, required=True, choices=COMPARISON_KINDS,
              sheet=SheetColumn("类型", "Kind", 12)),
        Field("scheme_no", label=("比对编号", "scheme number"), max_length=100, required=True,
              sheet=SheetColumn("比对/计划编号", "Scheme No.", 22)),
        Field("name", label=("比对名称", "name"), max_length=200, required=True,
              sheet=SheetColumn("名称", "Name", 30)),
        Field("organiser", label=("组织机构", "organiser"), max_length=200, sheet=SheetColumn("组织机构", "Organiser", 24)),
        Field("measurand", label=("被测量", "measurand"), max_length=200, required=True,
              sheet=SheetColumn("被测量/参数", "Measurand", 20)),
        Field("unit", label=("单位", "unit"), max_length=40, sheet=SheetColumn("单位", "Unit", 8)),
        Field("artefact", label=("传递标准", "transfer standard"), max_length=200,
              sheet=SheetColumn("传递标准/样品", "Artefact", 24)),
        Field("started_on", "date", label=("开始日期", "start date"), sheet=SheetColumn("开始日期", "Start", 12)),
        Field("ended_on", "date", label=("结束日期", "end date"), sheet=SheetColumn("结束日期", "End", 12)),
        Field("report_on", "date", label=("报告日期", "report date"), sheet=SheetColumn("报告日期", "Report date", 12)),
        Field("criterion", "choice", label=("评价方法", "criterion"), max_length=2, required=True, choices=COMPARISON_CRITERIA,
              sheet=SheetColumn("评价方法", "Criterion", 10)),
        Field("reference_value", "float", label=("参考值", "reference value"),
              sheet=SheetColumn("参考值/指定值", "Reference value", 16)),
        Field("reference_uncertainty", "float", label=("参考值扩展不确定度", "U of the reference value"),
              sheet=SheetColumn("参考值U", "Reference U", 12)),
        Field("sigma_pt", "float", label=("能力评定标准差", "σ for proficiency assessment"),
              sheet=SheetColumn("能力评定标准差", "σ_pt", 12)),
        # format 5: a pilot outside the registry, the issuer then a participant that recorded the
        # published table (empty: the issuer is the pilot)
        Field("pilot_name", label=("库外主导实验室", "pilot outside the registry"), max_length=200,
              sheet=SheetColumn("库外主导实验室", "Outside pilot", 24)),
        Field("pilot_code", label=("主导实验室代码", "pilot's code"), max_length=40,
              sheet=SheetColumn("主导实验室代码", "Pilot code", 18)),
    ),
    sheet_name="比对 Comparisons",
)

COMPARISON_RESULT = RecordType(
    "comparison_result",
    (
        c.link("comparison_uid", "比对记录标识", "Comparison record ID"),
        c.position(),
        Field("lab_code", label=("实验室代码", "lab code"), max_length=20, sheet=SheetColumn("实验室代码", "Lab code", 10)),
        Field("institute_uscc", label=("统一社会信用代码", "USCC"), max_length=18,
              sheet=SheetColumn("统一社会信用代码", "USCC", 22)),
        Field("institute_name", label=("参加实验室", "participant"), max_length=200, required=True,
              sheet=SheetColumn("参加实验室", "Participant", 28)),
        Field("value", "float", label=("测得值", "result"), required=True, sheet=SheetColumn("测得值", "Result", 14)),
        Field("uncertainty", "float", label=("扩展不确定度", "expanded uncertainty"),
              sheet=SheetColumn("扩展不确定度U", "U", 12)),
        Field("coverage_k", "float", label=("包含因子", "coverage factor"), sheet=SheetColumn("k", "k", 6)),
        Field("score", "float", label=("En值/z比分数", "En / z"), required=True, sheet=SheetColumn("En/z", "En/z", 8)),
        Field("verdict", "choice", label=("结论", "verdict"), max_length=14, required=True, choices=VERDICTS,
              sheet=SheetColumn("结论", "Verdict", 10)),
        Field("standard_certificate_no", label=("计量标准证书编号", "standard's certificate no."), max_length=100,
              sheet=SheetColumn("计量标准证书编号", "Standard certificate No.", 26)),
        Field("parameter", label=("参数", "parameter"), max_length=200, sheet=SheetColumn("测量能力参数", "Parameter", 16)),
    ),
    sheet_name="比对结果 Comparison results",
    list_name="results",
    list_label=("比对结果", "comparison result"),
    list_plural="comparison results",
)

COMPARISONS = Family("comparisons", COMPARISON, (COMPARISON_RESULT,))
