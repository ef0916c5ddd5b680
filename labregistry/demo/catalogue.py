"""What the demo generator draws from: standard templates, authorised items, people.

Everything here is plain, immutable data, written the way a Yangtze River Delta metrology
institute writes its ledgers: standard names as on the 计量标准考核证书, ranges and
accuracies as typed ("(0~60)MPa", "U=0.05℃, k=2", "0.02级", "MPE: ±0.1%", "二等"),
instruments with real makes and models, and verification regulations (JJG) and
calibration specifications (JJF) that exist, with their current edition.

About the standard codes (docs/standard-codes.md tells the search in full): they follow
JJF 1022-2014 《计量标准命名与分类编码》: eight digits, four levels of two, padded with 0, the
eighteen level-1 disciplines, catch-all entries 90/91 below which provinces give temporary
codes. That much is verified from the standard's own text (its "计量标准分类及编码原则", quoted
at http://ynkmjykj.com/jichuzhishi/409245.html, agreeing with the project's domain brief), and so
is one full code: 01219000 其他线纹类计量标准 (level 2 "21" of 几何量 is 线纹, the class of
钢卷尺). The code table itself (附录) was not found in any public repository or page the
search tools reach, so every level 2-4 code of the templates below is **representative**, not
the standard's: ``CODE_STATUS`` says so code by code. They are demo data; do not copy them
into a real assessment application.

Private data is never generated: no ID numbers, no phone numbers, no home addresses.
"""

from __future__ import annotations

from dataclasses import dataclass


# --------------------------------------------------------------------------------------
# Provinces and authorities
# --------------------------------------------------------------------------------------

#: province -> (abbreviation on certificates, provincial market regulation bureau)
PROVINCE_INFO: dict[str, tuple[str, str]] = {
    "上海": ("沪", "上海市市场监督管理局"),
    "江苏": ("苏", "江苏省市场监督管理局"),
    "浙江": ("浙", "浙江省市场监督管理局"),
    "安徽": ("皖", "安徽省市场监督管理局"),
}
NATIONAL_AUTHORITY = "国家市场监督管理总局"


# --------------------------------------------------------------------------------------
# Upstream institutes (traceability)
# --------------------------------------------------------------------------------------


#: The provincial (or East China) institute that is the usual upper link in each province.
PROVINCIAL_UPSTREAM: dict[str, str] = {"上海": "simt", "江苏": "jsim", "浙江": "zjim", "安徽": "ahim"}


# --------------------------------------------------------------------------------------
# Measurement standard templates
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InstrumentTemplate:
    """A main standard instrument or ancillary equipment.

    ``models``: "make model" strings as written in the ledger. ``serial``: a pattern where
    ``#`` is a digit and ``@`` a capital letter. ``level``: who usually calibrates it:
    ``national`` (NIM / East China), ``regional`` (the provincial institute) or ``own``
    (the institute's own higher standard will do).
    """

    name: str
    models: tuple[str, ...]
    range_text: str | None
    accuracy_text: str | None
    level: str = "regional"
    serial: str = "#######"
    period_years: int = 1


@dataclass(frozen=True)
class ServiceTemplate:
    name: str
    procedure: str

    @property
    def kind(self) -> str:
        return "verification" if self.procedure.startswith("JJG") else "calibration"


@dataclass(frozen=True)
class StandardTemplate:
    """One kind of measurement standard (计量标准) an institute holds.

    ``variants``: (range text, accuracy text, name prefix) as the certificate says.
    ``quantity``: what the range measures (passed to the range parser as a hint).
    ``weight``: how common the standard is among institutes of the region.
    """

    code: str
    name: str
    quantity: str | None
    variants: tuple[tuple[str, str, str], ...]
    main: tuple[InstrumentTemplate, ...]
    ancillary: tuple[InstrumentTemplate, ...]
    services: tuple[ServiceTemplate, ...]
    environment: str = "温度：(20±5)℃；相对湿度：≤85%RH"
    weight: int = 2

    @property
    def discipline(self) -> str:
        return self.code[:2]


def _i(name: str, models: tuple[str, ...] | str, rng: str | None = None, acc: str | None = None,
       level: str = "regional", serial: str = "#######", period: int = 1) -> InstrumentTemplate:
    return InstrumentTemplate(name, (models,) if isinstance(models, str) else models, rng, acc, level,
                              serial, period)


def _s(*pairs: tuple[str, str]) -> tuple[ServiceTemplate, ...]:
    return tuple(ServiceTemplate(n, p) for n, p in pairs)


_LAB = "温度：(20±2)℃；相对湿度：(45~75)%RH"
_LAB1 = "温度：(20±1)℃；相对湿度：(40~60)%RH"
_ROOM = "温度：(20±5)℃；相对湿度：≤85%RH"
_FIELD = "温度：(-10~40)℃；相对湿度：≤85%RH（现场）"

# Shared instruments
_FLUKE_5522A = _i("多功能校准器", "Fluke 5522A", "DCV: 0~1020V", "MPE: ±(0.0011%+2μV)", "national", "#######")
_FLUKE_5730A = _i("高准确度多功能校准器", "Fluke 5730A", "DCV: 0~1100V", "Urel=3.5×10⁻⁶ (k=2)", "national")
_KEYSIGHT_3458A = _i("八位半数字多用表", "Keysight 3458A", "DCV: 10mV~1000V", "Urel=8×10⁻⁶ (k=2)", "national",
                     "MY########")
_KEYSIGHT_34470A = _i("七位半数字多用表", "Keysight 34470A", "DCV: 100mV~1000V", "MPE: ±(0.0016%+0.0003%)",
                      "regional", "MY########")
_KEYSIGHT_53230A = _i("通用计数器", "Keysight 53230A", "1mHz~350MHz", "Urel=1×10⁻⁹ (k=2)", "regional",
                      "MY########")
_RB_CLOCK = _i("铷原子频率标准", ("SRS FS725", "Microchip 8040C"), "10MHz", "Urel=5×10⁻¹¹ (k=2)", "national",
               "######")
_THERMO_HYGRO = _i("温湿度计", ("Testo 608-H1", "Vaisala HM40"), "(-10~50)℃", "MPE: ±0.5℃",
                   "own", "########")
_BAROMETER = _i("数字气压计", "Vaisala PTB330", "(500~1100)hPa", "MPE: ±0.15hPa", "regional", "@#######")
_STOPWATCH = _i("电子秒表", "天福 PC396", "(0~10)h", "MPE: ±0.5s/d", "own", "######")
_INSULATION = _i("绝缘电阻表", "Fluke 1508", "(0.01~10000)MΩ", "MPE: ±(1.5%+5)", "own", "########")
_PC = _i("数据采集与处理软件及计算机", "Lenovo ThinkCentre M920t", None, None, "own", "@@########")

