"""Shipped reference catalogs: hardware and model specs, metros and distances. They take specs (the
run's plugin rows are handed in), never build a plugin manager."""
