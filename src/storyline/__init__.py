"""storyline: who said what, when, and who reported it first."""

__version__ = "0.1.0"
