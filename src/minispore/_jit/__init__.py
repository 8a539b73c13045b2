"""Graph capture and replay for `jit` and GRAPH_MODE (see DESIGN.md, "Graph mode").

`trace.py` records a call's primitives through the dispatch door, `compile.py` turns a trace into a
straight-line replay on raw arrays, `function.py` keeps one compiled function per input signature.
"""
from minispore._jit.function import JitFunction
from minispore._jit.host import is_opaque

__all__ = ["JitFunction", "graph_mode", "set_graph_mode", "call_cell"]

# Whether Cells compile when called outside any transformation (set_context(mode=GRAPH_MODE)).
graph_mode = False


def set_graph_mode(on):
    global graph_mode
    graph_mode = bool(on)


def call_cell(cell, args, kwargs):
    """A Cell called in GRAPH_MODE: its call compiled per signature (kept on the Cell)."""
    if is_opaque(cell):  # it writes Tensors outside the door: nothing to compile
        return cell._call_eagerly(args, kwargs)
    compiled = cell.__dict__.get("_graph_call")
    if compiled is None:
        compiled = JitFunction(lambda *a, **k: cell._call_eagerly(a, k), name=cell.cls_name,
                               level=cell.jit_config_dict.get("jit_level") or "O0")
        cell.__dict__["_graph_call"] = compiled
    return compiled(*args, **kwargs)
