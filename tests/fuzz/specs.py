"""Every spec of the fuzz suite, by name (family:op)."""
from tests.fuzz import specs_elementwise, specs_generic, specs_methods, specs_nn, specs_reduce, specs_shape

SPECS = {}
for _module in (specs_elementwise, specs_reduce, specs_shape, specs_nn, specs_methods, specs_generic):
    SPECS.update(_module.SPECS)
