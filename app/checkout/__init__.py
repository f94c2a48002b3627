"""Checkout: turns a cart into a priced, stock-reserved checkout with a PaymentIntent, and a
succeeded payment into a PAID order, once.

Owns checkouts. Calls cart (the priced cart), inventory (reservations), discounts (uses),
orders (the paid order) and payments (the gateway interface).
"""
