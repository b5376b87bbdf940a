"""One reader per letter layout; ``detect`` picks it."""
