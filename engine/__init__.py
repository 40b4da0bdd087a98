"""csaudit engine: rule specs, compilation, evaluation and findings."""

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("csaudit")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
