"""A buyer's pages (issue 16): signing up, their details and data, cart and checkout, orders,
questions and quotes, trade leads, fair tickets. Every page is a `signed_in_page`
(web/signed_in.py), except signing up and resetting a password, and calls the same services and
selectors as the API."""
