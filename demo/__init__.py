"""A deterministic demo province (Phú Thọ, code 25) for local development and demonstrations.

The top floor: it may import every app and no app imports it. `generator.demo_build()` composes
the storefronts, products, certificates, awards and inquiries in memory (no database access,
same output for the same inputs) from `vendors`, `catalog`, `certificates` and `inquiries`,
which draw on the tables in `people` and `products`; `loader.demo_load()` writes it in one
transaction and adds the fairs (`fairs`) and their visitors and meetings (`visitors`).
`pictures` draws images through the media services. `manage.py demo_load` and
`manage.py media_demo` are the entry points.
"""
