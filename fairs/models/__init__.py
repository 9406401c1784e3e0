"""Models of trade fairs, one module per concern (fairs, exhibitors, visitors, meetings)."""

from fairs.models.exhibitors import (
    ACTIVE_STATUSES,
    HOLDING_STATUSES,
    ApplicationStatus,
    ExhibitorApplication,
    ShowcaseItem,
)
from fairs.models.fairs import (
    PUBLISHED_FAIR_STATUSES,
    ApprovalMode,
    BoothType,
    Fair,
    FairKind,
    FairOrganizer,
    FairStatus,
)

# H4: visitor and meeting models are imported below.

__all__ = [
    "ACTIVE_STATUSES",
    "HOLDING_STATUSES",
    "PUBLISHED_FAIR_STATUSES",
    "ApplicationStatus",
    "ApprovalMode",
    "BoothType",
    "ExhibitorApplication",
    "Fair",
    "FairKind",
    "FairOrganizer",
    "FairStatus",
    "ShowcaseItem",
]
