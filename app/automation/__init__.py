"""Automation: long-running tasks and their job runs (supplier sync, AI content build on it).

Job runs (`job_runs.py`) record a task's status, progress, messages, result and errors, and
announce progress as `job.progress` / `job.finished` events through app/events' outbox.
"""
