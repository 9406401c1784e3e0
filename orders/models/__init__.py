"""Models of buying, one module per concern."""

from orders.models.carts import CartItem
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
from orders.models.reviews import Review, ReviewReport, ReviewStatus
from orders.models.sales import PaymentMethod, ProductStock, StorefrontSales

__all__ = [
    "CartItem",
    "Checkout",
    "Inquiry",
    "InquiryMessage",
    "InquiryStatus",
    "Order",
    "OrderLine",
    "OrderSequence",
    "OrderStatus",
    "Payment",
    "PaymentMethod",
    "PaymentStatus",
    "ProductStock",
    "Review",
    "ReviewReport",
    "ReviewStatus",
    "StorefrontSales",
]
