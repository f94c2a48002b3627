"""Persisted operations: automatic persisted queries (APQ texts kept in Redis per tenant)
and trusted documents (a store's registered manifest, in PostgreSQL).

It owns `persisted_documents`; it calls no other domain. The view
is handed a `DocumentResolver` by the app factory, so app/graphql stays free of domains.
"""
