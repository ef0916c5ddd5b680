"""The fixed lists users choose from: a stable key with its Chinese and English labels.

The enumerations (GRADES, STATUSES, AUTH_FORMS, CREDENTIAL_KINDS, PROVINCES ...) map a
stable key to its Chinese and English labels; the UI and the Excel templates use them
for drop-downs, and :meth:`Choices.parse` accepts the key, either label, or a usual
short form. They live apart from :mod:`labregistry.domain.records` so that the field
registry (:mod:`labregistry.domain.fields`), which names a field's choices, can be read
by the records module without a cycle.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from labregistry import i18n
from labregistry.domain.codes import DISCIPLINES
from labregistry.domain.text import normalise


class Choices(Mapping[str, tuple[str, str]]):
    """An enumeration: key -> (Chinese label, English label), in display order."""

    def __init__(self, items: dict[str, tuple[str, str]], aliases: dict[str, str] | None = None) -> None:
        self._items = dict(items)
        self._lookup: dict[str, str] = {}
        for key, (zh, en) in self._items.items():
            for spelling in (key, zh, en):
                self._lookup[self._fold(spelling)] = key
        for spelling, key in (aliases or {}).items():
            self._lookup[self._fold(spelling)] = key

    @staticmethod
    def _fold(text: str) -> str:
        return "".join(normalise(text).lower().split())

    def __getitem__(self, key: str) -> tuple[str, str]:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def parse(self, value: object) -> str | None:
        """The key for a key, a label in either language or an alias; None if unknown."""
        if value is None:
            return None
        return self._lookup.get(self._fold(str(value)))

    def label(self, key: str) -> i18n.Label:
        """The key's label in both languages (KeyError for none of the choices): the edge
        renders it in the user's language, a document in its own (issue 17)."""
        return i18n.Label(*self._items[key])

    def named(self, key: str) -> i18n.Label | str:
        """The key's label in both languages, for a message the edges render (the key itself
        when it is none of the choices)."""
        if key not in self._items:
            return key
        return i18n.Label(*self._items[key])

    def labels(self) -> list[i18n.Label]:
        """Every choice's label in both languages, in display order (a drop-down's items, a
        message's list of what is allowed: ``[label.zh for label in choices.labels()]``)."""
        return [self.label(key) for key in self._items]


GRADES = Choices(
    {
        "public": ("社会公用计量标准", "public measurement standard"),
        "department": ("部门最高计量标准", "highest standard of a department"),
        "enterprise": ("企事业单位最高计量标准", "highest standard of an enterprise or institution"),
    },
    {
        "社会公用": "public",
        "公用": "public",
        "部门最高": "department",
        "企事业最高": "enterprise",
        "企事业单位最高": "enterprise",
        "企业最高": "enterprise",
        "企事业最高计量标准": "enterprise",
    },
)

STATUSES = Choices(
    {
        "valid": ("有效", "valid"),
        "suspended": ("暂停", "suspended"),
        "revoked": ("撤销", "revoked"),
        "expired": ("过期", "expired"),
    },
    {
        "正常": "valid",
        "在用": "valid",
        "停用": "suspended",
        "暂停使用": "suspended",
        "注销": "revoked",
        "已撤销": "revoked",
        "失效": "expired",
        "已过期": "expired",
        "超期": "expired",
    },
)

STAFF_STATUSES = Choices(
    {
        "active": ("在职", "active"),
        "left": ("离职", "left"),
        "retired": ("退休", "retired"),
    },
    {"在岗": "active", "调离": "left", "已离职": "left", "已退休": "retired"},
)

# Metrology Law implementing rules (计量法实施细则), art. 30: the four forms of authorisation.
AUTH_FORMS = Choices(
    {
        "legal_verification": (
            "授权为法定计量检定机构",
            "authorised as a legal metrology verification institution",
        ),
        "public_standard": (
            "授权建立社会公用计量标准",
            "authorised to establish public measurement standards",
        ),
        "internal": ("授权本单位执行强制检定", "authorised for compulsory verification within the body"),
        "special": ("授权承担其他检定、测试任务", "authorised for other verification or testing tasks"),
    },
    {
        "法定计量检定机构授权": "legal_verification",
        "法定计量检定机构": "legal_verification",
        "法定": "legal_verification",
        "建立社会公用计量标准": "public_standard",
        "社会公用计量标准": "public_standard",
        "社会公用": "public_standard",
        "内部强制检定": "internal",
        "本单位内部强制检定": "internal",
        "强制检定": "internal",
        "专项授权": "special",
        "专项计量授权": "special",
        "专项": "special",
    },
)

