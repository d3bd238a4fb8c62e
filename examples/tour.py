"""A short tour of what pyguide explains and warns about."""
import functools as ft
import json


@ft.lru_cache(maxsize=None)  # tour: explain
def fibonacci(n):
    return n if n < 2 else fibonacci(n - 1) + fibonacci(n - 2)


def load_settings(path, overrides={}):
    with open(path) as handle:  # tour: explain
        settings = json.load(handle)
    settings.update(overrides)
    return settings


def port_from(settings):
    try:
        return int(settings["port"])
    except:
        return 8080


def is_missing(value):
    return value == None
