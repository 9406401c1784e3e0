"""Images: upload validation, metadata stripping, renditions, storage.

Not built yet (issue 5); the package exists because the top-level layout is fixed.
"""
