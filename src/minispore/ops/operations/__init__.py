"""`mindspore.ops.operations` (imported as `P`): Primitive-style operator classes, thin over the functional ops."""
from minispore.ops.operations.array_ops import *  # noqa: F401,F403
from minispore.ops.operations.math_ops import *  # noqa: F401,F403
from minispore.ops.operations.nn_ops import *  # noqa: F401,F403
from minispore.ops.operations.comm_ops import *  # noqa: F401,F403
from minispore.ops.operations.conv_ops import *  # noqa: F401,F403
from minispore.ops.operations.image_ops import *  # noqa: F401,F403
from minispore.ops.operations.random_ops import *  # noqa: F401,F403
from minispore.ops.operations.other_ops import *  # noqa: F401,F403
from minispore.ops.operations.custom_ops import *  # noqa: F401,F403
from minispore.ops.operations.bitwise_ops import *  # noqa: F401,F403
from minispore.ops.operations.index_ops import *  # noqa: F401,F403
from minispore.ops.operations.linalg_ops import *  # noqa: F401,F403
from minispore.ops.operations.rnn_ops import *  # noqa: F401,F403
from minispore.ops.operations.debug_ops import ScalarSummary, ImageSummary, TensorSummary, HistogramSummary
from minispore.ops.operations import (array_ops, bitwise_ops, comm_ops, conv_ops, custom_ops, image_ops, index_ops,
                                      linalg_ops, math_ops, nn_ops, other_ops, random_ops, rnn_ops)
from minispore.ops.primitive import Primitive, PrimitiveWithInfer, prim_attr_register

__all__ = (array_ops.__all__ + math_ops.__all__ + nn_ops.__all__ + comm_ops.__all__ + conv_ops.__all__
           + image_ops.__all__ + random_ops.__all__ + other_ops.__all__ + custom_ops.__all__ + bitwise_ops.__all__
           + index_ops.__all__ + linalg_ops.__all__ + rnn_ops.__all__
           + ["ScalarSummary", "ImageSummary", "TensorSummary", "HistogramSummary"]
           + ["Primitive", "PrimitiveWithInfer", "prim_attr_register"])
