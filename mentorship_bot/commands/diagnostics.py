"""What the bot may say about itself: logging at the chosen verbosity, with secrets masked.

Tokens reach the bot only through the environment, and the bot never prints them on purpose. This
module guards against printing them by accident: an error page that echoes the request headers, an
exception message, python-gitlab's and http.client's debug output at ``-vv``. The command line wraps
its standard output and error in ``MaskingStream`` before anything is written, so every path to the
terminal or the CI log goes through the mask.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from http import client
from typing import Any, TextIO

MASK = "[MASKED]"
# The variables a token can arrive in: the bot's own, the plan job's, the live tests', and the CI
# job token GitLab gives every job.
SECRET_VARIABLES = ("GITLAB_TOKEN", "MENTORSHIP_BOT_PLAN_TOKEN", "MENTORSHIP_BOT_LIVE_TOKEN",
                    "CI_JOB_TOKEN")


# GitLab's tokens are 20 characters and more; masking a shorter value ("x" in a test) would garble
# every line without protecting anything.
MIN_SECRET_LENGTH = 8


def secrets_from(env: Mapping[str, str]) -> tuple[str, ...]:
    """The secret values in ``env``, longest first (so one never leaves part of another)."""
    values = {env[name].strip() for name in SECRET_VARIABLES
              if len(env.get(name, "").strip()) >= MIN_SECRET_LENGTH}
    return tuple(sorted(values, key=len, reverse=True))


class MaskingStream:
    """A text stream that writes every secret as ``[MASKED]``; everything else passes through."""

    def __init__(self, stream: TextIO, secrets: Iterable[str]) -> None:
        self._stream = stream
        self._secrets = tuple(secrets)

    def write(self, text: str) -> int:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return self._stream.write(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # isatty, flush, encoding, fileno, buffer ...
        return getattr(self._stream, name)


def configure_logging(verbosity: int) -> None:
    """0: warnings only; 1 (``-v``): what the bot does; 2 (``-vv``): every HTTP exchange too."""
    if verbosity <= 0:
        return
    logging.basicConfig(level=logging.INFO if verbosity == 1 else logging.DEBUG,
                        format="%(levelname)s %(name)s: %(message)s")
    if verbosity >= 2:
        # As python-gitlab's enable_debug: http.client prints request and response headers; send
        # them to the log (and so through the mask) instead of straight to stdout.
        http_log = logging.getLogger("http.client")
        client.HTTPConnection.debuglevel = 1
        client.print = lambda *args, **_: http_log.debug(" ".join(map(str, args)))  # type: ignore[attr-defined]
