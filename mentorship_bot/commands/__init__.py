"""The command line: one module per command; each parses, calls a run or a stage, and prints.

The only code that reads the environment (``GITLAB_URL``, tokens) and writes to the terminal;
every command can print JSON, and tokens are masked on every stream.

May import: every core stage, ``adapter``, ``runs``, ``sandbox``, ``demo`` and the package's
``__init__``.
"""
