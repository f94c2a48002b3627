"""The catalog: products, variants, options, categories, collections, media, translations
and search. It calls the inventory's service (a new variant's stock) and reads the tenancy's
store table for currency and languages; the layout is the template of every domain (README,
"A domain's files")."""
