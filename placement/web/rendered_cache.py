"""Rendered HTML kept in the worker's memory under a key, the least recently used dropped."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from flask import Flask, current_app


class RenderedCache:
    """A bounded map from a key to rendered text. The key must name everything the text
    depends on (its version, the day, the language, the address's query): nothing here
    expires by itself, an entry under a key no request forms again is simply pushed out."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict[Hashable, str] = OrderedDict()
        self._lock = threading.Lock()  # gunicorn's threaded workers share one process

    def get(self, key: Hashable) -> str | None:
        with self._lock:
            text = self._entries.get(key)
            if text is not None:
                self._entries.move_to_end(key)
            return text

    def put(self, key: Hashable, text: str) -> None:
        with self._lock:
            self._entries[key] = text
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


def for_app(name: str, size: int, app: Flask | None = None) -> RenderedCache:
    """The app's cache called `name`: one per app, so two apps in one process (the tests)
    never see each other's pages."""
    app = app or current_app
    caches = app.extensions.setdefault("rendered_caches", {})
    cache = caches.get(name)
    return cache if cache is not None else caches.setdefault(name, RenderedCache(size))
