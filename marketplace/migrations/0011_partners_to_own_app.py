# The partner subsystem moved to the `partners` app (D85): state only, the tables stay where
# they are (partners 0001 took them over; catalog 0007 re-pointed ImportJob.partner_client).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0010_inquiries_to_orders"),
        ("partners", "0001_initial"),
        ("catalog", "0007_importjob_partner_client_to_partners"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="WebhookDelivery"),
                migrations.DeleteModel(name="WebhookSubscription"),
                migrations.DeleteModel(name="WebhookDispatchState"),
                migrations.DeleteModel(name="Change"),
                migrations.DeleteModel(name="IdempotencyRecord"),
                migrations.DeleteModel(name="StorefrontGrant"),
                migrations.DeleteModel(name="ApiKey"),
                migrations.DeleteModel(name="PartnerClient"),
            ],
            database_operations=[],
        ),
    ]
