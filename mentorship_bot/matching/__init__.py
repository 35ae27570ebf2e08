"""Matching: which mentors suit each waiting mentee, and one optimal assignment (issue 13).

Owns ``score`` (a mentor's score for a mentee, its parts, and the parts in words),
``candidates`` (who waits, who has room, the hard rules, the N best mentors), ``assign`` (one
mentor per mentee, maximising the total score under every mentor's room, with SciPy),
``output`` (a proposal as text, JSON, Markdown) and ``propose`` (the round, then either).

May import: ``errors``, ``model``, ``render``, ``program`` (tags are compared as validation
spells them). Pure and deterministic: no GitLab, no environment, no clock.
"""
