"""A stand-in for `requests`: the tests never reach the network, so a request is an error."""


def get(url, *args, **kwargs):
    raise RuntimeError(f"requests stub: the tutorial tests do not download ({url}); prepare the cache instead")
