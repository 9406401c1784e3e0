"""The site's shop pages: product, search, storefront and category (issue 15, D196–D200)."""
