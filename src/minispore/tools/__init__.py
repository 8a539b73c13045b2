"""Learning aids and command-line tools: `show_graph`, `show_jit_graph`, `check_cell_gradients`,
`python -m minispore`."""
from minispore.tools.gradcheck import check_cell_gradients
from minispore.tools.graph import show_graph
from minispore.tools.jit_graph import show_jit_graph

__all__ = ["show_graph", "show_jit_graph", "check_cell_gradients"]
