"""Cart: a shopper's server-side cart per store, its lines, buyer, address, delivery choice
and discount codes, and its cost (app/cart/pricing.py), recomputed on every read.

Owns carts, cart_lines and store_checkout_settings. Calls catalog (purchasable variants),
inventory (stock available), discounts, shipping and tax.
"""
