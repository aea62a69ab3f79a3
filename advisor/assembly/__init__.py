"""Stage 8, assembly: evaluations and the placement plan into the canonical Recommendation. Only
reads what the earlier stages decided."""

from advisor.assembly.build import assemble

__all__ = ["assemble"]
