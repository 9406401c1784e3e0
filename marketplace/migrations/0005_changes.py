from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0004_partners"),
    ]

    operations = [
        migrations.CreateModel(
            name="Change",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("product", "Product"),
                            ("vendor", "Storefront"),
                            ("certificate", "Certificate"),
                            ("fair", "Fair"),
                            ("application", "Exhibitor application"),
                            ("registration", "Visitor registration"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("object_id", models.BigIntegerField(verbose_name="object id")),
                ("event", models.CharField(max_length=40, verbose_name="event")),
                ("at", models.DateTimeField(db_index=True, verbose_name="at")),
            ],
            options={
                "verbose_name": "change",
                "verbose_name_plural": "changes",
                "ordering": ["id"],
                "indexes": [
                    models.Index(
                        fields=["kind", "object_id", "id"], name="marketplace_kind_fd009f_idx"
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "kind__in",
                                [
                                    "product",
                                    "vendor",
                                    "certificate",
                                    "fair",
                                    "application",
                                    "registration",
                                ],
                            )
                        ),
                        name="change_kind_valid",
                    )
                ],
            },
        ),
    ]