TEMPLATES: tuple[StandardTemplate, ...] = (
    # ---------------------------------------------------------------- 01 几何量
    StandardTemplate(
        "01113100", "量块标准装置", "length",
        (("(0.5~100)mm", "三等", "三等"), ("(0.5~100)mm", "四等", "四等"), ("(125~500)mm", "四等", "四等")),
        (_i("标准量块", ("成量 83块组", "哈量 83块组", "Mitutoyo 516-940"), "(0.5~100)mm", "三等", "national",
            "######"),
         _i("量块比较仪", ("TESA UPC", "Mahr 826 E"), "(0.5~100)mm", "MPE: ±0.05μm", "national", "#######")),
        (_i("电感测微仪", "Mahr Millimar C1216", "±200μm", "MPE: ±0.3μm", "regional"), _THERMO_HYGRO),
        _s(("量块", "JJG 146-2011"), ("通用卡尺", "JJG 30-2012"), ("千分尺", "JJG 21-2008")),
        _LAB1, 3,
    ),
    StandardTemplate(
        "01213200", "钢卷尺标准装置", "length",
        (("(0~50)m", "MPE: ±0.1mm", ""), ("(0~100)m", "U=0.1mm, k=2", "")),
        (_i("标准钢卷尺", "哈量 50m 一级", "(0~50)m", "MPE: ±(0.1+0.1L)mm", "regional", "######"),
         _i("钢卷尺检定台", "JCJ-50 型", "(0~50)m", "MPE: ±0.1mm", "regional", "######")),
        (_i("读数显微镜", "JC-10", "(0~8)mm", "MPE: ±0.01mm", "own"), _THERMO_HYGRO),
        _s(("钢卷尺", "JJG 4-2015"), ("钢直尺", "JJG 1-1999")),
        _ROOM, 3,
    ),
    StandardTemplate(
        "01313300", "全站仪检定装置", "length",
        (("(0~1500)m", "U=1.2mm, k=2", ""), ("(0~2000)m", "U=1.5mm, k=2", "")),
        (_i("标准基线", "六段解析法基线场", "(0~1500)m", "U=0.5mm, k=2", "national", "JX-####"),
         _i("测量机器人", ("Leica TM50", "Trimble S9"), "(1.5~3500)m", "MPE: ±(0.6mm+1×10⁻⁶D)", "national",
            "#######")),
        (_i("气象仪（温度、气压）", "Kestrel 5500", "(-29~70)℃", "MPE: ±0.5℃", "regional"),
         _i("平行光管", "F550 型", None, "MPE: ±1″", "regional")),
        _s(("全站型电子速测仪", "JJG 100-2003"), ("光电测距仪", "JJG 703-2003"), ("光学经纬仪", "JJG 414-2011")),
        _FIELD, 1,
    ),
    StandardTemplate(
        "01413400", "坐标测量机校准装置", "length",
        (("(0~1000)mm", "U=(0.3+L/1000)μm, k=2", ""), ("(0~600)mm", "U=0.5μm, k=2", "")),
        (_i("标准量块（长量块）", "Mitutoyo 516-562", "(125~1000)mm", "二等", "national", "######"),
         _i("步距规", ("KOBA step 620mm", "KOBA step 1020mm"), "(0~1020)mm", "U=(0.2+0.5L)μm, k=2", "national",
            "######")),
        (_i("标准球", "Zeiss φ25mm", None, "U=0.1μm, k=2", "national", "#####"), _THERMO_HYGRO),
        _s(("坐标测量机", "JJF 1064-2010"),),
        _LAB1, 1,
    ),
    # ---------------------------------------------------------------- 04 热学
    StandardTemplate(
        "04113500", "二等铂电阻温度计标准装置", "temperature",
        (("(-60~420)℃", "U=0.03℃, k=2", ""), ("(0~419.527)℃", "U=0.02℃, k=2", ""),
         ("(-40~300)℃", "二等", "")),
        (_i("二等标准铂电阻温度计", ("云南大方 WZPB-2", "Fluke 5615"), "(-60~420)℃", "二等", "regional", "####"),
         _i("精密测温电桥", ("Fluke 1594A", "Fluke 1595A"), "(0~400)Ω", "Urel=1×10⁻⁶ (k=2)", "national",
            "#######")),
        (_i("恒温油槽", "Fluke 6330", "(35~300)℃", "MPE: ±0.01℃", "own", "@#####"),
         _i("低温恒温槽", ("Fluke 7380", "Fluke 7080"), "(-80~110)℃", "MPE: ±0.01℃", "own", "@#####"),
         _i("多路数据采集器", "Keysight 34970A", "DCV: 100mV~300V", "MPE: ±0.004%", "regional", "MY########")),
        _s(("工业铂、铜热电阻", "JJG 229-2010"), ("工作用玻璃液体温度计", "JJG 130-2011"),
           ("温度巡回检测仪", "JJF 1171-2007"), ("数字温度指示调节仪", "JJG 617-1996")),
        _LAB, 6,
    ),
    StandardTemplate(
        "04113700", "工作用玻璃液体温度计标准装置", "temperature",
        (("(-30~300)℃", "二等", ""), ("(-60~300)℃", "U=0.08℃, k=2", ""), ("(0~100)℃", "MPE: ±0.1℃", "")),
        (_i("二等标准水银温度计", ("武强红旗 成套14支", "红光 成套13支"), "(-30~300)℃", "二等", "own", "##-####"),),
        (_i("恒温水槽", "华中 HWS-100", "(5~95)℃", "MPE: ±0.01℃", "own", "########"),
         _i("恒温油槽", "华中 HYS-300", "(90~300)℃", "MPE: ±0.02℃", "own", "########"),
         _i("读数望远镜", "WDS-1", None, None, "own", "####")),
        _s(("工作用玻璃液体温度计", "JJG 130-2011"), ("双金属温度计", "JJG 226-2001")),
        _LAB, 6,
    ),
    StandardTemplate(
        "04213600", "工作用廉金属热电偶检定装置", "temperature",
        (("(300~1200)℃", "二等", ""), ("(300~1100)℃", "U=1.2℃, k=2", "")),
        (_i("二等标准铂铑10-铂热电偶", "S型 二等", "(300~1200)℃", "二等", "regional", "####"),
         _i("纳伏表", "Keysight 34420A", "1mV~100V", "MPE: ±(0.005%+0.0004%)", "regional", "MY########")),
        (_i("热电偶检定炉", "KRJ-1200", "(300~1200)℃", None, "own", "#####"),
         _i("多路转换开关", "ZKX-16", None, None, "own", "#####"),
         _i("恒温冰点槽", "ICE-1", "0℃", "MPE: ±0.02℃", "own", "#####")),
        _s(("工作用廉金属热电偶", "JJG 351-1996"), ("工作用贵金属热电偶", "JJG 141-2013")),
        _LAB, 4,
    ),
    StandardTemplate(
        "04313800", "环境试验设备温度、湿度校准装置", "temperature",
        (("(-70~200)℃", "U=0.3℃, k=2", ""), ("(-40~150)℃", "U=0.2℃, k=2", "")),
        (_i("温度巡回检测仪", ("Fluke 1586A", "Yokogawa MW100"), "(-200~600)℃", "MPE: ±0.05℃", "regional",
            "#######"),
         _i("铂电阻温度传感器", "Fluke 5627A", "(-200~420)℃", "U=0.05℃, k=2", "own", "####")),
        (_i("精密露点仪", "MBW 373", "露点温度: (-50~20)℃", "U=0.1℃, k=2", "national", "##-####"),),
        _s(("环境试验设备温度、湿度参数", "JJF 1101-2019"), ("医用冷藏箱温度参数", "JJF 1101-2019")),
        _ROOM, 5,
    ),
    StandardTemplate(
        "04413900", "工作用辐射温度计检定装置", "temperature",
        (("(-30~500)℃", "U=0.6℃, k=2", ""), ("(35~42)℃", "U=0.1℃, k=2", "")),
        (_i("面辐射源", ("Fluke 4181", "Fluke 4180"), "(35~500)℃", "U=0.5℃, k=2", "national", "#######"),
         _i("标准辐射温度计", "Heitronics KT19.85", "(-50~1000)℃", "U=0.3℃, k=2", "national", "####")),
        (_i("腔式黑体辐射源", "HGH DCN1000", "(50~1000)℃", "U=0.8℃, k=2", "regional", "######"), _THERMO_HYGRO),
        _s(("工作用辐射温度计", "JJG 856-2015"), ("红外耳温计", "JJG 1164-2019")),
        _LAB, 3,
    ),
    # ---------------------------------------------------------------- 12 力学
    StandardTemplate(
        "12113100", "活塞式压力计标准装置", "pressure",
        (("(0.04~0.6)MPa", "0.02级", "0.02级"), ("(0.1~6)MPa", "0.02级", "0.02级"),
         ("(1~60)MPa", "0.05级", "0.05级"), ("(0.1~6)MPa", "0.05级", "0.05级")),
        (_i("活塞式压力计", ("西仪 YS-60", "西仪 YS-6", "Fluke P3125", "Fluke P3860"), "(0.1~60)MPa", "0.02级",
            "national", "######"),),
        (_i("专用砝码", "配套砝码（M1）", None, "M1等级", "regional", "######"),
         _i("压力表校验器", "YJY-600", "(0~60)MPa", None, "own", "####"), _THERMO_HYGRO),
        _s(("弹簧管式精密压力表和真空表", "JJG 49-2013"), ("弹性元件式一般压力表、压力真空表和真空表", "JJG 52-2013"),
           ("数字压力计", "JJG 875-2019"), ("压力变送器", "JJG 882-2019")),
        _LAB, 8,
    ),
    StandardTemplate(
        "12113200", "精密压力表标准装置", "pressure",
        (("(-0.1~60)MPa", "0.4级", "0.4级"), ("(0~60)MPa", "0.25级", "0.25级"), ("(-0.1~2.5)MPa", "0.4级", "0.4级")),
        (_i("精密压力表", ("YB-150A 0.4级", "YB-150B 0.25级"), "(0~60)MPa", "0.4级", "own", "#######"),),
        (_i("台式压力校验器", ("ConST 136", "YJY-60"), "(0~60)MPa", None, "own", "######"),
         _i("真空压力校验器", "ZJY-0.1", "(-0.1~0)MPa", None, "own", "####")),
        _s(("弹性元件式一般压力表、压力真空表和真空表", "JJG 52-2013"), ("电接点压力表", "JJG 52-2013"),
           ("轮胎压力表", "JJG 927-2013")),
        _ROOM, 12,
    ),
    StandardTemplate(
        "12113300", "数字压力计标准装置", "pressure",
        (("(-0.1~2.5)MPa", "0.02级", "0.02级"), ("(0~60)MPa", "0.05级", "0.05级"),
         ("(-100~250)kPa", "U=0.01%, k=2", "")),
        (_i("数字压力计", ("ConST 811", "Fluke 2700G", "Additel ADT672", "Druck PACE5000"), "(-0.1~60)MPa",
            "0.02级", "national", "#######"),),
        (_i("压力控制器", ("Druck PACE6000", "ConST 162"), "(-0.1~2.5)MPa", "MPE: ±0.02%FS", "regional", "#######"),
         _i("手操压力泵", ("ConST 136", "Additel ADT927"), "(0~60)MPa", None, "own", "######"), _THERMO_HYGRO),
        _s(("压力变送器", "JJG 882-2019"), ("数字压力计", "JJG 875-2019"),
           ("弹性元件式一般压力表、压力真空表和真空表", "JJG 52-2013")),
        _LAB, 8,
    ),
    StandardTemplate(
        "12213400", "E2等级砝码标准装置", "mass",
        (("(1mg~20kg)", "E2等级", ""), ("(1mg~10kg)", "E2等级", ""), ("(1mg~500g)", "U=0.025mg, k=2", "")),
        (_i("E2等级砝码", ("梅特勒-托利多 1mg~10kg 成套", "赛多利斯 1mg~20kg 成套"), "(1mg~20kg)", "E2等级",
            "national", "#######"),),
        (_i("质量比较仪", ("梅特勒-托利多 XPR26C", "梅特勒-托利多 XP10002S", "赛多利斯 CCE1005"), "(0~10)kg",
            "U=0.003mg, k=2", "regional", "##########"),
         _i("空气密度测量仪", "Klimet A30", "(10~30)℃", "MPE: ±0.1℃", "regional", "#####"),
         _THERMO_HYGRO),
        _s(("砝码", "JJG 99-2022"), ("电子天平", "JJG 1036-2022")),
        _LAB1, 5,
    ),
    StandardTemplate(
        "12213500", "F1等级砝码标准装置", "mass",
        (("(1mg~500kg)", "F1等级", ""), ("(1mg~100kg)", "F1等级", ""), ("(1mg~20kg)", "MPE: ±0.5mg", "")),
        (_i("F1等级砝码", ("上海天平 1mg~20kg 成套", "梅特勒-托利多 1mg~20kg 成套"), "(1mg~20kg)", "F1等级",
            "own", "#######"),
         _i("F1等级砝码", "20kg×25 块", "20kg", "F1等级", "own", "#######")),
        (_i("电子天平", ("梅特勒-托利多 XPR204S", "赛多利斯 BCE224I"), "(0~220)g", "MPE: ±1.5mg", "regional", "##########"),
         _i("电子台秤", "梅特勒-托利多 ICS689", "(0~60)kg", "MPE: ±30g", "own", "##########")),
        _s(("砝码", "JJG 99-2022"), ("数字指示秤", "JJG 539-2016"), ("电子天平", "JJG 1036-2022")),
        _LAB, 6,
    ),
    StandardTemplate(
        "12213600", "电子天平检定装置", "mass",
        (("(1mg~20kg)", "E2等级", ""), ("(1mg~5kg)", "F1等级", "")),
        (_i("E2等级砝码", "梅特勒-托利多 1mg~5kg 成套", "(1mg~5kg)", "E2等级", "national", "#######"),),
        (_i("温湿度计", "Testo 608-H1", "(-10~50)℃", "MPE: ±0.5℃", "own", "########"),),
        _s(("电子天平", "JJG 1036-2022"), ("机械天平", "JJG 98-2019")),
        _LAB, 6,
    ),
    StandardTemplate(
        "12313700", "数字指示秤检定装置", "mass",
        (("(0~3000)kg", "M1等级", ""), ("(0~1000)kg", "M1等级", ""), ("(0~150)t", "M1等级", "")),
        (_i("M1等级砝码", ("20kg×150 块", "1000kg×30 块", "500kg×20 块"), "(1g~1000kg)", "M1等级", "own",
            "#####"),),
        (_i("砝码搬运车", "JZC-3T", None, None, "own", "####"), _STOPWATCH),
        _s(("数字指示秤", "JJG 539-2016"), ("非自动秤", "JJG 555-1996")),
        _FIELD, 7,
    ),
    StandardTemplate(
        "12413800", "燃油加油机检定装置", "volume",
        (("(2~100)L", "MPE: ±0.025%", ""), ("(5~100)L", "二等", "")),
        (_i("二等标准金属量器", ("20L", "50L", "100L"), "(20~100)L", "MPE: ±0.025%", "regional", "######"),),
        (_i("数字温度计", "Testo 735-1", "(-50~400)℃", "MPE: ±0.2℃", "own", "########"),
         _i("秒表", "天福 PC396", "(0~10)h", "MPE: ±0.5s/d", "own", "######")),
        _s(("燃油加油机", "JJG 443-2015"), ("标准金属量器", "JJG 259-2005")),
        _FIELD, 7,
    ),
    StandardTemplate(
        "12513900", "水表检定装置", "volume_flow",
        (("(0.006~60)m³/h", "Urel=0.2% (k=2)", ""), ("(0.01~30)m³/h", "Urel=0.3% (k=2)", "")),
        (_i("标准金属量器", ("二等 100L", "二等 500L"), "(10~500)L", "MPE: ±0.025%", "regional", "######"),
         _i("电磁流量计", ("Krohne OPTIFLUX 4000", "E+H Promag 400"), "(0.1~60)m³/h", "0.2级", "regional",
            "@########")),
        (_i("数字压力计", "ConST 211", "(0~1.6)MPa", "0.05级", "own", "#######"),
         _i("铂电阻温度计", "Testo 735-2", "(-40~300)℃", "MPE: ±0.05℃", "own", "########"), _PC),
        _s(("饮用冷水水表", "JJG 162-2019"), ("电磁流量计", "JJG 1033-2007")),
        _ROOM, 4,
    ),
    StandardTemplate(
        "12514000", "膜式燃气表检定装置", "volume_flow",
        (("(0.016~16)m³/h", "Urel=0.5% (k=2)", ""), ("(0.04~10)m³/h", "Urel=0.3% (k=2)", "")),
        (_i("钟罩式气体流量标准装置", ("2000L", "500L"), "(0.016~16)m³/h", "0.2级", "regional", "####"),),
        (_i("数字压力计", "Druck DPI 104", "(0~20)kPa", "0.05级", "own", "#######"), _THERMO_HYGRO, _BAROMETER),
        _s(("膜式燃气表", "JJG 577-2012"),),
        _LAB, 3,
    ),
    StandardTemplate(
        "12614100", "扭矩扳子检定装置", "torque",
        (("(1~2000)N·m", "0.3级", "0.3级"), ("(0.5~1000)N·m", "0.5级", "0.5级")),
        (_i("扭矩扳子检定仪", ("Norbar TruCheck 2", "Norbar Pro-Test 1500"), "(1~1500)N·m", "0.3级", "regional",
            "#####"),),
        (_i("扭矩传感器", "HBM T22", "(1~1000)N·m", "0.2级", "regional", "######"),),
        _s(("扭矩扳子", "JJG 707-2014"),),
        _ROOM, 3,
    ),
    StandardTemplate(
        "12714200", "材料试验机检定装置", "force",
        (("(0.1~1000)kN", "0.3级", "0.3级"), ("(1~600)kN", "0.3级", "0.3级")),
        (_i("标准测力仪", ("0.3级 10kN", "0.3级 100kN", "0.3级 1000kN"), "(1~1000)kN", "0.3级", "regional",
            "######"),),
        (_i("引伸计标定器", "YJB-25", "(0~25)mm", "MPE: ±0.3μm", "regional", "####"), _STOPWATCH),
        _s(("拉力、压力和万能试验机", "JJG 139-2014"), ("电子式万能试验机", "JJG 475-2008")),
        _ROOM, 4,
    ),
    StandardTemplate(
        "12814300", "工作玻璃浮计检定装置", "density",
        (("(650~2000)kg/m³", "二等", ""), ("(700~1100)kg/m³", "U=0.1kg/m³, k=2", "")),
        (_i("二等标准密度计", "成套 30支", "(650~2000)kg/m³", "二等", "regional", "##-###"),),
        (_i("浮计检定用恒温槽", "HWS-26", "(10~50)℃", "MPE: ±0.1℃", "own", "######"),),
        _s(("工作玻璃浮计", "JJG 42-2011"),),
        _LAB, 2,
    ),
    StandardTemplate(
        "12113400", "血压计检定装置", "pressure",
        (("(0~40)kPa", "0.05级", ""), ("(0~300)mmHg", "MPE: ±0.1kPa", "")),
        (_i("数字压力计", ("Fluke 717 30G", "ConST 211"), "(0~40)kPa", "0.05级", "regional", "#######"),
         _i("无创血压模拟器", ("Fluke BP Pump 2", "Fluke ProSim 8"), "(0~400)mmHg", "MPE: ±0.5mmHg", "regional",
            "#######")),
        (_STOPWATCH,),
        _s(("血压计和血压表", "JJG 270-2008"), ("无创自动测量血压计", "JJG 692-2010")),
        _ROOM, 4,
    ),
    # ---------------------------------------------------------------- 15 电磁学
    StandardTemplate(
        "15113100", "数字多用表检定装置", "voltage",
        (("0.1mV~1000V", "Urel=1.2×10⁻⁵ (k=2)", ""), ("0.1mV~1000V", "MPE: ±0.002%", ""),
         ("1mV~1000V", "U=0.003%, k=2", "")),
        (_FLUKE_5522A, _FLUKE_5730A, _KEYSIGHT_3458A),
        (_KEYSIGHT_34470A, _i("交流电流分流器", "Fluke A40B", "(1mA~100A)", "Urel=5×10⁻⁵ (k=2)", "national",
                             "#######"), _THERMO_HYGRO),
        _s(("数字多用表", "JJF 1587-2016"), ("直流数字电压表", "JJG 315-1983"),
           ("电流表、电压表、功率表及电阻表", "JJG 124-2005"), ("多功能标准源", "JJF 1638-2017")),
        _LAB, 9,
    ),
    StandardTemplate(
        "15213200", "交流电能表检定装置", "current",
        (("(0.01~100)A", "0.05级", "0.05级"), ("(0.05~120)A", "0.1级", "0.1级"), ("(0.01~100)A", "0.02级", "0.02级")),
        (_i("三相标准电能表", ("Radian RD-33", "ZERA COM3003"), "(0.01~120)A", "0.02级", "national",
            "######"),),
        (_i("三相程控功率源", ("ZERA MT3000", "Fluke 6105A"), "(0~120)A", None, "own", "######"), _PC),
        _s(("电子式交流电能表", "JJG 596-2012"), ("交流电能表检定装置", "JJG 597-2005")),
        _LAB, 6,
    ),
    StandardTemplate(
        "15313300", "绝缘电阻表检定装置", "resistance",
        (("1kΩ~10TΩ", "0.5级", ""), ("0.1MΩ~100GΩ", "Urel=0.1% (k=2)", "")),
        (_i("电气安全校准器", ("Fluke 5320A", "Fluke 5322A"), "10kΩ~10GΩ", "MPE: ±0.5%", "regional", "#######"),
         _i("高阻箱", "ZX119", "1kΩ~10TΩ", "0.2级", "regional", "######")),
        (_i("高压数字电压表", "FLUKE 80K-40", "(0~40)kV", "MPE: ±1%", "regional", "########"), _THERMO_HYGRO),
        _s(("绝缘电阻表（兆欧表）", "JJG 622-1997"), ("接地电阻表", "JJG 366-2004"), ("耐电压测试仪", "JJG 795-2016"),
           ("泄漏电流测试仪", "JJG 843-2007")),
        _LAB, 7,
    ),
    StandardTemplate(
        "15413400", "直流电阻标准装置", "resistance",
        (("1mΩ~1MΩ", "0.01级", "0.01级"), ("1Ω~100kΩ", "Urel=5×10⁻⁶ (k=2)", "")),
        (_i("标准电阻", ("BZ3 1Ω", "BZ3 10kΩ", "Fluke 742A-1"), "1mΩ~100kΩ", "Urel=2×10⁻⁶ (k=2)", "national",
            "######"),
         _i("直流比较仪电桥", ("Guildline 6622A", "MI 6010D"), "1mΩ~1MΩ", "Urel=1×10⁻⁶ (k=2)", "national", "#####")),
        (_i("标准电阻恒温油槽", "Guildline 9730", "(20~30)℃", "MPE: ±0.01℃", "own", "#####"),),
        _s(("直流电阻箱", "JJG 982-2003"), ("直流电阻器", "JJG 166-1993")),
        _LAB1, 3,
    ),
    StandardTemplate(
        "15513500", "心电图机检定装置", "voltage",
        (("0.05mV~5mV", "MPE: ±1%", ""), ("0.1mV~5mV", "Urel=0.5% (k=2)", "")),
        (_i("心电图机检定仪", ("Fluke ProSim 8", "Fluke MPS450"), "0.05mV~5mV", "MPE: ±1%", "regional", "#######"),),
        (_i("数字示波器", "Keysight DSOX3024T", "0Hz~200MHz", None, "regional", "MY########"),),
        _s(("心电图机", "JJG 543-2008"), ("心电监护仪", "JJG 760-2003")),
        _ROOM, 3,
    ),
    # ---------------------------------------------------------------- 23 无线电
    StandardTemplate(
        "23113100", "频谱分析仪校准装置", "frequency",
        (("9kHz~26.5GHz", "Urel=1×10⁻⁸ (k=2)", ""), ("9kHz~3.6GHz", "Urel=5×10⁻⁹ (k=2)", "")),
        (_i("模拟信号发生器", ("Keysight E8257D", "R&S SMA100B"), "250kHz~40GHz", "Urel=5×10⁻⁸ (k=2)", "national",
            "MY########"),
         _i("功率计及功率探头", ("Keysight N1914A + N8481A", "R&S NRP18S"), "10MHz~18GHz", "Urel=1.2% (k=2)",
            "national", "MY########")),
        (_KEYSIGHT_53230A, _RB_CLOCK),
        _s(("频谱分析仪", "JJF 1396-2013"), ("信号发生器", "JJF 1931-2021")),
        _LAB, 4,
    ),
    StandardTemplate(
        "23213200", "示波器检定装置", "frequency",
        (("0Hz~6GHz", "Urel=0.25% (k=2)", ""), ("0Hz~1.1GHz", "Urel=0.3% (k=2)", "")),
        (_i("示波器校准器", ("Fluke 9500B + 9530", "Fluke 9500B + 9560"), "0Hz~6.4GHz", "Urel=0.25% (k=2)",
            "national", "#######"),),
        (_FLUKE_5522A,),
        _s(("模拟示波器", "JJG 262-1996"), ("数字存储示波器", "JJF 1057-1998")),
        _LAB, 3,
    ),
    StandardTemplate(
        "23313300", "机动车测速仪检定装置", "velocity",
        (("(20~250)km/h", "U=0.3km/h, k=2", ""), ("(10~300)km/h", "MPE: ±0.2km/h", "")),
        (_i("机动车雷达测速仪检定仪", ("CSY-10", "LS-10A"), "(10~300)km/h", "MPE: ±0.1km/h", "national", "######"),
         _i("GNSS 车载测速测距仪", "Racelogic VBOX 3i", "(0.1~1000)km/h", "MPE: ±0.1km/h", "national", "######")),
        (_KEYSIGHT_53230A,),
        _s(("机动车超速自动监测系统", "JJG 527-2015"), ("移动式机动车测速仪", "JJG 528-2015")),
        _FIELD, 4,
    ),
    # ---------------------------------------------------------------- 25 时间频率
    StandardTemplate(
        "25113100", "频率计数器检定装置", "frequency",
        (("10Hz~1GHz", "Urel=5×10⁻¹⁰ (k=2)", ""), ("1Hz~26.5GHz", "Urel=1×10⁻⁹ (k=2)", "")),
        (_RB_CLOCK, _i("GPS 驯服铷钟", "Symmetricom XLi", "10MHz", "Urel=1×10⁻¹¹ (k=2)", "national", "######")),
        (_i("函数/任意波形发生器", "Keysight 33622A", "1μHz~120MHz", None, "regional", "MY########"),
         _KEYSIGHT_53230A),
        _s(("通用计数器", "JJG 349-2014"), ("电子测量仪器内石英晶体振荡器", "JJG 180-2002"),
           ("石英晶体频率标准", "JJG 181-2005")),
        _LAB, 4,
    ),
    StandardTemplate(
        "25213200", "秒表检定装置", "time",
        (("(0~24)h", "Urel=2×10⁻⁷ (k=2)", ""), ("(0~24)h", "MPE: ±0.01s/d", "")),
        (_i("秒表检定仪", ("MS-6", "SJ-6A"), "(0~24)h", "MPE: ±0.01s/d", "regional", "#####"),),
        (_i("瞬时日差测量仪", "QT-5", "±999s/d", "MPE: ±0.01s/d", "regional", "#####"),),
        _s(("秒表", "JJG 237-2010"), ("瞬时日差测量仪", "JJG 488-2018")),
        _ROOM, 3,
    ),
    StandardTemplate(
        "25313300", "出租汽车计价器检定装置", "length",
        (("(0~100)km", "MPE: ±0.2%", ""), ("(0~9999)km", "U=0.1%, k=2", "")),
        (_i("出租汽车计价器使用误差检定仪", ("JJY-II", "CZJ-3"), "(0~9999)km", "MPE: ±0.1%", "regional", "######"),
         _i("GNSS 车载测速测距仪", "Racelogic VBOX 3i", "(0~9999)km", "MPE: ±0.05%", "national", "######")),
        (_STOPWATCH, _i("钢卷尺", "50m 一级", "(0~50)m", "MPE: ±(0.1+0.1L)mm", "own", "######")),
        _s(("出租汽车计价器", "JJG 517-2016"),),
        _FIELD, 4,
    ),
    # ---------------------------------------------------------------- 28 光学
    StandardTemplate(
        "28113100", "照度计检定装置", "illuminance",
        (("(0.1~20000)lx", "Urel=2.0% (k=2)", ""), ("(1~2000)lx", "Urel=1.5% (k=2)", "")),
        (_i("发光强度标准灯", ("BDQ8", "BDQ10"), "(100~1000)cd", "Urel=1.0% (k=2)", "national", "####"),
         _i("标准照度计", "Konica Minolta T-10A", "(0.01~299900)lx", "Urel=1.5% (k=2)", "national", "########")),
        (_i("光度导轨", "6m 光度导轨", "(0~6)m", "MPE: ±0.5mm", "own", "####"),
         _i("直流稳压稳流电源", "Keysight E36234A", "(0~60)V", None, "own", "MY########")),
        _s(("光照度计", "JJG 245-2005"),),
        "温度：(20±5)℃；相对湿度：≤85%RH；暗室", 3,
    ),
    StandardTemplate(
        "28213200", "焦度计检定装置", None,
        (("(-25~+25)m⁻¹", "U=0.01m⁻¹, k=2", ""), ("(-20~+20)m⁻¹", "U=0.02m⁻¹, k=2", "")),
        (_i("标准镜片", ("顶焦度标准镜片 一套 11片", "验光仪标准模拟眼 一套"), "(-25~+25)m⁻¹", "U=0.01m⁻¹, k=2",
            "national", "####"),),
        (_i("验光镜片箱", "266片", "(-20~+20)m⁻¹", None, "own", "####"),),
        _s(("焦度计", "JJG 580-2005"), ("验光仪", "JJG 892-2011"), ("验光镜片箱", "JJG 579-2010")),
        _ROOM, 4,
    ),
    StandardTemplate(
        "28313300", "光纤光功率计检定装置", "power",
        (("(1nW~10mW)", "Urel=2.5% (k=2)", ""), ("(10nW~1mW)", "Urel=2.0% (k=2)", "")),
        (_i("标准光功率计", ("Keysight N7744C", "EXFO FPM-602"), "(1nW~10mW)", "Urel=1.5% (k=2)", "national",
            "DE########"),),
        (_i("稳定光源", "EXFO FLS-600", "1310nm, 1550nm", None, "own", "######"),
         _i("可调光衰减器", "Keysight N7764C", "(0~45)dB", None, "own", "DE########")),
        _s(("通信用光功率计", "JJG 965-2013"),),
        _LAB, 2,
    ),
    # ---------------------------------------------------------------- 33 声学
    StandardTemplate(
        "33113100", "声级计检定装置", "level",
        (("(20~140)dB", "U=0.3dB, k=2", ""), ("(25~140)dB", "U=0.2dB, k=2", "")),
        (_i("多功能声校准器", "B&K 4226", "(94~114)dB", "U=0.08dB, k=2", "national", "#######"),
         _i("声校准器", ("B&K 4231", "杭州爱华 AWA6021A"), "(94~114)dB", "1级", "national", "#######")),
        (_i("声级计检定系统", ("B&K 3160-A-042", "杭州爱华 AWA6290L"), "20Hz~20kHz", None, "regional", "#######"),
         _i("测量放大器", "B&K 2636", None, None, "regional", "#######"), _BAROMETER, _THERMO_HYGRO),
        _s(("声级计", "JJG 188-2017"), ("声校准器", "JJG 176-2022")),
        "温度：(23±3)℃；相对湿度：(25~70)%RH；背景噪声≤35dB(A)", 4,
    ),
    # ---------------------------------------------------------------- 37 电离辐射
    StandardTemplate(
        "37113100", "辐射防护用X、γ辐射剂量当量（率）仪检定装置", "dose_equivalent_rate",
        (("(0.1μSv/h~10mSv/h)", "Urel=5% (k=2)", ""), ("(1μSv/h~1mSv/h)", "Urel=6% (k=2)", "")),
        (_i("γ参考辐射装置", "¹³⁷Cs 3.7×10¹⁰Bq", "(1μSv/h~10mSv/h)", "Urel=4% (k=2)", "national", "####"),
         _i("标准电离室剂量计", "PTW UNIDOS webline + TM32002", "(0.1μGy/h~1Gy/h)", "Urel=3% (k=2)", "national",
            "######")),
        (_i("激光定位及测距系统", "Leica DISTO D510", "(0.05~200)m", "MPE: ±1mm", "own", "#######"),
         _THERMO_HYGRO, _BAROMETER),
        _s(("便携式X、γ辐射周围剂量当量（率）仪和监测仪", "JJG 393-2018"),),
        _ROOM, 2,
    ),
    StandardTemplate(
        "37213200", "医用诊断X射线辐射源检定装置", "voltage",
        (("(40~150)kV", "Urel=2% (k=2)", ""), ("(50~150)kV", "Urel=1.5% (k=2)", "")),
        (_i("X射线多功能质量检测仪", ("RTI Piranha 657", "RaySafe X2"), "(35~155)kV", "Urel=1.5% (k=2)",
            "national", "CB2-########"),),
        (_i("CT剂量模体", "PMMA φ16cm/φ32cm", None, None, "own", "####"),
         _i("笔形电离室", "RTI CT Dose Profiler", None, "Urel=5% (k=2)", "national", "######")),
        _s(("医用诊断X射线辐射源", "JJG 744-2004"),
           ("医用诊断螺旋计算机断层摄影装置（CT）X射线辐射源", "JJG 961-2017")),
        _FIELD, 2,
    ),
    # ---------------------------------------------------------------- 46 物理化学
    StandardTemplate(
        "46113100", "酸度计检定装置", "ph",
        (("(0~14)pH", "U=0.01pH, k=2", ""), ("(0~14)pH", "0.001级", "")),
        (_i("pH(酸度)计检定仪", ("ZD-2", "PHJ-1"), "(0~14)pH", "0.0006级", "regional", "######"),
         _i("pH标准物质", "一级 pH 标准缓冲物质 6种", "(1.68~12.45)pH", "U=0.01pH, k=2", "national", "######")),
        (_i("恒温水槽", "HWS-12", "(5~50)℃", "MPE: ±0.1℃", "own", "######"),),
        _s(("实验室pH(酸度)计", "JJG 119-2018"),),
        _LAB, 5,
    ),
    StandardTemplate(
        "46113200", "电导率仪检定装置", "conductivity",
        (("(0~100)mS/cm", "Urel=0.25% (k=2)", ""), ("(1μS/cm~100mS/cm)", "Urel=0.5% (k=2)", "")),
        (_i("电导率仪检定仪（交流电阻箱）", "ZX-DDS", "10Ω~10MΩ", "0.05级", "regional", "######"),
         _i("电导率标准物质", "一级 KCl 溶液", "(1.4~111)mS/cm", "Urel=0.25% (k=2)", "national", "######")),
        (_i("恒温水槽", "HWS-12", "(5~50)℃", "MPE: ±0.1℃", "own", "######"),),
        _s(("电导率仪", "JJG 376-2007"),),
        _LAB, 3,
    ),
    StandardTemplate(
        "46213300", "紫外、可见分光光度计检定装置", "length",
        (("(190~1100)nm", "U=0.2nm, k=2", ""), ("(200~900)nm", "U=0.3nm, k=2", "")),
        (_i("光谱中性滤光片", "GBW(E)130066", "(440~635)nm", "U=0.3%, k=2", "national", "####"),
         _i("紫外光谱滤光片（镨钕）", "GBW13301", "(190~900)nm", "U=0.2nm, k=2", "national", "####")),
        (_i("汞灯", "GP-20", None, None, "own", "####"),),
        _s(("紫外、可见、近红外分光光度计", "JJG 178-2007"),),
        _LAB, 3,
    ),
    StandardTemplate(
        "46313400", "气体检测报警器检定装置", "dimensionless",
        (("(0~1000)μmol/mol", "Urel=2% (k=2)", ""), ("(0~5000)μmol/mol", "Urel=1.5% (k=2)", "")),
        (_i("气体标准物质", ("一氧化碳/氮气 GBW(E)061416", "甲烷/空气 GBW(E)061725", "硫化氢/氮气 GBW(E)062181"),
            "(10~5000)μmol/mol", "Urel=1% (k=2)", "national", "######"),
         _i("动态配气仪", ("Environics 4040", "Environics 2020"), "(0.01~100)%", "Urel=1% (k=2)", "regional",
            "####")),
        (_i("质量流量控制器", "Alicat MC-1SLPM", "(0~1)L/min", "MPE: ±0.8%", "regional", "######"), _STOPWATCH),
        _s(("一氧化碳检测报警器", "JJG 915-2008"), ("可燃气体检测报警器", "JJG 693-2011"),
           ("硫化氢气体检测仪", "JJG 695-2019")),
        _LAB, 5,
    ),
    StandardTemplate(
        "46313500", "呼出气体酒精含量检测仪检定装置", "mass_concentration",
        (("(0~2.00)mg/L", "U=0.02mg/L, k=2", ""), ("(0~4.00)mg/L", "Urel=2% (k=2)", "")),
        (_i("呼气酒精模拟器", "Guth 2100", "(0~2.00)mg/L", "U=0.01mg/L, k=2", "regional", "#####"),
         _i("乙醇溶液标准物质", "GBW(E)130259", "(0.1~2.0)mg/mL", "Urel=1% (k=2)", "national", "####")),
        (_i("数字温度计", "Testo 735-1", "(-50~400)℃", "MPE: ±0.05℃", "own", "########"),),
        _s(("呼出气体酒精含量检测仪", "JJG 657-2019"),),
        _LAB, 3,
    ),
    StandardTemplate(
        "46413600", "旋转粘度计检定装置", "dynamic_viscosity",
        (("(1~100000)mPa·s", "Urel=2% (k=2)", ""), ("(10~50000)mPa·s", "Urel=1.5% (k=2)", "")),
        (_i("标准粘度液", "GBW13611~GBW13618", "(1~100000)mPa·s", "Urel=0.5% (k=2)", "national", "####"),),
        (_i("恒温槽", "Brookfield TC-650", "(-20~200)℃", "MPE: ±0.02℃", "own", "######"),),
        _s(("旋转粘度计", "JJG 1002-2005"),),
        _LAB, 2,
    ),
    # ---------------------------------------------------------------- 55 气象
    StandardTemplate(
        "55113100", "温湿度计检定装置", "humidity",
        (("(10~95)%RH", "U=1.5%RH, k=2", ""), ("(15~95)%RH", "U=1.0%RH, k=2", "")),
        (_i("精密露点仪", ("MBW 373", "Michell S8000"), "露点温度: (-50~20)℃", "U=0.1℃, k=2", "national", "##-####"),
         _i("湿度发生器", ("Thunder 2500", "Thunder 2900"), "(10~95)%RH", "U=0.5%RH, k=2", "regional", "#####")),
        (_i("二等标准铂电阻温度计", "云南大方 WZPB-2", "(-60~420)℃", "二等", "own", "####"),),
        _s(("数字式温湿度计", "JJF 1076-2020"), ("机械式温湿度计", "JJG 205-2005")),
        _LAB, 5,
    ),
    # ---------------------------------------------------------------- 61 交通运输
    StandardTemplate(
        "61113100", "机动车前照灯检测仪检定装置", "luminous_intensity",
        (("(0~100000)cd", "Urel=3% (k=2)", ""), ("(5000~80000)cd", "Urel=2.5% (k=2)", "")),
        (_i("前照灯检测仪标准器", ("QDQ-3", "DZF-10"), "(0~100000)cd", "Urel=2% (k=2)", "national", "#####"),),
        (_i("标准照度计", "Konica Minolta T-10A", "(0.01~299900)lx", "Urel=1.5% (k=2)", "national", "########"),),
        _s(("机动车前照灯检测仪", "JJG 745-2016"),),
        _FIELD, 2,
    ),
    StandardTemplate(
        "61213200", "滚筒反力式制动检验台检定装置", "force",
        (("(0~30)kN", "0.3级", "0.3级"), ("(0~50)kN", "0.5级", "0.5级")),
        (_i("标准测力仪", "0.3级 30kN", "(0~30)kN", "0.3级", "regional", "######"),
         _i("杠杆式力标定器", "ZDJ-3", "(0~30)kN", "MPE: ±0.3%", "regional", "####")),
        (_STOPWATCH,),
        _s(("滚筒反力式制动检验台", "JJG 906-2015"), ("滚筒式车速表检验台", "JJG 909-2009")),
        _FIELD, 2,
    ),
    StandardTemplate(
        "61313300", "汽车排放气体测试仪检定装置", "dimensionless",
        (("(0~4000)μmol/mol", "Urel=2% (k=2)", ""), ("(0~2000)μmol/mol", "Urel=2% (k=2)", "")),
        (_i("汽车排放气体标准物质", ("丙烷/一氧化碳/二氧化碳/氮气 四元混合", "一氧化氮/氮气"), "(50~4000)μmol/mol",
            "Urel=2% (k=2)", "national", "######"),),
        (_i("气体流量计", "Alicat M-5SLPM", "(0~5)L/min", "MPE: ±0.8%", "regional", "######"),),
        _s(("汽车排放气体测试仪", "JJG 688-2017"),),
        _ROOM, 2,
    ),
)

