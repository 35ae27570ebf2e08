"""The README's first command: a whole round on the sandbox GitLab, in seconds.

May import: every core stage, ``adapter``, ``runs`` and ``sandbox``.
"""
