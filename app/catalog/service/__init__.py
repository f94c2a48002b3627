"""Catalog services: business rules over the request's DB handle; no strawberry here."""