#: A few provincial temporary codes (below a catch-all entry), as some ledgers have them.
TEMPORARY_TEMPLATES: tuple[StandardTemplate, ...] = (
    StandardTemplate(
        "12919001", "智能压力控制器校准装置", "pressure",
        (("(-0.1~10)MPa", "U=0.02%, k=2", ""),),
        (_i("数字压力计", ("Fluke 2700G", "ConST 811"), "(-0.1~10)MPa", "0.02级", "national", "#######"),),
        (_THERMO_HYGRO,),
        _s(("压力变送器", "JJG 882-2019"), ("数字压力计", "JJG 875-2019")),
        _LAB, 1,
    ),
    StandardTemplate(
        "15919001", "直流充电桩检定装置", "voltage",
        (("(200~1000)V", "0.05级", ""),),
        (_i("直流充电桩现场检测仪", ("ZY-DCP1", "HDCP-750"), "(200~1000)V", "0.05级", "national",
            "######"),),
        (_i("负载柜", "750V/250A", None, None, "own", "####"), _THERMO_HYGRO),
        _s(("电动汽车非车载充电机", "JJG 1149-2022"),),
        _FIELD, 1,
    ),
)

#: Template code -> (the parameter of its own range's row, further capability rows as
#: "parameter range accuracy" text, as a certificate's list of parameters reads). A
#: multifunction standard holds one row per parameter (CNAS-GL025, issue 18): with these and
#: the other variants' ranges a demo standard has about three rows, and text search meets
#: parameters (直流电压, 交流电压 1kHz ...). Not listed: no parameter, the variants' rows only.
CAPABILITY_PARAMETERS: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "01213200": ("长度", ("示值误差 (0~5)m MPE: ±0.05mm",)),
    "01313300": ("距离", ("角度 (0~360)° U=1.0″, k=2",)),
    "01413400": ("示值误差", ("探测误差 (0~1000)mm U=0.8μm, k=2",)),
    "04213600": ("热电动势", ("参考端温度 (0~50)℃ U=0.1℃, k=2",)),
    "04313800": ("温度", ("相对湿度 (10~95)%RH U=1.5%RH, k=2",)),
    "04413900": ("辐射温度", ("黑体辐射源温度 (50~1000)℃ U=1.5℃, k=2",)),
    "12213600": (None, ("称量 (0~220)g U=0.05mg, k=2",)),
    "12413800": ("体积", ("流量 (5~60)L/min Urel=0.5% (k=2)",)),
    "12513900": ("流量", ("体积 (0~1000)L Urel=0.1% (k=2)",)),
    "12514000": ("流量", ("压力 (0~10)kPa 0.2级",)),
    "12614100": ("扭矩", ("角度 (0~360)° U=0.5°, k=2",)),
    "12714200": ("力值", ("位移 (0~500)mm U=0.01mm, k=2",)),
    "12814300": ("密度", ("温度 (10~40)℃ U=0.1℃, k=2",)),
    "12113400": ("静态压力", ("示值 (0~40)kPa MPE: ±0.1kPa",)),
    "15113100": ("直流电压", ("交流电压 1kHz 1mV~750V Urel=6×10⁻⁵ (k=2)", "直流电流 1μA~10A Urel=5×10⁻⁵ (k=2)")),
    "15213200": ("交流电流", ("交流电压 (57.7~380)V 0.05级",)),
    "15313300": ("绝缘电阻", ("直流电压 (0~10)kV 0.5级",)),
    "15413400": ("直流电阻", ("交流电阻 1kHz 1Ω~100kΩ Urel=2×10⁻⁵ (k=2)",)),
    "15513500": ("直流电压", ("交流电压 10Hz 0.05mV~5mV Urel=1% (k=2)",)),
    "23113100": ("频率", ("功率 1nW~100mW Urel=5% (k=2)",)),
    "23213200": ("带宽", ("直流电压 1mV~100V Urel=0.5% (k=2)",)),
    "23313300": ("速度", ("时间 (0~10)s Urel=1×10⁻⁵ (k=2)",)),
    "25113100": ("频率", ("时间间隔 (0~1000)s Urel=1×10⁻⁹ (k=2)",)),
    "25213200": ("时间", ("频率 1Hz~10MHz Urel=1×10⁻⁸ (k=2)",)),
    "25313300": ("距离", ("时间 (0~24)h Urel=1×10⁻⁵ (k=2)",)),
    "28113100": ("照度", ("色温 (2000~3000)K U=20K, k=2",)),
    "28313300": ("光功率", ("波长 (1260~1650)nm U=0.05nm, k=2",)),
    "33113100": ("声压级", ("频率 (31.5~16000)Hz Urel=0.01% (k=2)",)),
    "37113100": ("剂量当量率", ("能量 (48~1250)keV Urel=5% (k=2)",)),
    "37213200": ("管电压", ("曝光时间 (1~5000)ms Urel=1% (k=2)",)),
    "46113100": ("pH值", ("直流电压 (-2000~2000)mV MPE: ±0.3mV",)),
    "46113200": ("电导率", ("温度 (0~50)℃ U=0.1℃, k=2",)),
    "46213300": ("波长", ("透射比 (0~100)% U=0.3%, k=2",)),
    "46313400": ("示值误差", ("响应时间 (0~60)s U=1s, k=2",)),
    "46313500": ("示值误差", ("重复性 (0~4.00)mg/L U=0.02mg/L, k=2",)),
    "46413600": ("粘度", ("温度 (15~40)℃ U=0.05℃, k=2",)),
    "55113100": ("相对湿度", ("温度 (-20~60)℃ U=0.2℃, k=2",)),
    "61113100": ("发光强度", ("偏移量 (-2~2)° U=0.05°, k=2",)),
    "61213200": ("制动力", ("轮重 (0~30)kN 0.5级",)),
    "61313300": ("浓度", ("流量 (0~10)L/min Urel=2% (k=2)",)),
    "12919001": ("压力", ("电流 (4~20)mA U=0.002mA, k=2",)),
    "15919001": ("直流电压", ("直流电流 (0~250)A 0.1级",)),
}

