"""Buying: a buyer's conversation with a storefront, from the first inquiry onwards.

Today it holds inquiries (liên hệ / báo giá) and their message threads; cart, checkout, orders,
payments, quotes, reviews and complaints join them here. It stands on catalog (what is bought)
and marketplace (who sells and who buys).
"""
