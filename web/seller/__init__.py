"""The seller center (issue 16): a storefront's members run their storefront from a phone. Every
page is a `seller_page` (web/signed_in.py) under /ban-hang/<storefront>/ and calls the same
services and selectors as the API."""
