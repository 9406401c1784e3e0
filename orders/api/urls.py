"""URLs of buying, included by the project's root urls under /api/v1/."""

from rest_framework.routers import DefaultRouter

from orders.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("inquiries", views.InquiryViewSet, basename="inquiry")

urlpatterns = router.urls
