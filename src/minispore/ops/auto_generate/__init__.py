"""`mindspore.ops.auto_generate`: the names MindSpore generates from its op definitions — Primitive classes
(gen_ops_prim) and functions (gen_ops_def). minispore provides those of them that its ops implement; the rest of
MindSpore's ~2,600 generated names (mostly Ascend kernels) are absent."""
from minispore.ops.auto_generate import gen_ops_def, gen_ops_prim
from minispore.ops.auto_generate.gen_ops_def import *  # noqa: F401,F403
from minispore.ops.auto_generate.gen_ops_def import __all__ as _names

__all__ = list(_names)
