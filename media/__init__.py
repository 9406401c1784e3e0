"""Images: upload validation, metadata stripping, renditions, storage (see docs/architecture.md,
"Media: pictures")."""
