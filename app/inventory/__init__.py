"""Stock levels per variant (on hand, reserved) and their changes."""