CREDENTIAL_KINDS = Choices(
    {
        "registered_1": ("一级注册计量师", "registered metrologist, level 1"),
        "registered_2": ("二级注册计量师", "registered metrologist, level 2"),
        "verifier": ("计量检定员证", "verifier certificate"),
        "item_cert": ("计量专业项目考核合格证明", "certificate of competence for metrology items"),
    },
    {
        "一级": "registered_1",
        "一级注册": "registered_1",
        "二级": "registered_2",
        "二级注册": "registered_2",
        "检定员": "verifier",
        "检定员证": "verifier",
        "计量检定员": "verifier",
        "项目考核合格证明": "item_cert",
        "考核合格证明": "item_cert",
        "计量专业项目考核合格证明书": "item_cert",
    },
)

# A registered metrologist's level, as staff ledgers record it (注册计量师级别 一级/二级): keyed by
# the credential kind it implies.
LEVELS = Choices(
    {"registered_1": ("一级", "level 1"), "registered_2": ("二级", "level 2")},
    {"1级": "registered_1", "2级": "registered_2", "1": "registered_1", "2": "registered_2",
     "一级注册计量师": "registered_1", "二级注册计量师": "registered_2", "一级注册": "registered_1",
     "二级注册": "registered_2", "i级": "registered_1", "ii级": "registered_2"},
)

REGISTRATIONS = Choices(
    {
        "initial": ("初始注册", "initial registration"),
        "renewal": ("延续注册", "renewal"),
        "change": ("变更注册", "change of registration"),
    },
    {"初始": "initial", "首次注册": "initial", "延续": "renewal", "变更": "change"},
)

PROVINCES = Choices(
    {
        "上海": ("上海", "Shanghai"),
        "江苏": ("江苏", "Jiangsu"),
        "浙江": ("浙江", "Zhejiang"),
        "安徽": ("安徽", "Anhui"),
    },
    {
        "SH": "上海",
        "上海市": "上海",
        "沪": "上海",
        "JS": "江苏",
        "江苏省": "江苏",
        "苏": "江苏",
        "ZJ": "浙江",
        "浙江省": "浙江",
        "浙": "浙江",
        "AH": "安徽",
        "安徽省": "安徽",
        "皖": "安徽",
    },
)

DESIGNATION_KINDS = Choices(
    {
        "industry_centre": ("产业计量测试中心", "industry metrology test centre"),
        "committee": ("区域计量技术委员会", "regional metrology technical committee"),
    },
    {
        "国家产业计量测试中心": "industry_centre",
        "省级产业计量测试中心": "industry_centre",
        "industry centre": "industry_centre",
        "计量技术委员会": "committee",
        "技术委员会": "committee",
        "区域计量技术委员会秘书处": "committee",
    },
)
"""Designations by the authorities the region report counts (services.designations)."""

INSTITUTE_KINDS = Choices(
    {
        "legal": ("法定计量检定机构", "legal metrology verification institution"),
        "authorised": ("授权的专业/区域计量检定机构", "authorised specialised or regional institution"),
        "enterprise": ("企事业单位", "enterprise or public institution"),
        "other": ("其他", "other"),
    },
    {
        "法定": "legal",
        "授权": "authorised",
        "授权机构": "authorised",
        "企业": "enterprise",
        "事业单位": "enterprise",
    },
)

INSTRUMENT_ROLES = Choices(
    {"main": ("主标准器", "main standard instrument"), "ancillary": ("配套设备", "ancillary equipment")},
    {"主标准": "main", "标准器": "main", "配套": "ancillary", "辅助设备": "ancillary"},
)

SERVICE_KINDS = Choices(
    {
        "verification": ("检定", "verification"),
        "calibration": ("校准", "calibration"),
        "test": ("检测", "test"),
    },
    {"测试": "test"},
)

# JJF 1022-2014's level-1 disciplines, as a ledger's optional check column ("12 力学").
DISCIPLINE_CHOICES = Choices(
    {code: names for code, names in DISCIPLINES.items()},
    {f"{code} {zh}": code for code, (zh, _en) in DISCIPLINES.items()},
)

# An interlaboratory comparison's kind, the criterion its results are judged by and a result's
# verdict (labregistry.interlab.criteria judges; docs/comparisons.md). Declared here, below the
# field registry, so that a comparison's change is said in words (类型 计量比对 → 能力验证), as
# every other choice is; the keys are what the bundle and the database hold.
COMPARISON_KINDS = Choices(
    {"comparison": ("计量比对", "interlaboratory comparison"), "proficiency": ("能力验证", "proficiency test")},
    {"比对": "comparison", "实验室间比对": "comparison", "测量审核": "proficiency", "能力验证计划": "proficiency"},
)

COMPARISON_CRITERIA = Choices({"en": ("En值", "En"), "z": ("z比分数", "z score")})

VERDICTS = Choices(
    {"satisfactory": ("满意", "satisfactory"), "questionable": ("可疑", "questionable"),
     "unsatisfactory": ("不满意", "unsatisfactory")},
    {"通过": "satisfactory", "合格": "satisfactory", "有问题": "questionable", "不通过": "unsatisfactory",
     "不合格": "unsatisfactory"},
)
