"""A group of the Store's queries on tables of its own (Store.credentials, Store.search, Store.alerts).

A part uses the Store's connection, engine and write transactions, and keeps the Store's rule: every public method
turns a driver's error into the StoreError a user can act on (a sentence), never a traceback.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any, TypeVar

from peewee import Database

from desktop_app.store.engine import Engine
from desktop_app.store.errors import StoreError

T = TypeVar("T")


def translated(method: Callable[..., T]) -> Callable[..., T]:
    """A method of an object with an `_engine`: a driver error becomes the engine's StoreError (a sentence);
    anything else passes unchanged."""

    @functools.wraps(method)
    def call(self: Any, *args: Any, **kwargs: Any) -> T:
        try:
            return method(self, *args, **kwargs)
        except StoreError:
            raise
        except Exception as exc:
            translated = self._engine.classify(exc)
            if translated is None:
                raise
            raise translated from exc

    return call


def _checked(method: Callable[..., T]) -> Callable[..., T]:
    @functools.wraps(method)
    def call(self: StorePart, *args: Any, **kwargs: Any) -> T:
        self._check_open()
        return method(self, *args, **kwargs)

    return call


class StorePart:
    def __init__(self, db: Database, engine: Engine, write: Callable[[], AbstractContextManager[Any]],
                 check_open: Callable[[], None]) -> None:
        self._db = db
        self._engine = engine
        self._write = write
        self._check_open = check_open

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, member in list(vars(cls).items()):
            if not name.startswith("_") and callable(member):
                setattr(cls, name, _checked(translated(member)))

    def _sql(self, text: str, params: Sequence[Any] = ()) -> Any:
        return self._db.execute_sql(self._engine.sql(text), params)
