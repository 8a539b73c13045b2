"""Recording, the reverse pass and MindSpore's functional autodiff API."""
