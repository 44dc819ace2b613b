"""The version of normalize (one place: the package, the manifest's ``tool`` and bags read it)."""

__version__ = "0.1.0"
