"""Writes on the catalogue, one module per subject: categories, products, certificates,
awards, and the bulk listings import (imports: the upload; import_rows: the run).

Callers import from the subject module (`from catalog.services.products import product_create`);
this package re-exports nothing.
"""
