"""Automation: supplier connections (AliExpress, CJ, product feeds) and their adapters,
pricing rules, and what was imported from a supplier.

Owns supplier_connections, pricing_rules and supplier_variants. Creates and updates products
through the catalog's services only; talks to suppliers only through `adapters/`, never while
a request's transaction holds locks.
"""
