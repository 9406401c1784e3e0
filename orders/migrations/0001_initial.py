# Inquiries moved from `marketplace` to `orders` (D81). Their tables were created by
# marketplace 0001 and keep their names: this migration only moves the models in Django's state
# and renames their content types, so permissions and admin history stay attached.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("inquiry", "inquirymessage")


def content_types_to_orders(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        if not ContentType.objects.using(db).filter(app_label="orders", model=model).exists():
            ContentType.objects.using(db).filter(app_label="marketplace", model=model).update(
                app_label="orders"
            )


def content_types_to_marketplace(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ContentType.objects.using(db).filter(app_label="orders", model__in=MOVED).update(
        app_label="marketplace"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("catalog", "0006_import_job_partner"),
        ("marketplace", "0009_auditlog_to_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Inquiry",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("quantity", models.PositiveIntegerField(verbose_name="quantity")),
                        ("contact_name", models.CharField(max_length=200, verbose_name="contact name")),
                        ("contact_phone", models.CharField(blank=True, max_length=20, verbose_name="contact phone")),
                        ("contact_email", models.EmailField(blank=True, max_length=254, verbose_name="contact email")),
                        ("status", models.CharField(choices=[("open", "Open"), ("answered", "Answered"), ("closed", "Closed")], default="open", max_length=10, verbose_name="status")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                        ("buyer", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="inquiries", to=settings.AUTH_USER_MODEL, verbose_name="buyer")),
                        ("product", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="inquiries", to="catalog.product", verbose_name="product")),
                        ("vendor", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="inquiries", to="marketplace.vendor", verbose_name="storefront")),
                    ],
                    options={
                        "verbose_name": "inquiry",
                        "verbose_name_plural": "inquiries",
                        "db_table": "marketplace_inquiry",
                        "ordering": ["-updated_at", "-id"],
                        "indexes": [
                            models.Index(fields=["vendor", "-updated_at"], name="marketplace_vendor__2f0372_idx"),
                            models.Index(fields=["buyer", "-updated_at"], name="marketplace_buyer_i_e4aec8_idx"),
                        ],
                        "constraints": [
                            models.CheckConstraint(condition=models.Q(("status__in", ["open", "answered", "closed"])), name="inquiry_status_valid"),
                            models.CheckConstraint(condition=models.Q(("quantity__gte", 1)), name="inquiry_quantity_positive"),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="InquiryMessage",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("from_vendor", models.BooleanField(default=False, verbose_name="from the storefront")),
                        ("body", models.TextField(verbose_name="message")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="sent at")),
                        ("author", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="author")),
                        ("inquiry", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="messages", to="orders.inquiry", verbose_name="inquiry")),
                    ],
                    options={
                        "verbose_name": "inquiry message",
                        "verbose_name_plural": "inquiry messages",
                        "db_table": "marketplace_inquirymessage",
                        "ordering": ["created_at", "id"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_orders, content_types_to_marketplace),
    ]
