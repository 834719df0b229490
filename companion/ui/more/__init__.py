"""More: patients, settings, the clinic report, backup and privacy, one section per module (view.py puts
them together)."""

from companion.ui.more.view import MoreView

__all__ = ["MoreView"]
