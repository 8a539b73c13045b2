"""`nn.GraphCell`: runs a graph loaded from a MindIR file (`mindspore.load`) as a Cell."""
from minispore._graph.func_graph import FuncGraph
from minispore.common.parameter import Parameter
from minispore.common.tensor import Tensor
from minispore.nn.cell import Cell

__all__ = ["GraphCell"]


class GraphCell(Cell):
    """A Cell that runs a FuncGraph loaded from MindIR; its Parameters carry the exported names.

    Args:
        graph (FuncGraph): a graph from `mindspore.load`.
        params_init (dict): name -> Tensor or Parameter, replacing the values of the graph's Parameters
            of those names (names the graph does not have are ignored, as in MindSpore).
        obf_random_seed (Union[int, None]): dynamic obfuscation, not supported (must be None).
    """

    def __init__(self, graph, params_init=None, obf_random_seed=None):
        super().__init__(auto_prefix=True)
        if not isinstance(graph, FuncGraph):
            raise TypeError("For 'GraphCell', the argument 'graph' must be a FuncGraph loaded from MindIR, "
                            f"but got type {type(graph)}.")
        if obf_random_seed is not None:
            raise NotImplementedError("For 'GraphCell', dynamic structure obfuscation (obf_random_seed) is not "
                                      "supported now.")
        params_init = {} if params_init is None else params_init
        if not isinstance(params_init, dict):
            raise TypeError(f"For 'GraphCell', the argument 'params_init' must be a dict, but got {type(params_init)}.")
        for name, value in params_init.items():
            if not isinstance(name, str) or not isinstance(value, Tensor):
                raise TypeError("For 'GraphCell', the key of the 'params_init' must be str, and the value must be "
                                f"Tensor or Parameter, but got the key type: {type(name)}, and the value type: "
                                f"{type(value)}")
        self.__dict__["graph"] = graph
        for name, initial in graph.parameters.items():
            value = params_init.get(name, initial)
            if tuple(value.shape) != tuple(initial.shape) or value.dtype != initial.dtype:
                raise ValueError(f"For 'GraphCell', params_init['{name}'] must have shape {tuple(initial.shape)} and "
                                 f"dtype {initial.dtype} as in the graph, but got shape {tuple(value.shape)} and "
                                 f"dtype {value.dtype}.")
            self.insert_param_to_cell(name, Parameter(value.copy(), name=name), check_name_contain_dot=False)

    def construct(self, *inputs):
        return self.graph.run(inputs, {name: self._params[name] for name in self.graph.parameters})
