"""Supplier adapters: one module per kind behind one small interface (base.py), built for a
connection by `adapter_for` (registry.py). They speak HTTP to the supplier, never SQL."""
