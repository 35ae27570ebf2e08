"""The only part of mentorship-bot that talks to GitLab: nothing else imports python-gitlab.

Owns ``connection`` (two python-gitlab clients over one counted, paced session; retries that
never duplicate), ``observe`` (the bulk read into an observed state, whole or from the issue
snapshot and the updates since), ``snapshot_io`` (that snapshot's file in the dashboard
project), ``execute`` and ``sweep_execute`` (the plan's and the sweep's writes, pair by pair in
a pool) and ``mr_note``.

May import: ``errors``, ``model``, ``render``, ``program``, ``matching``, ``provision``,
``sweep``, ``feedback``, ``intake``.
"""
