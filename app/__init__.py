"""Edestory Commerce: a GraphQL-first, multi-tenant headless commerce API."""
