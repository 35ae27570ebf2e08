"""The intake (issue 13): "Request a mentor" issues read back, one "Choose your mentor" issue per
waiting mentee, the ticks read back, tonight's intake writes, and what the merge request proposes.

Owns ``choice_issue`` (the choice issue's labels and title; its text and the tick read back are
``render.choice_text``'s, which ``validate`` checks a program's template with), ``requests``
(where the request template lives; its text and a request's fields read back are
``render.request_text``'s), ``decide`` (per waiting mentee: open, refresh the candidates, remind,
link, close; the pairs and mentees to propose) and ``proposal_text`` (the merge request's
description).

May import: ``errors``, ``model``, ``render``, ``program``, ``matching``, ``provision``. It stands
beside the sweep, as feedback does. Pure: the sweep reads the intake project and writes through
the adapter (adapter/intake_io.py, runs/intake.py).
"""
