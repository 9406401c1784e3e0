"""The complaint procedure's page, with a starting text the operator rewrites in the admin."""

from django.db import migrations

BODY = """Quy trình giải quyết khiếu nại

1. Người mua gửi khiếu nại về đơn hàng trong thời hạn sau khi nhận hàng, nêu lý do và nội dung.
2. Gian hàng trả lời trong phần trao đổi của khiếu nại.
3. Nếu chưa thỏa đáng, người mua chuyển khiếu nại lên Ban quản lý sàn; kiểm duyệt viên xem xét
   toàn bộ trao đổi và quyết định (có lợi cho người mua, cho gian hàng, hoặc bác bỏ) kèm lý do.
4. Mọi tin nhắn và quyết định được lưu lại.
"""


def forward(apps, schema_editor):
    Page = apps.get_model("orders", "Page")
    Page.objects.get_or_create(
        slug="complaint-procedure",
        defaults={"title": "Quy trình giải quyết khiếu nại", "body": BODY},
    )


class Migration(migrations.Migration):
    dependencies = [("orders", "0004_quotes_complaints")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
