"""calldeck: a keyboard-driven terminal companion for RingCentral phone users."""

__version__ = "0.1.0"
