"""`mindspore.ops.operations` (imported as `P`): Primitive-style operator classes, thin over the functional ops."""
from minispore.ops.operations.array_ops import *  # noqa: F401,F403
from minispore.ops.operations.math_ops import *  # noqa: F401,F403
from minispore.ops.operations.nn_ops import *  # noqa: F401,F403
from minispore.ops.operations.comm_ops import *  # noqa: F401,F403
from minispore.ops.operations.conv_ops import *  # noqa: F401,F403
from minispore.ops.operations import array_ops, comm_ops, conv_ops, math_ops, nn_ops
from minispore.ops.primitive import Primitive, PrimitiveWithInfer, prim_attr_register

__all__ = array_ops.__all__ + math_ops.__all__ + nn_ops.__all__ + comm_ops.__all__ + conv_ops.__all__ + [
    "Primitive", "PrimitiveWithInfer", "prim_attr_register"]
