"""Flet views: state in, gestures out; no business rules."""
