"""The upper links of the traceability chain (国家—华东—长三角): reference data, not demo data.

Traceability (:mod:`labregistry.inventory.trace`) needs the national roots to tell a chain that
ends at the top from one that breaks; the demo generator (:mod:`labregistry.demo`) traces its
standards to the same institutes. Both read them here, so no feature package imports the demo.
"""

from __future__ import annotations

from dataclasses import dataclass

from labregistry.domain.codes import build_uscc


@dataclass(frozen=True)
class UpstreamInstitute:
    """An institute standards are traced to (the demo's among them). ``level``: national / east_china / provincial."""

    key: str
    name: str
    uscc: str
    province: str
    city: str
    level: str
    cert_prefix: str  # how its calibration certificate numbers start


#: The upper links of the 国家—华东—长三角 chain. The USCCs are synthetic (organisation
#: code body "LR00000n", valid check characters) so that no real registration is implied.
UPSTREAM_INSTITUTES: tuple[UpstreamInstitute, ...] = (
    UpstreamInstitute("nim", "中国计量科学研究院", build_uscc("1", "2", "100000", "LR000001"),
                      "北京", "北京", "national", "NIM"),
    UpstreamInstitute("simt", "上海市计量测试技术研究院（华东国家计量测试中心）",
                      build_uscc("1", "2", "310000", "LR000002"), "上海", "上海", "east_china", "SIMT"),
    UpstreamInstitute("jsim", "江苏省计量科学研究院", build_uscc("1", "2", "320000", "LR000003"),
                      "江苏", "南京", "provincial", "JSJL"),
    UpstreamInstitute("zjim", "浙江省计量科学研究院", build_uscc("1", "2", "330000", "LR000004"),
                      "浙江", "杭州", "provincial", "ZJJL"),
    UpstreamInstitute("ahim", "安徽省计量科学研究院", build_uscc("1", "2", "340000", "LR000005"),
                      "安徽", "合肥", "provincial", "AHJL"),
)


def same_institute(catalogue_name: str, name: str) -> bool:
    """Whether ``name`` is the catalogue's institute: the same name, with or without what the
    catalogue adds in brackets (上海市计量测试技术研究院 is 上海市计量测试技术研究院（华东国家计量测试中心）)."""
    base = catalogue_name.split("（")[0].split("(")[0].strip()
    own = name.split("（")[0].split("(")[0].strip()
    return bool(own) and own == base


__all__ = ["UPSTREAM_INSTITUTES", "UpstreamInstitute", "same_institute"]
