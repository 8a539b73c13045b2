"""A stand-in for matplotlib in the lesson tests: pyplot records the calls (no drawing)."""