#: Discipline -> (department, professional items of registered metrologists in it).
DISCIPLINE_DEPARTMENTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "01": ("长度室", ("量块", "通用卡尺", "千分尺", "钢卷尺", "全站仪", "坐标测量机")),
    "04": ("热工室", ("工业铂、铜热电阻", "工作用玻璃液体温度计", "热电偶", "温度巡回检测仪", "环境试验设备", "辐射温度计")),
    "12": ("力学室", ("压力表", "压力变送器", "数字压力计", "砝码", "电子天平", "衡器", "燃油加油机", "水表", "燃气表",
                     "扭矩扳子", "试验机", "血压计")),
    "15": ("电学室", ("数字多用表", "电能表", "绝缘电阻表", "接地电阻表", "耐电压测试仪", "直流电阻箱", "心电图机")),
    "23": ("无线电室", ("频谱分析仪", "信号发生器", "示波器", "机动车测速仪")),
    "25": ("时间频率室", ("通用计数器", "石英晶体频率标准", "秒表", "出租汽车计价器")),
    "28": ("光学室", ("照度计", "焦度计", "验光仪", "光功率计")),
    "33": ("声学室", ("声级计", "声校准器")),
    "37": ("电离辐射室", ("辐射防护仪表", "医用诊断X射线辐射源", "CT")),
    "46": ("化学室", ("酸度计", "电导率仪", "分光光度计", "气体检测报警器", "呼出气体酒精含量检测仪", "粘度计")),
    "55": ("热工室", ("温湿度计", "湿度发生器")),
    "61": ("交通计量室", ("机动车前照灯检测仪", "制动检验台", "汽车排放气体测试仪")),
}

