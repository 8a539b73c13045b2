"""Graphs of primitives: capturing a forward pass (for export) and running graphs loaded from MindIR files."""
