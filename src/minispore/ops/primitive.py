"""`mindspore.ops.primitive`: the base classes of the Primitive-style operator classes."""
import functools
import inspect

__all__ = ["Primitive", "PrimitiveWithInfer", "prim_attr_register", "constexpr"]


class Primitive:
    """An operator configured by attributes at construction and called with Tensors."""

    def __init_subclass__(cls, **kwargs):
        # A Primitive class without attributes takes no arguments (MindSpore's `ops.ReLU()`): give it that
        # signature rather than inheriting the optional `name`.
        super().__init_subclass__(**kwargs)
        if "__init__" not in cls.__dict__ and cls.__init__ is Primitive.__init__:
            def __init__(self):
                Primitive.__init__(self)
            __init__.__qualname__ = f"{cls.__qualname__}.__init__"
            cls.__init__ = __init__

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

    def __init__(self, name=None):
        super().__init__(name)

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


class _Constexpr(PrimitiveWithInfer):
    """A function of constants made a Primitive by `constexpr`: calling it calls the function."""

    _fn = None

    def __call__(self, *args):
        return type(self)._fn(*args)


def constexpr(fn=None, get_instance=True, name=None, reuse_result=True, check=True):
    """Decorator: a function of Python constants as a Primitive (an instance, or the class with
    get_instance=False). Graphs evaluate it at compile time; eagerly it is a plain call."""
    def deco(function):
        cls = type(name or function.__name__, (_Constexpr,), {"_fn": staticmethod(function),
                                                              "__doc__": function.__doc__})
        return cls() if get_instance else cls
    return deco(fn) if fn is not None else deco
