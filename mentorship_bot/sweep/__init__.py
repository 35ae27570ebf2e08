"""The nightly sweep's decisions: how far each pair got, its status, and what to write tonight.

Owns ``progress`` (completion, statuses and the last activity of every pair, from what GitLab
holds), ``activity`` (what people did, blind to the bot's writes), ``actions`` (tonight's writes:
Progress tables, status labels, nudges, escalations, certificates, the dashboard), ``dashboard``
(the coordinators' issue) and ``certificates``.

May import: ``errors``, ``model``, ``render``, ``program``, ``matching``, ``provision``.
Pure: no GitLab.
"""
