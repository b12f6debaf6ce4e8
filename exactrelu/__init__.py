"""exactrelu: exact combinatorial geometry of shallow ReLU networks."""

__version__ = "0.1.0"
