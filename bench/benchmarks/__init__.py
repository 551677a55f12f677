"""Benchmark modules: each registers generators and benchmarks with ``bench.registry``."""

import importlib
import pkgutil


def load_all() -> None:
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        importlib.import_module(f"{__name__}.{module.name}")
