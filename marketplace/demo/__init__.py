"""A deterministic demo province (Phú Thọ, code 25) for local development and demonstrations.

`generator.demo_build()` composes the data in memory from the tables in `people` and `products`
(no database access, same output for the same inputs); `loader.demo_load()` writes it in one
transaction. `manage.py demo_load` is the entry point.
"""
