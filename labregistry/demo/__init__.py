"""Demo data: realistic, reproducible synthetic records for the own institute.

``populate_demo(reg, standards=200, seed=0, today=None, operator=None)`` fills the own
institute (the ``demo`` command, first-run demos, benchmarks). ``UPSTREAM_INSTITUTES`` lists
the upper links of the traceability chain the demo instruments are traced to.
"""

from labregistry.domain.upstream import UPSTREAM_INSTITUTES, UpstreamInstitute
from labregistry.demo.generator import CHUNK, DemoSummary, counts_for, populate_demo

__all__ = ["CHUNK", "UPSTREAM_INSTITUTES", "DemoSummary", "UpstreamInstitute", "counts_for", "populate_demo"]
