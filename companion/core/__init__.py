"""Pure domain rules: no flet, tinydb, plyer, clock or file access."""
