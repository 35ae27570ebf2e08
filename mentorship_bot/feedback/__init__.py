"""Feedback surveys (issue 14): when each survey falls due for whom, its issue, its answers, and
the aggregates reports may show.

Owns ``schedule`` (which surveys are due for which person on a date, from a pair's dates),
``survey_issue`` (a survey as a confidential issue, and the ticks read back from it),
``decide`` (tonight's survey writes: open, ask once to fix an unclear answer, remind once, close)
and ``aggregate`` (response rates and per-question counts, suppressed under ``min_responses``;
never a text, never one person's answer).

May import: ``errors``, ``model``, ``render``, ``program``, ``matching``, ``provision``. Pure: no
GitLab.
"""
