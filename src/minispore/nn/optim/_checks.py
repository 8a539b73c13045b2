"""Argument checks shared by the adaptive optimizers."""

__all__ = ["check_betas_eps", "check_bool"]


def check_betas_eps(beta1, beta2, eps, cls_name):
    """beta1, beta2 floats in (0, 1); eps a positive float."""
    for name, value in (("beta1", beta1), ("beta2", beta2), ("eps", eps)):
        if not isinstance(value, float):
            raise TypeError(f"For '{cls_name}', the type of '{name}' should be 'float', but got type "
                            f"'{type(value).__name__}'.")
    for name, value in (("beta1", beta1), ("beta2", beta2)):
        if not 0.0 < value < 1.0:
            raise ValueError(f"For '{cls_name}', the '{name}' must be in range (0.0, 1.0), but got {value}.")
    if eps <= 0:
        raise ValueError(f"For '{cls_name}', the 'eps' must be positive, but got {eps}.")


def check_bool(value, name, cls_name):
    if not isinstance(value, bool):
        raise TypeError(f"For '{cls_name}', the '{name}' must be bool, but got {type(value).__name__}.")
