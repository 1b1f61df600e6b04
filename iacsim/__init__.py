"""iacsim: simulate AWS encryption infrastructure before you apply it."""

__version__ = "0.1.0"
