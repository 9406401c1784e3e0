"""Models of buying, one module per concern."""

from orders.models.inquiries import Inquiry, InquiryMessage, InquiryStatus

__all__ = ["Inquiry", "InquiryMessage", "InquiryStatus"]
