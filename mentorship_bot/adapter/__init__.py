"""The only part of mentorship-bot that talks to GitLab: nothing else imports python-gitlab."""