# --------------------------------------------------------------------------------------
# Authorised items (计量授权)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuthItemTemplate:
    name: str
    range_text: str | None
    quantity: str | None
    accuracy_text: str | None
    procedure: str
    legal: bool = True  # a compulsorily verified (强检) working instrument


AUTH_ITEMS: tuple[AuthItemTemplate, ...] = (
    AuthItemTemplate("出租汽车计价器", "(0~9999)km", "length", "MPE: ±1%", "JJG 517-2016"),
    AuthItemTemplate("电子计价秤", "(0~30)kg", "mass", "MPE: ±15g", "JJG 539-2016"),
    AuthItemTemplate("电子汽车衡", "(0~150)t", "mass", "MPE: ±75kg", "JJG 539-2016"),
    AuthItemTemplate("燃油加油机", "(5~60)L/min", "volume_flow", "0.3级", "JJG 443-2015"),
    AuthItemTemplate("血压计和血压表", "(0~40)kPa", "pressure", "MPE: ±0.4kPa", "JJG 270-2008"),
    AuthItemTemplate("无创自动测量血压计", "(0~300)mmHg", "pressure", "MPE: ±0.4kPa", "JJG 692-2010"),
    AuthItemTemplate("弹性元件式一般压力表", "(-0.1~60)MPa", "pressure", "1.6级", "JJG 52-2013"),
    AuthItemTemplate("弹簧管式精密压力表", "(-0.1~60)MPa", "pressure", "0.25级", "JJG 49-2013"),
    AuthItemTemplate("压力变送器", "(-0.1~60)MPa", "pressure", "0.1级", "JJG 882-2019"),
    AuthItemTemplate("电子式交流电能表", "(0.01~100)A", "current", "2级", "JJG 596-2012"),
    AuthItemTemplate("饮用冷水水表", "(0.01~30)m³/h", "volume_flow", "2级", "JJG 162-2019"),
    AuthItemTemplate("膜式燃气表", "(0.016~10)m³/h", "volume_flow", "1.5级", "JJG 577-2012"),
    AuthItemTemplate("声级计", "(30~130)dB", "level", "2级", "JJG 188-2017"),
    AuthItemTemplate("验光仪", "(-20~+20)m⁻¹", None, "MPE: ±0.25m⁻¹", "JJG 892-2011"),
    AuthItemTemplate("焦度计", "(-25~+25)m⁻¹", None, "MPE: ±0.06m⁻¹", "JJG 580-2005"),
    AuthItemTemplate("呼出气体酒精含量检测仪", "(0~2.00)mg/L", "mass_concentration", "MPE: ±0.05mg/L",
                     "JJG 657-2019"),
    AuthItemTemplate("机动车超速自动监测系统", "(20~250)km/h", "velocity", "MPE: ±1km/h", "JJG 527-2015"),
    AuthItemTemplate("移动式机动车测速仪", "(20~250)km/h", "velocity", "MPE: ±1km/h", "JJG 528-2015"),
    AuthItemTemplate("医用诊断X射线辐射源", "(40~150)kV", "voltage", "MPE: ±10%", "JJG 744-2004"),
    AuthItemTemplate("心电图机", "0.05mV~5mV", "voltage", "MPE: ±5%", "JJG 543-2008"),
    AuthItemTemplate("电子天平", "(0~220)g", "mass", "MPE: ±1.5mg", "JJG 1036-2022"),
    AuthItemTemplate("砝码", "(1mg~20kg)", "mass", "F1等级", "JJG 99-2022"),
    AuthItemTemplate("工作用玻璃液体温度计", "(-30~300)℃", "temperature", "MPE: ±1℃", "JJG 130-2011"),
    AuthItemTemplate("实验室pH(酸度)计", "(0~14)pH", "ph", "0.01级", "JJG 119-2018"),
    AuthItemTemplate("一氧化碳检测报警器", "(0~1000)μmol/mol", "dimensionless", "MPE: ±10%", "JJG 915-2008"),
    AuthItemTemplate("可燃气体检测报警器", "(0~100)%LEL", "lel", "MPE: ±5%LEL", "JJG 693-2011"),
    AuthItemTemplate("汽车排放气体测试仪", "(0~4000)μmol/mol", "dimensionless", "MPE: ±5%", "JJG 688-2017"),
    AuthItemTemplate("机动车前照灯检测仪", "(0~100000)cd", "luminous_intensity", "MPE: ±12%", "JJG 745-2016"),
    AuthItemTemplate("滚筒反力式制动检验台", "(0~30)kN", "force", "MPE: ±3%", "JJG 906-2015"),
    AuthItemTemplate("绝缘电阻表（兆欧表）", "1kΩ~10TΩ", "resistance", "10级", "JJG 622-1997"),
    AuthItemTemplate("接地电阻表", "(0~2000)Ω", "resistance", "MPE: ±2%", "JJG 366-2004"),
    AuthItemTemplate("便携式X、γ辐射周围剂量当量（率）仪", "(0.1μSv/h~10mSv/h)", "dose_equivalent_rate", "MPE: ±15%",
                     "JJG 393-2018"),
    AuthItemTemplate("数字多用表", "0.1mV~1000V", "voltage", "MPE: ±0.01%", "JJF 1587-2016", legal=False),
    AuthItemTemplate("数字压力计", "(-0.1~60)MPa", "pressure", "0.05级", "JJG 875-2019", legal=False),
    AuthItemTemplate("工业铂、铜热电阻", "(-200~850)℃", "temperature", "A级", "JJG 229-2010", legal=False),
    AuthItemTemplate("拉力、压力和万能试验机", "(0.1~1000)kN", "force", "1级", "JJG 139-2014", legal=False),
)

