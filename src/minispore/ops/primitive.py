"""`mindspore.ops.primitive`: the base classes of the Primitive-style operator classes."""
import functools
import inspect

__all__ = ["Primitive", "PrimitiveWithInfer", "prim_attr_register"]


class Primitive:
    """An operator configured by attributes at construction and called with Tensors."""

    def __init__(self, name=None):
        self.name = name or type(self).__name__
        self.attrs = {}
        self.instance_name = ""

    def add_prim_attr(self, name, value):
        """Record an attribute (shown in the repr); returns self."""
        self.attrs[name] = value
        return self

    def del_prim_attr(self, name):
        self.attrs.pop(name, None)
        return self

    def set_prim_instance_name(self, instance_name):
        self.instance_name = instance_name
        return self

    def __call__(self, *args):
        raise NotImplementedError(f"Primitive '{self.name}' has no implementation in minispore: a subclass must "
                                  "define __call__ (minispore runs every primitive eagerly in Python).")

    def __repr__(self):
        if not self.attrs:
            return f"Prim[{self.name}]"
        attrs = ", ".join(f"{k}={v}" for k, v in self.attrs.items())
        return f"Prim[{self.name}]<{attrs}>"


class PrimitiveWithInfer(Primitive):
    """A Primitive whose subclasses may define infer_shape / infer_dtype / infer_value."""

    def infer_shape(self, *args):
        return None

    def infer_dtype(self, *args):
        return None

    def infer_value(self, *args):
        return None


def prim_attr_register(fn):
    """Decorator for a Primitive's __init__: records its arguments as attributes."""
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def init(self, *args, **kwargs):
        Primitive.__init__(self, type(self).__name__)
        bound = signature.bind(self, *args, **kwargs)
        bound.apply_defaults()
        for name, value in list(bound.arguments.items())[1:]:
            self.add_prim_attr(name, value)
        fn(self, *args, **kwargs)

    return init
