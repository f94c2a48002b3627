"""Suppliers (dropshipping automation): supplier connections (AliExpress, CJ, product feeds)
and their adapters, pricing rules, and what was imported from a supplier.

Owns supplier_connections, pricing_rules and supplier_variants. Creates products through the
catalog's services (batched price/stock writes in catalog_writes.py, see there); talks to
suppliers only through `adapters/`, never while a request's transaction holds locks. Job
runs, events and the worker belong to app/automation and app/events (issue 10); the import
and sync here are services those jobs call.
"""
