"""A small hand-made region: four institutes, records with known values, real bundles.

Institute A (上海) is the home registry the tests search in (SQLite or PostgreSQL); B
(江苏), C (浙江) and D (安徽) are peers whose records arrive in A as signed bundles,
exported and imported exactly as lab managers do. The values are chosen so that every
expected answer can be worked out by hand; the comments say how (reference date ON).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labregistry.domain.records import (
    AuthorisationInput,
    AuthorisedItemInput,
    CredentialInput,
    InstituteInput,
    InstrumentInput,
    ServiceInput,
    StaffInput,
    StandardInput,
)
from labregistry.registry import Registry, open_registry
from labregistry.services import exchange, records, setup
from tests.conftest import PASSPHRASE
from tests.exchange.sites import INSTITUTES

ON = dt.date(2025, 6, 1)
NIM = "中国计量科学研究院"
USCC = {k: v[1] for k, v in INSTITUTES.items()}


def std(name: str, code: str, cert: str, issued: str, until: str, rng: str, acc: str, *,
        grade: str = "社会公用计量标准", instruments: list[InstrumentInput] | None = None,
        services: list[ServiceInput] | None = None, status: str = "valid") -> StandardInput:
    return StandardInput(name=name, code=code, grade=grade, certificate_no=cert, certificate_authority="市场监督管理局",
                         issued_on=issued, valid_until=until, range_text=rng, accuracy_text=acc, status=status,
                         instruments=instruments or [], services=services or [])


def inst(name: str, rng: str | None, *, to_uscc: str | None = None, to_name: str | None = None,
         cert: str | None = "C-1", due: str | None = "2026-12-31", role: str = "main") -> InstrumentInput:
    return InstrumentInput(name=name, role=role, model="M-1", serial_no="S-1", range_text=rng, traced_to_uscc=to_uscc,
                           traced_to_name=to_name, calibration_cert_no=cert, calibration_due=due)


# -------------------------------------------------------------------------------- records
# On ON = 2025-06-01:
#   A1 精密压力表 (0~60)MPa 0.05级 valid; traced to B -> B2 (covers 0~60 MPa) -> NIM: complete
#   A2 数字多用表 0.1mV~1000V Urel expired 2025-02-28; calibrator traced to NIM, due 2025-01-01: expired certificate
#   A3 铂电阻 (-60~420)℃ U=0.03℃; one instrument to an unknown company, one to D -> D1 -> back to A: cycle
#   A4 数字压力计 (0~60)MPa U=0.005MPa (absolute) valid; instrument without a traced-to: missing link
#   B1 活塞式压力计 (100~100000)kPa = 0.1~100 MPa, 0.02级, valid; -> NIM
#   B2 精密压力表 (0~60)MPa 0.25级 valid; -> NIM
#   B3 数字多用表 (0.1~1000000)mV = 0.1 mV~1000 V, MPE ±0.002 % valid
#   C1 精密压力表 (0~60)MPa 0.05级 expired 2022-12-31
#   C2 活塞式压力计 (0.1~6)MPa 0.02级 valid
#   C3 玻璃液体温度计 (-30~300)℃ 二等, department grade (not public)
#   D1 铂电阻 (0~419.527)℃ U=0.02℃ valid; traced to A -> A3

def records_a() -> list[StandardInput]:
    return [
        std("精密压力表标准装置", "12113200", "[2022]沪量标证字第0001号", "2022-01-10", "2026-01-09", "(0~60)MPa", "0.05级",
            instruments=[inst("精密数字压力计", "(0~60)MPa", to_uscc=USCC["B"], to_name="江苏省计量科学研究院",
                              cert="JS2024-P001", due="2025-12-31")],
            services=[ServiceInput("弹簧管式精密压力表", "JJG 49-2013", "verification")]),
        std("数字多用表检定装置", "15113100", "[2021]沪量标证字第0002号", "2021-03-01", "2025-02-28", "0.1mV~1000V",
            "Urel=1.2×10⁻⁵ (k=2)",
            instruments=[inst("多功能校准器", "DCV: 0~1020V", to_name=NIM, cert="DXjz2024-00001", due="2025-01-01")],
            services=[ServiceInput("数字多用表", "JJF 1587-2016", "calibration")]),
        std("二等铂电阻温度计标准装置", "04113500", "[2023]沪量标证字第0003号", "2023-05-01", "2027-04-30", "(-60~420)℃",
            "U=0.03℃, k=2",
            instruments=[inst("标准铂电阻温度计", "(-189~420)℃", to_name="某某计量校准有限公司", cert="X-2024-1"),
                         inst("测温电桥", "(-60~420)℃", to_uscc=USCC["D"], cert="AH2024-T9")]),
        std("数字压力计标准装置", "12113300", "[2024]沪量标证字第0004号", "2024-02-01", "2028-01-31", "(0~60)MPa",
            "U=0.005MPa, k=2", instruments=[inst("压力控制器", "(0~60)MPa", cert=None, due=None)]),
    ]


def records_b() -> tuple[list[StandardInput], list[AuthorisationInput], list[StaffInput]]:
    standards = [
        std("活塞式压力计标准装置", "12113100", "[2022]苏量标证字第0101号", "2022-03-01", "2026-02-28", "(100~100000)kPa",
            "0.02级", instruments=[inst("活塞式压力计", "(0.1~100)MPa", to_name=NIM, cert="LXjz2024-00001",
                                     due="2026-06-30")]),
        std("精密压力表标准装置", "12113200", "[2023]苏量标证字第0102号", "2023-01-01", "2026-12-31", "(0~60)MPa", "0.25级",
            instruments=[inst("数字压力计", "(0~60)MPa", to_name=NIM, cert="LXjz2024-00002", due="2026-03-31")]),
        std("数字多用表检定装置", "15113100", "[2024]苏量标证字第0103号", "2024-01-01", "2028-12-31", "(0.1~1000000)mV",
            "MPE: ±0.002%"),
    ]
    auths = [AuthorisationInput(
        certificate_no="(苏)法计(2023)01001号", form="legal_verification", authority="江苏省市场监督管理局",
        issued_on="2023-01-01", valid_until="2027-12-31",
        items=[AuthorisedItemInput("出租汽车计价器", "(0~9999)km", "MPE: ±1%", "JJG 517-2016"),
               AuthorisedItemInput("弹性元件式一般压力表", "(0~60)MPa", "1.6级", "JJG 52-2013")])]
    staff = [StaffInput(name="王建华", department="力学室", credentials=[
        CredentialInput(kind="registered_2", certificate_no="JL2-32-2021-00001", registration="initial",
                        issued_on="2021-01-01", valid_until="2025-12-31", items=["压力表", "数字压力计"])])]
    return standards, auths, staff


def records_c() -> tuple[list[StandardInput], list[AuthorisationInput], list[StaffInput]]:
    standards = [
        std("精密压力表标准装置", "12113200", "[2019]浙量标证字第0201号", "2019-01-01", "2022-12-31", "(0~60)MPa", "0.05级"),
        std("活塞式压力计标准装置", "12113100", "[2024]浙量标证字第0202号", "2024-06-01", "2028-05-31", "(0.1~6)MPa",
            "0.02级"),
        std("工作用玻璃液体温度计标准装置", "04113700", "[2022]浙量标证字第0203号", "2022-01-01", "2026-12-31",
            "(-30~300)℃", "二等", grade="部门最高计量标准"),
    ]
    auths = [AuthorisationInput(
        certificate_no="(浙)法计(2020)01002号", form="legal_verification", authority="浙江省市场监督管理局",
        issued_on="2020-01-01", valid_until="2024-12-31",
        items=[AuthorisedItemInput("出租汽车计价器", "(0~9999)km", "MPE: ±1%", "JJG 517-2016")])]
    staff = [
        StaffInput(name="李晓明", department="力学室", credentials=[
            CredentialInput(kind="registered_1", certificate_no="JL1-2022-000002", registration="initial",
                            issued_on="2022-01-01", valid_until="2027-01-01", items=["压力表", "压力变送器"])]),
        StaffInput(name="张海燕", department="力学室", credentials=[
            CredentialInput(kind="verifier", certificate_no="[2020]浙计检证字第00003号", issued_on="2020-01-01",
                            valid_until="2030-01-01", items=["压力表"])]),
    ]
    return standards, auths, staff


def records_d() -> tuple[list[StandardInput], list[AuthorisationInput], list[StaffInput]]:
    standards = [
        std("二等铂电阻温度计标准装置", "04113500", "[2024]皖量标证字第0301号", "2024-01-01", "2028-12-31",
            "(0~419.527)℃", "U=0.02℃, k=2",
            instruments=[inst("标准铂电阻温度计", "(0~419.527)℃", to_uscc=USCC["A"], cert="SH2024-T1")]),
    ]
    auths = [AuthorisationInput(
        certificate_no="(皖)法计(2023)01003号", form="legal_verification", authority="安徽省市场监督管理局",
        issued_on="2023-03-01", valid_until="2028-02-28", status="suspended",
        items=[AuthorisedItemInput("出租汽车计价器", "(0~9999)km", "MPE: ±1%", "JJG 517-2016")])]
    staff = [StaffInput(name="赵志强", department="力学室", credentials=[
        CredentialInput(kind="registered_2", certificate_no="JL2-34-2023-00004", registration="initial",
                        issued_on="2023-01-01", valid_until="2028-01-01", items=["数字压力计"])])]
    return standards, auths, staff


# -------------------------------------------------------------------------------- building


@dataclass
class Region:
    home: Registry  # institute A, with B, C, D imported
    peers: dict[str, Registry]
    bundles: dict[str, Path]
    tmp: Path

    def close(self) -> None:
        self.home.close()
        for reg in self.peers.values():
            reg.close()


def open_site(tmp: Path, name: str, db_url: str | None = None) -> Registry:
    full, uscc, province, city = INSTITUTES[name]
    reg = open_registry(Path(tempfile.mkdtemp(prefix=f"inv-{name}-", dir=tmp)), db_url, logging=False)
    setup.init_registry(reg, InstituteInput(name=full, uscc=uscc, province=province, city=city), PASSPHRASE,
                        operator=f"operator {name}")
    return reg


def fill(reg: Registry, standards: list[StandardInput], auths: list[AuthorisationInput] = (),  # type: ignore[assignment]
         staff: list[StaffInput] = ()) -> list[int]:  # type: ignore[assignment]
    ids = [records.create_standard(reg, s) for s in standards]
    for a in auths:
        records.create_authorisation(reg, a)
    for p in staff:
        records.create_staff(reg, p)
    return ids


def trust_and_import(home: Registry, peer: Registry, bundle: Path, tmp: Path) -> Any:
    card = exchange.export_public_card(peer, tmp / f"{bundle.stem}.card")
    fingerprint = exchange.key_summary(peer)["fingerprint"]
    exchange.trust_add(home, card, fingerprint)  # trusting a key twice changes nothing
    return exchange.import_bundle(home, bundle)


def build_region(tmp: Path, home_db_url: str | None = None) -> Region:
    home = open_site(tmp, "A", home_db_url)
    fill(home, records_a())
    peers: dict[str, Registry] = {}
    bundles: dict[str, Path] = {}
    for name, make in (("B", records_b), ("C", records_c), ("D", records_d)):
        peer = open_site(tmp, name)
        fill(peer, *make())
        bundle = tmp / f"{name}-1.xlsx"
        exchange.export_bundle(peer, bundle, PASSPHRASE)
        trust_and_import(home, peer, bundle, tmp)
        peers[name], bundles[name] = peer, bundle
    return Region(home, peers, bundles, tmp)
