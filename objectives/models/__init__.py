"""The work: objectives, their targets and figures, the progress recorded against them,
and links between objectives of different mandates. One module per part; import them from
here."""

from objectives.models.evidence import EvidenceFile
from objectives.models.objective import (
    EARLIEST_AS_OF,
    LATEST_AS_OF,
    LATEST_FIELDS,
    Objective,
    ObjectiveLink,
)
from objectives.models.progress import ProgressUpdate
from objectives.models.targets import Measurement, Target, TargetStep

__all__ = [
    "EARLIEST_AS_OF",
    "LATEST_AS_OF",
    "LATEST_FIELDS",
    "EvidenceFile",
    "Measurement",
    "Objective",
    "ObjectiveLink",
    "ProgressUpdate",
    "Target",
    "TargetStep",
]
