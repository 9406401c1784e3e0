"""The four pages of text an exchange publishes (Decree 52/2013/NĐ-CP on e-commerce, as amended
by Decree 85/2021/NĐ-CP, has a trading platform publish its operating rules, with how complaints
are handled and how personal information is protected), with plausible Vietnamese demo text.
The operator edits them in the admin (orders.Page); the site shows them at /trang/{slug}/
(D205)."""

from __future__ import annotations

from orders.models import Page

PAGES: dict[str, tuple[str, str]] = {
    "quy-che-hoat-dong": (
        "Quy chế hoạt động",
        "Sàn giao thương là sàn giao dịch thương mại điện tử do Trung tâm Xúc tiến thương mại "
        "tỉnh vận hành, giúp các hợp tác xã, hộ kinh doanh và doanh nghiệp giới thiệu sản phẩm "
        "OCOP và sản phẩm công nghiệp nông thôn tiêu biểu tới người mua trong và ngoài tỉnh.\n\n"
        "Người bán mở gian hàng bằng thông tin pháp lý thật (mã số thuế hoặc số đăng ký kinh "
        "doanh). Gian hàng và sản phẩm được kiểm duyệt trước khi hiển thị; sản phẩm phải đúng "
        "với mô tả, giá niêm yết đã gồm thuế.\n\n"
        "Người mua đặt hàng trên sàn, thanh toán khi nhận hàng hoặc chuyển khoản theo hướng dẫn "
        "của từng gian hàng. Sàn có quyền tạm ngừng gian hàng vi phạm quy chế này.",
    ),
    "complaint-procedure": (
        "Quy trình giải quyết khiếu nại",
        "Bước 1. Người mua gửi khiếu nại trên trang đơn hàng trong vòng 7 ngày kể từ ngày nhận "
        "hàng, nêu rõ lý do.\n\n"
        "Bước 2. Gian hàng trả lời trong vòng 3 ngày làm việc và thỏa thuận cách giải quyết "
        "(đổi hàng, trả hàng, hoàn tiền).\n\n"
        "Bước 3. Nếu hai bên không thống nhất, người mua chuyển khiếu nại lên ban quản lý sàn. "
        "Ban quản lý xem xét và ra quyết định trong vòng 10 ngày làm việc.",
    ),
    "chinh-sach-bao-mat": (
        "Chính sách bảo vệ dữ liệu cá nhân",
        "Sàn chỉ thu thập những dữ liệu cần cho việc mua bán: họ tên, thư điện tử, số điện "
        "thoại và địa chỉ giao hàng. Dữ liệu được dùng để xử lý đơn hàng, liên hệ và gửi thông "
        "báo bạn đã đăng ký.\n\n"
        "Sàn không bán dữ liệu cá nhân. Gian hàng chỉ thấy thông tin cần để giao đơn hàng của "
        "mình.\n\n"
        "Bạn có thể tải về hoặc yêu cầu xóa dữ liệu của mình trong trang tài khoản, theo Nghị "
        "định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân.",
    ),
    "lien-he": (
        "Liên hệ",
        "Trung tâm Xúc tiến thương mại tỉnh Phú Thọ\n"
        "Địa chỉ: đường Trần Phú, phường Việt Trì, tỉnh Phú Thọ\n"
        "Điện thoại: 0210 3 800 000\n"
        "Thư điện tử: lienhe@giaothuong.example.vn\n\n"
        "Giờ làm việc: thứ Hai đến thứ Sáu, 7 giờ 30 đến 17 giờ.",
    ),
}


def demo_pages_load() -> int:
    """Create the pages that are missing; an operator's edits are kept. Returns how many were
    created."""
    created = 0
    for slug, (title, body) in PAGES.items():
        _page, new = Page.objects.get_or_create(slug=slug, defaults={"title": title, "body": body})
        created += int(new)
    return created
