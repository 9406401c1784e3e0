"""One storefront per tax code unless the earlier one was rejected (issue 12 item 3, D92).

Before the index is built, storefronts already sharing a tax code (none rejected) stop the
upgrade with their list: a moderator rejects or corrects the extra ones (in the admin, on the
running version) and the upgrade is run again. Nothing is changed behind anyone's back.
"""

from django.db import migrations, models
from django.db.models import Count, Q


def refuse_live_duplicates(apps, schema_editor):
    Vendor = apps.get_model("marketplace", "Vendor")
    shared = (
        Vendor.objects.exclude(status="rejected")
        .values("tax_code")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("tax_code")
    )
    if not shared:
        return
    lines = []
    for row in shared:
        rows = Vendor.objects.filter(tax_code=row["tax_code"]).exclude(status="rejected")
        named = ", ".join(f"{v.slug} (#{v.pk}, {v.status})" for v in rows.order_by("id"))
        lines.append(f"  {row['tax_code']}: {named}")
    raise RuntimeError(
        "Storefronts share a tax code; one legal entity may have one storefront (D92). Reject "
        "or correct the extra ones, then migrate again:\n" + "\n".join(lines)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0013_submitted_at"),
    ]

    operations = [
        migrations.RunPython(refuse_live_duplicates, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="vendor",
            constraint=models.UniqueConstraint(
                condition=~Q(status="rejected"),
                fields=("tax_code",),
                name="vendor_tax_code_unique_unless_rejected",
                violation_error_message="A storefront with this tax code already exists.",
            ),
        ),
    ]
