# The product list's ordering indexes carry vendor_id (INCLUDE, PostgreSQL only; SQLite has no
# covering indexes and ignores it), so a deep page's id walk reads the index only (D211).

import core.indexes
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0012_related_index'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='product',
            name='product_public_newest',
        ),
        migrations.RemoveIndex(
            model_name='product',
            name='product_public_price',
        ),
        migrations.RemoveIndex(
            model_name='product',
            name='product_public_price_desc',
        ),
        migrations.RemoveIndex(
            model_name='product',
            name='product_public_name',
        ),
        migrations.RemoveIndex(
            model_name='product',
            name='product_public_province_newest',
        ),
        migrations.AddIndex(
            model_name='product',
            index=core.indexes.ListIndex(models.OrderBy(models.F('published_at'), descending=True, nulls_last=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(('status', 'published')), include=('vendor',), name='product_public_newest'),
        ),
        migrations.AddIndex(
            model_name='product',
            index=core.indexes.ListIndex(models.OrderBy(models.F('price'), nulls_last=True), models.OrderBy(models.F('id')), condition=models.Q(('status', 'published')), include=('vendor',), name='product_public_price'),
        ),
        migrations.AddIndex(
            model_name='product',
            index=core.indexes.ListIndex(models.OrderBy(models.F('price'), descending=True, nulls_last=True), models.OrderBy(models.F('id')), condition=models.Q(('status', 'published')), include=('vendor',), name='product_public_price_desc'),
        ),
        migrations.AddIndex(
            model_name='product',
            index=core.indexes.ListIndex(models.OrderBy(models.F('name')), models.OrderBy(models.F('id')), condition=models.Q(('status', 'published')), include=('vendor',), name='product_public_name'),
        ),
        migrations.AddIndex(
            model_name='product',
            index=core.indexes.ListIndex(models.F('origin_province'), models.OrderBy(models.F('published_at'), descending=True, nulls_last=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(('status', 'published')), include=('vendor',), name='product_public_province_newest'),
        ),
    ]