#: Authorisation form -> (certificate number infix, Chinese name of the form)
#: form -> (infix of the 计量授权证书 number, name). Every form's number carries 法计: public
#: certificates show "(国)法计(2012)01023号" (legal verification, national; repository
#: ZhouXiaoZhouHonor/electricity, src/main/resources/report/electricity.ftl) and a special
#: authorisation "（京）法计（2012）006号" and "（冀）法计（2014）D033号" (专项计量授权, provincial;
#: a 华北电力科学研究院 report query in a public repository). No public number with another infix
#: was found; docs/standard-codes.md lists the sources.
AUTH_FORMS_ZH: dict[str, tuple[str, str]] = {
    "legal_verification": ("法计", "法定计量检定机构授权"),
    "public_standard": ("法计", "建立社会公用计量标准授权"),
    "internal": ("法计", "本单位内部强制检定授权"),
    "special": ("法计", "专项计量授权"),
}

# --------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------

#: Common surnames with rough frequency weights (most frequent first).
SURNAMES: tuple[tuple[str, int], ...] = (
    ("王", 70), ("李", 70), ("张", 68), ("刘", 53), ("陈", 48), ("杨", 33), ("黄", 23), ("赵", 21), ("吴", 20),
    ("周", 19), ("徐", 16), ("孙", 15), ("马", 14), ("朱", 13), ("胡", 12), ("郭", 11), ("何", 11), ("林", 10),
    ("高", 10), ("罗", 10), ("郑", 9), ("梁", 8), ("谢", 8), ("宋", 7), ("唐", 7), ("许", 7), ("韩", 7),
    ("冯", 6), ("邓", 6), ("曹", 6), ("彭", 6), ("曾", 5), ("肖", 5), ("田", 5), ("董", 5), ("袁", 5),
    ("潘", 5), ("于", 5), ("蒋", 5), ("蔡", 5), ("余", 4), ("杜", 4), ("叶", 4), ("程", 4), ("苏", 4),
    ("魏", 4), ("吕", 4), ("丁", 4), ("任", 4), ("沈", 4), ("姚", 3), ("卢", 3), ("姜", 3), ("崔", 3),
    ("钟", 3), ("谭", 3), ("陆", 3), ("汪", 3), ("范", 3), ("金", 3), ("石", 3), ("廖", 3), ("贾", 3),
    ("夏", 3), ("韦", 2), ("方", 2), ("邹", 2), ("孟", 2), ("熊", 2), ("秦", 2), ("邱", 2), ("江", 2),
    ("尹", 2), ("薛", 2), ("钱", 2), ("顾", 2), ("严", 2), ("戴", 2), ("华", 1), ("殷", 1), ("盛", 1),
    ("欧阳", 1), ("诸葛", 1), ("司马", 1),
)

