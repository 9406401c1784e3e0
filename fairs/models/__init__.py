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
from fairs.models.meetings import (
    BOOKED_STATUSES,
    Meeting,
    MeetingSlot,
    MeetingStatus,
    MeetingTable,
)
from fairs.models.reports import FairReport
from fairs.models.visitors import (
    LIVE_REGISTRATION_STATUSES,
    CheckIn,
    RefusalReason,
    RegistrationStatus,
    ScanResult,
    VisitorRegistration,
)

__all__ = [
    "ACTIVE_STATUSES",
    "BOOKED_STATUSES",
    "HOLDING_STATUSES",
    "LIVE_REGISTRATION_STATUSES",
    "PUBLISHED_FAIR_STATUSES",
    "ApplicationStatus",
    "ApprovalMode",
    "BoothType",
    "CheckIn",
    "ExhibitorApplication",
    "Fair",
    "FairKind",
    "FairOrganizer",
    "FairReport",
    "FairStatus",
    "Meeting",
    "MeetingSlot",
    "MeetingStatus",
    "MeetingTable",
    "RefusalReason",
    "RegistrationStatus",
    "ScanResult",
    "ShowcaseItem",
    "VisitorRegistration",
]
