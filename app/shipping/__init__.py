"""Shipping: zones of countries and their rates; which rates apply to a cart.

Owns shipping_zones and shipping_rates. Calls no other domain.
"""
