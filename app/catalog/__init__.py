"""Products, variants, options, categories, collections, media, translations and search."""
