"""Outbound network helpers shared by the domains (no domain imports here)."""
