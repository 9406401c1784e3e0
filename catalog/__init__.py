"""What is sold: categories, units, products, OCOP certificates, rural-industry awards."""
