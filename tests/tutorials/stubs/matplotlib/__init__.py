"""A stand-in for matplotlib in the tutorial tests: pyplot records the calls (no drawing)."""
