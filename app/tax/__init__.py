"""Tax: EU VAT by destination for consumers (rates table, the rate classes, rounding).

Pure data and arithmetic; it calls no other domain and has no tables of its own (a product's
tax class lives on the product, a store's tax mode in its checkout settings).
"""
