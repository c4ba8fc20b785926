"""tm: translation memory and terminology alignment."""

__version__ = "0.1.0"
