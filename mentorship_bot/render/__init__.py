"""Text the bot writes into GitLab (issues, READMEs, notes, certificates) and what it hides there.

Owns the template set and its locked-down Jinja environment (``templates``), the variables each
template receives (``context``, ``person_context``, documented in ``issue_templates/README.md``),
the "Choose your mentor" issue's text and the tick read back from it (``choice_text``), the
"Request a mentor" form and a request read back (``request_text``), the Progress issue's managed
block (``managed_block``, ``progress_block``) and ledger (``ledger``), the hidden markers that
let a run find its objects again (``markers``) and the neutraliser that keeps text from YAML or
from people from acting in GitLab (``neutralise``).

May import: ``errors``, ``model``. Pure: no GitLab, no environment, no printing.
"""
