"""`mindspore.run_check`: check that the installation computes."""
import minispore
from minispore import Tensor, ops

__all__ = ["run_check"]


def run_check():
    """Print the version and the result of a small multiplication (MindSpore's installation check)."""
    try:
        print("minispore version: ", minispore.__version__)
        product = ops.Mul()(Tensor([1.0, 2.0, 3.0], minispore.float32), Tensor([4.0, 5.0, 6.0], minispore.float32))
        if product.asnumpy().tolist() != [4.0, 10.0, 18.0]:
            raise ArithmeticError(f"1*4, 2*5, 3*6 gave {product.asnumpy().tolist()}")
        print("The result of multiplication calculation is correct, minispore has been installed on platform "
              f"[{minispore.get_context('device_target')}] successfully!")
    except Exception as error:  # the check reports any failure, as MindSpore's does
        print("minispore running check failed.")
        print(str(error))
