"""Reproducible benchmarks of the storefront read path (`make bench`, see README.md)."""
