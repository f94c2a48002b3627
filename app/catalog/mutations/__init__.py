"""Catalog mutations, each through the one pipeline (app/graphql/mutations.py)."""
