"""Tenants, stores, staff and the three kinds of credentials."""
