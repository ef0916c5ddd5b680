"""Ledger header spellings shared by several fields (a date of issue, a range, a procedure ...).

They are the spellings found in real ledgers (计量标准台账, 授权项目表, 人员台账) in Chinese
and English; each field adds its own (``_ISSUED_ON + ("考核日期",)``).
"""

from __future__ import annotations

VALID_UNTIL = (
    "有效期", "有效期至", "证书有效期", "证书有效期至", "有效日期", "有效期限", "有效期限至", "到期日期",
    "到期日", "到期时间", "截止日期", "有效截止日期", "失效日期", "valid until", "expiry date", "expiry",
    "expires", "valid to", "expiration date",
)
ISSUED_ON = (
    "发证日期", "颁发日期", "发证时间", "签发日期", "批准日期", "取证日期", "取证时间", "date of issue",
    "issued on", "issue date", "issued",
)
RANGE = ("测量范围", "量程", "测量范围/量程", "范围", "测量区间", "measurement range", "range")
ACCURACY = (
    "不确定度", "准确度等级", "最大允许误差", "准确度", "测量不确定度", "扩展不确定度", "精度", "精度等级",
    "不确定度/准确度等级/最大允许误差", "不确定度或准确度等级或最大允许误差", "准确度等级/最大允许误差",
    "准确度等级或最大允许误差", "不确定度/准确度等级", "不确定度或准确度等级", "不确定度/最大允许误差",
    "测量不确定度/准确度等级/最大允许误差", "uncertainty", "accuracy", "accuracy class", "mpe",
    "maximum permissible error", "uncertainty / accuracy class / mpe",
)
PROCEDURE = (
    "依据的规程", "依据的规程/规范", "检定规程", "校准规范", "检定规程/校准规范", "规程/规范", "依据",
    "技术依据", "依据的技术文件", "检定依据", "校准依据", "规程规范", "依据的检定规程或校准规范", "依据的检定规程",
    "依据的校准规范", "依据规程", "依据规范", "依据的规程规范", "procedure",
    "regulation", "method",
)
STATUS = ("状态", "使用状态", "证书状态", "status")
