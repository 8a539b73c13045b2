"""Elementwise primitives beyond elementwise.py: atan2 (the angle of (x, y), no composite is stable at x = 0),
erfinv (the inverse error function; its derivative is sqrt(pi)/2 * exp(erfinv(x)**2)), and without a
gradient gcd, lcm and signbit (integer and bit facts no composite computes)."""
import math

from minispore.ops._prims import defprim
from minispore.ops._prims.dispatch import needs_grad
from minispore.ops._prims.elementwise import exp


def _atan2_rule(y, x, out, dout):
    radius = y * y + x * x
    return (dout * x / radius if needs_grad(y) else None,
            -dout * y / radius if needs_grad(x) else None)


atan2 = defprim("atan2", lambda xp, y, x: xp.arctan2(y, x), _atan2_rule)


def _erfinv_kernel(xp, x):
    """The inverse error function: SciPy's when installed, else Giles' approximation refined by two Newton
    steps on erf (double precision throughout)."""
    try:
        from scipy.special import erfinv as scipy_erfinv
        return scipy_erfinv(x).astype(x.dtype, copy=False)
    except ImportError:
        erf = xp.vectorize(math.erf, otypes=[xp.float64])
        w = -xp.log((1.0 - x.astype(xp.float64)) * (1.0 + x.astype(xp.float64)))
        central = w < 5.0
        w1, w2 = w - 2.5, xp.sqrt(w) - 3.0
        p1 = xp.polyval([2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087,
                         -0.00125372503, -0.00417768164, 0.246640727, 1.50140941], w1)
        p2 = xp.polyval([-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773,
                         -0.0076224613, 0.00943887047, 1.00167406, 2.83297682], w2)
        y = xp.where(central, p1, p2) * x
        for _ in range(2):
            y = y - (erf(y) - x) / (2.0 / math.sqrt(math.pi) * xp.exp(-y * y))
        return y.astype(x.dtype)


erfinv = defprim("erfinv", _erfinv_kernel,
                 lambda x, out, dout: (dout * exp(out * out) * (math.sqrt(math.pi) / 2),))


gcd = defprim("gcd", lambda xp, x, y: xp.gcd(x, y), None)
lcm = defprim("lcm", lambda xp, x, y: xp.lcm(x, y), None)
# True where the sign bit is set (-0.0 and NaNs with a sign included).
signbit = defprim("signbit", lambda xp, x: xp.signbit(x), None)
