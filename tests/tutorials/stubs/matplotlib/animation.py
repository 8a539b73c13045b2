"""matplotlib.animation in the tutorial tests: an animation records its frames; save writes nothing."""
from . import pyplot


class ArtistAnimation:
    def __init__(self, fig, artists, *args, **kwargs):
        self.frames = len(artists)

    def save(self, filename, *args, **kwargs):
        pyplot.calls.append("animation.save")
        print(f"[animation: {self.frames} frame(s)]")
