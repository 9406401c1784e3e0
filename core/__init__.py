"""The ground floor every app stands on; it imports no other app of the project.

Domain errors (`core.errors`), the one lifecycle `transition()` (`core.workflow`), the audit log
(`core.models.AuditLog`, written by `core.audit`), after-commit e-mail (`core.notifications`),
Vietnamese text folding and slugs (`core.text`), API plumbing (`core.api`: the error shape,
pagination, ETag) and the admin's base classes (`core.admin`).
"""
