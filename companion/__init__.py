"""Ixempra Companion: an offline patient companion app."""

__version__ = "0.1.0"
