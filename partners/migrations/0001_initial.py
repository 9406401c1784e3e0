# The partner subsystem moved from `marketplace` to `partners` (D85). Its tables were created
# by marketplace 0004-0008 and keep their names (and the PostgreSQL trigger of 0008 stays on
# marketplace_change): this migration only tells Django's state where the models live now, and
# renames their content types so permissions and admin history stay attached.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import core.clients

MOVED = [
    "partnerclient",
    "apikey",
    "storefrontgrant",
    "idempotencyrecord",
    "change",
    "webhooksubscription",
    "webhookdelivery",
    "webhookdispatchstate",
]


def content_types_to_partners(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        if not ContentType.objects.using(db).filter(app_label="partners", model=model).exists():
            ContentType.objects.using(db).filter(app_label="marketplace", model=model).update(
                app_label="partners"
            )


def content_types_to_marketplace(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        if not ContentType.objects.using(db).filter(app_label="marketplace", model=model).exists():
            ContentType.objects.using(db).filter(app_label="partners", model=model).update(
                app_label="marketplace"
            )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("marketplace", "0009_auditlog_to_core"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='WebhookDispatchState',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(default='default', max_length=20, unique=True)),
                        ('high_water', models.BigIntegerField(default=0)),
                        ('gaps', models.JSONField(blank=True, default=dict)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        'verbose_name': 'webhook dispatch state',
                        'verbose_name_plural': 'webhook dispatch state',
                        'db_table': 'marketplace_webhookdispatchstate',
                    },
                ),
                migrations.CreateModel(
                    name='Change',
                    fields=[
                        ('id', models.BigAutoField(primary_key=True, serialize=False)),
                        ('kind', models.CharField(choices=[('product', 'Product'), ('vendor', 'Storefront'), ('certificate', 'Certificate'), ('fair', 'Fair'), ('application', 'Exhibitor application'), ('registration', 'Visitor registration')], max_length=20, verbose_name='kind')),
                        ('object_id', models.BigIntegerField(verbose_name='object id')),
                        ('event', models.CharField(max_length=40, verbose_name='event')),
                        ('at', models.DateTimeField(db_index=True, verbose_name='at')),
                        ('txid', models.BigIntegerField(default=0, editable=False, verbose_name='transaction id')),
                    ],
                    options={
                        'verbose_name': 'change',
                        'verbose_name_plural': 'changes',
                        'db_table': 'marketplace_change',
                        'ordering': ['id'],
                        'indexes': [models.Index(fields=['kind', 'object_id', 'id'], name='marketplace_kind_fd009f_idx'), models.Index(fields=['txid', 'id'], name='change_feed_order')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('kind__in', ['product', 'vendor', 'certificate', 'fair', 'application', 'registration'])), name='change_kind_valid')],
                    },
                ),
                migrations.CreateModel(
                    name='PartnerClient',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, unique=True, verbose_name='name')),
                        ('contact_email', models.EmailField(max_length=254, verbose_name='contact email')),
                        ('scopes', models.JSONField(blank=True, default=list, validators=[core.clients.validate_scopes], verbose_name='scopes')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                        ('rate_limit_per_minute', models.PositiveIntegerField(default=600, verbose_name='requests per minute')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                    ],
                    options={
                        'verbose_name': 'partner client',
                        'verbose_name_plural': 'partner clients',
                        'db_table': 'marketplace_partnerclient',
                        'ordering': ['name', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='IdempotencyRecord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(max_length=255, verbose_name='key')),
                        ('method', models.CharField(max_length=10, verbose_name='method')),
                        ('path', models.CharField(max_length=500, verbose_name='path')),
                        ('body_hash', models.CharField(max_length=64, verbose_name='body hash')),
                        ('state', models.CharField(choices=[('in_progress', 'In progress'), ('done', 'Done')], default='in_progress', max_length=20, verbose_name='state')),
                        ('status_code', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='status code')),
                        ('response_body', models.JSONField(blank=True, null=True, verbose_name='response body')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                        ('client', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='idempotency_records', to='partners.partnerclient', verbose_name='client')),
                    ],
                    options={
                        'verbose_name': 'idempotency record',
                        'verbose_name_plural': 'idempotency records',
                        'db_table': 'marketplace_idempotencyrecord',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='ApiKey',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('prefix', models.CharField(max_length=16, unique=True, verbose_name='prefix')),
                        ('hashed_key', models.CharField(editable=False, max_length=64, unique=True, verbose_name='hashed key')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('last_used_at', models.DateTimeField(blank=True, null=True, verbose_name='last used at')),
                        ('expires_at', models.DateTimeField(blank=True, null=True, verbose_name='expires at')),
                        ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='revoked at')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('replaced_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='partners.apikey', verbose_name='replaced by')),
                        ('client', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='keys', to='partners.partnerclient', verbose_name='client')),
                    ],
                    options={
                        'verbose_name': 'API key',
                        'verbose_name_plural': 'API keys',
                        'db_table': 'marketplace_apikey',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='StorefrontGrant',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='revoked at')),
                        ('client', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='grants', to='partners.partnerclient', verbose_name='client')),
                        ('granted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='granted by')),
                        ('vendor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='partner_grants', to='marketplace.vendor', verbose_name='storefront')),
                    ],
                    options={
                        'verbose_name': 'storefront grant',
                        'verbose_name_plural': 'storefront grants',
                        'db_table': 'marketplace_storefrontgrant',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='WebhookSubscription',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('url', models.URLField(max_length=500, verbose_name='URL')),
                        ('events', models.JSONField(default=list, verbose_name='events')),
                        ('secret', models.CharField(editable=False, max_length=80, verbose_name='secret')),
                        ('description', models.CharField(blank=True, max_length=200, verbose_name='description')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                        ('disabled_at', models.DateTimeField(blank=True, null=True, verbose_name='disabled at')),
                        ('disabled_reason', models.CharField(blank=True, max_length=300, verbose_name='disabled reason')),
                        ('consecutive_failures', models.PositiveIntegerField(default=0, verbose_name='consecutive failures')),
                        ('failing_since', models.DateTimeField(blank=True, null=True, verbose_name='failing since')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('client', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='webhook_subscriptions', to='partners.partnerclient', verbose_name='client')),
                    ],
                    options={
                        'verbose_name': 'webhook subscription',
                        'verbose_name_plural': 'webhook subscriptions',
                        'db_table': 'marketplace_webhooksubscription',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='WebhookDelivery',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('event', models.CharField(max_length=40, verbose_name='event')),
                        ('change_id', models.BigIntegerField(verbose_name='change id')),
                        ('kind', models.CharField(max_length=20, verbose_name='kind')),
                        ('object_id', models.BigIntegerField(verbose_name='object id')),
                        ('payload', models.JSONField(verbose_name='payload')),
                        ('status', models.CharField(choices=[('pending', 'Pending'), ('succeeded', 'Succeeded'), ('failed', 'Failed, will retry'), ('given_up', 'Given up')], default='pending', max_length=20, verbose_name='status')),
                        ('attempts', models.PositiveIntegerField(default=0, verbose_name='attempts')),
                        ('next_attempt_at', models.DateTimeField(blank=True, null=True, verbose_name='next attempt at')),
                        ('last_attempt_at', models.DateTimeField(blank=True, null=True, verbose_name='last attempt at')),
                        ('last_status_code', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='last status code')),
                        ('last_error', models.CharField(blank=True, max_length=500, verbose_name='last error')),
                        ('response_excerpt', models.TextField(blank=True, verbose_name='response excerpt')),
                        ('created_at', models.DateTimeField(db_index=True, verbose_name='created at')),
                        ('window_started_at', models.DateTimeField(blank=True, null=True, verbose_name='retrying since')),
                        ('delivered_at', models.DateTimeField(blank=True, null=True, verbose_name='delivered at')),
                        ('subscription', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='partners.webhooksubscription', verbose_name='subscription')),
                    ],
                    options={
                        'verbose_name': 'webhook delivery',
                        'verbose_name_plural': 'webhook deliveries',
                        'db_table': 'marketplace_webhookdelivery',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='partnerclient',
                    constraint=models.CheckConstraint(condition=models.Q(('rate_limit_per_minute__gte', 1)), name='partnerclient_rate_positive'),
                ),
                migrations.AddConstraint(
                    model_name='idempotencyrecord',
                    constraint=models.UniqueConstraint(fields=('client', 'key'), name='idempotency_client_key'),
                ),
                migrations.AddConstraint(
                    model_name='storefrontgrant',
                    constraint=models.UniqueConstraint(condition=models.Q(('revoked_at__isnull', True)), fields=('vendor', 'client'), name='storefrontgrant_one_active'),
                ),
                migrations.AddIndex(
                    model_name='webhookdelivery',
                    index=models.Index(fields=['status', 'next_attempt_at'], name='marketplace_status_95463f_idx'),
                ),
                migrations.AddIndex(
                    model_name='webhookdelivery',
                    index=models.Index(fields=['subscription', '-created_at'], name='marketplace_subscri_4fecd8_idx'),
                ),
                migrations.AddConstraint(
                    model_name='webhookdelivery',
                    constraint=models.UniqueConstraint(fields=('subscription', 'change_id'), name='webhookdelivery_once_per_change'),
                ),
                migrations.AddConstraint(
                    model_name='webhookdelivery',
                    constraint=models.CheckConstraint(condition=models.Q(('status__in', ['pending', 'succeeded', 'failed', 'given_up'])), name='webhookdelivery_status_valid'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_partners, content_types_to_marketplace),
    ]
