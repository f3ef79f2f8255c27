"""pivbot: a piv.day account in a Telegram chat."""
