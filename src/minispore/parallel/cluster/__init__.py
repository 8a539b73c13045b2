"""`mindspore.parallel.cluster`: the msrun launcher (`python -m minispore msrun ...`)."""
