"""Models of buying, one module per concern."""

from orders.models.carts import CartItem
from orders.models.complaints import (
    Complaint,
    ComplaintDecision,
    ComplaintMessage,
    ComplaintReason,
    ComplaintRole,
    ComplaintStatus,
    Page,
)
from orders.models.inquiries import Inquiry, InquiryMessage, InquiryStatus
from orders.models.orders import (
    Checkout,
    Order,
    OrderLine,
    OrderSequence,
    OrderStatus,
    Payment,
    PaymentStatus,
)
from orders.models.pictures import ComplaintPicture, ReviewPicture
from orders.models.quotes import Quote, QuoteLine, QuoteStatus
from orders.models.reviews import Review, ReviewReport, ReviewStatus
from orders.models.sales import PaymentMethod, ProductStock, StorefrontSales

__all__ = [
    "CartItem",
    "Checkout",
    "Complaint",
    "ComplaintDecision",
    "ComplaintMessage",
    "ComplaintPicture",
    "ComplaintReason",
    "ComplaintRole",
    "ComplaintStatus",
    "Inquiry",
    "InquiryMessage",
    "InquiryStatus",
    "Order",
    "OrderLine",
    "OrderSequence",
    "OrderStatus",
    "Page",
    "Payment",
    "PaymentMethod",
    "PaymentStatus",
    "ProductStock",
    "Quote",
    "QuoteLine",
    "QuoteStatus",
    "Review",
    "ReviewPicture",
    "ReviewReport",
    "ReviewStatus",
    "StorefrontSales",
]
