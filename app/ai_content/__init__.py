"""AI product content: drafts of titles, descriptions, SEO texts and tags written by Claude
(the `anthropic` SDK) from a product's own facts, reviewed before they change the product.

Owns `ai_content_drafts` and `store_content_settings`. Calls the catalog's services to
write approved drafts (product texts, translations); reads products and stores for facts.
"""
