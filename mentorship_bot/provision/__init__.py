"""Provisioning: what GitLab should hold for a program on a date, what it holds, and the difference.

Owns ``desired_state`` (groups, projects, labels, milestones and issues a program needs today),
``observed_state`` (the compact form of what a bulk read of GitLab found), ``plan`` (actions and
plans, which the sweep's writes share), ``diff`` (the plan that takes one to the other, never
losing a person's edit, pair by pair), ``member_actions`` (who a pair's project lacks),
``plan_output`` (the words and JSON of each action) and
``plan_writers`` (the plan as text, JSON and Markdown, written as it is produced),
``issue_facts`` (an issue as facts without its words, which the diff can plan from) and
``issue_snapshot`` (every pair's issues as facts, kept for the next night's read).

May import: ``errors``, ``model``, ``render``, ``program``, ``matching``. Pure: no GitLab,
no environment.
"""
