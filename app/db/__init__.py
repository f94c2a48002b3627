"""Shared database machinery: engine, tenant-scoped transactions, RLS and grants."""
