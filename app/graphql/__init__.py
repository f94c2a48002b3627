"""GraphQL machinery shared by the domains; it imports no domain."""
