"""GraphQL machinery shared by the domains; it imports no domain."""

from app.graphql import codes as _codes  # registers the ISO enums before any type uses them

__all__ = ["_codes"]
