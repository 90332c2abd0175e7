"""Downloader middlewares: the crawler's manners and its defences against what real
government sites answer (anti-bot challenges, JS shells, soft 404s, missing charsets)."""
