"""Adapters to the outside world: storage, notifications, files, clock."""
