"""Command-line tools and learning aids (`python -m minispore ...`)."""
