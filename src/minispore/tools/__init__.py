"""Learning aids and command-line tools: `show_graph`, `check_cell_gradients`, `python -m minispore`."""
from minispore.tools.gradcheck import check_cell_gradients
from minispore.tools.graph import show_graph

__all__ = ["show_graph", "check_cell_gradients"]
