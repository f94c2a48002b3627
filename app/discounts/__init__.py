"""Discounts: codes, their conditions, and their usage (reserved at checkout, counted once
when the order is paid).

Owns discounts, discount_collections and discount_usages. Reads catalog collections'
membership through the cart's line query (the product ids it is given).
"""