#: Given names as they are common among Chinese engineers born 1960-2000.
_GIVEN_NAMES_TEXT = """伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 霞 平 刚 斌 宁 亮 鑫 颖 慧 琳 蕾 璐 雯 岚 晖
    倩 燕 萍 琴 洁 悦 晨 阳 凯 峰 昊 睿 哲 瑞 秀英 桂英 建华 建国 建军 建平 建明 志强 志刚 志勇 志明
    海燕 海波 海峰 海涛 晓东 晓明 晓燕 晓红 晓丽 文杰 文斌 文华 文静 俊杰 鹏飞 宇航 浩然 子涵 一鸣 思远
    佳怡 欣怡 雨轩 梓涵 嘉怡 丽娟 丽华 丽萍 玉兰 玉梅 春梅 红梅 雪梅 婷婷 丹丹 晶晶 莉莉 宏伟 振华 振宇
    卫东 卫国 永刚 永强 德明 德华 立新 立军 国平 国强 国庆 学军 学文 春华 新民 云飞 伟民 伟东 博文
    子轩 浩宇 宇轩 梓萱 诗涵 欣妍 佳琪 家豪 俊宇 天宇 逸飞 明轩 泽宇 晨阳 思雨 雨萱 静怡 美玲 秀兰
    凤英 海军 明辉 红霞 小平 建伟 建新 金龙 金华 荣华 玉华 秀珍 慧敏 雅琴 卫华 文涛 晓峰 晓辉 晓军
    晓华 剑锋 剑 华 俊 彬 波 辉 鹏 飞 浩 健 翔 冰 雪 梅 兰 红 玲 佳 欣 怡 婧 婕 琦 骏 楠 薇 蓉"""
