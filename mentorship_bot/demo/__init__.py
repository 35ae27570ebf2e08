"""The README's first command: a whole round on the sandbox GitLab, in under a minute."""
