"""Allow ``python -m mentorship_bot``."""

from mentorship_bot.cli import main

if __name__ == "__main__":
    main()
