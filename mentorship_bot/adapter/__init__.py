"""The only part of mentorship-bot that talks to GitLab, and the only one importing python-gitlab."""
