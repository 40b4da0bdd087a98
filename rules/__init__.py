"""The bundled rule library (YAML data only)."""

from pathlib import Path

LIBRARY_DIR = Path(__file__).resolve().parent
