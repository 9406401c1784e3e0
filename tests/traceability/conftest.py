from tests.orders.conftest import terms  # noqa: F401  (the storefront's terms of sale)