GIVEN_NAMES: tuple[str, ...] = tuple(_GIVEN_NAMES_TEXT.split())

#: Titles (职称) with weights.
TITLES: tuple[tuple[str, int], ...] = (("助理工程师", 25), ("工程师", 45), ("高级工程师", 25), ("正高级工程师", 5))

#: Credential kind -> (Chinese name, weight)
CREDENTIAL_KINDS_ZH: dict[str, str] = {
    "registered_1": "一级注册计量师",
    "registered_2": "二级注册计量师",
    "verifier": "计量检定员证",
    "item_cert": "计量专业项目考核合格证明",
}


# --------------------------------------------------------------------------------------
# Where the codes come from (JJF 1022-2014)
# --------------------------------------------------------------------------------------

#: Codes verified against JJF 1022-2014's own text, with where (docs/standard-codes.md).
VERIFIED_CODES: dict[str, tuple[str, str]] = {
    "01219000": ("其他线纹类计量标准", "JJF 1022-2014 计量标准分类及编码原则, quoted at "
                 "http://ynkmjykj.com/jichuzhishi/409245.html"),
}

#: Each template's code: "verified" (in VERIFIED_CODES) or "representative" (the discipline is
#: real, the lower levels were not found in a source: every template's, to date).
CODE_STATUS: dict[str, str] = {
    t.code: "verified" if t.code in VERIFIED_CODES else "representative"
    for t in (*TEMPLATES, *TEMPORARY_TEMPLATES)
}
