"""Trade fairs: booths, exhibitor applications, visitor tickets, check-in, B2B meetings.

Not built yet (issue 4); the package exists because the top-level layout is fixed.
"""
