"""Catalog reads: SQL, DataLoaders, pages and the per-page prefetch; objects built from rows."""
