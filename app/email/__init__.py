"""Shopper emails: abandoned-cart reminders, their sends and unsubscribes.

Owns `cart_email_sends` and `email_unsubscribes`. Reads carts through the cart domain's
view (lines, cost) and the consent columns it stores; sends with aiosmtplib to the SMTP
server of the settings.
"""
