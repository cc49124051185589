"""Reminders: a database-backed scheduler, the reminder commands and the season timeline."""

from bot.reminders.commands import ReminderFeature
from bot.reminders.scheduler import Scheduler

__all__ = ["ReminderFeature", "Scheduler"]
