"""The part of `six` the tutorials use."""


def b(text):
    return text.encode("latin-1")
