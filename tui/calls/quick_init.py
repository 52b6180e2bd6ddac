"""A faster `__init__` for the call model's frozen, slotted dataclasses.

A frozen dataclass's generated `__init__` sets every field through `object.__setattr__`
(its own `__setattr__` refuses), about 0.12 µs a field: building one `Call` (21 fields)
cost more than `json.loads` of the event that caused it. `quick_init` replaces it with one
that stores each argument through the slot's own descriptor, as `object.__setattr__` ends up
doing, without the attribute look-ups on the way (about 2.5x faster). The class stays
frozen: assigning to a field afterwards still raises `FrozenInstanceError`, and equality,
hashing, `repr` and `dataclasses.replace` are untouched.
"""

from __future__ import annotations

from dataclasses import MISSING, fields, is_dataclass
from typing import Any, TypeVar

Model = TypeVar("Model", bound=type)

_NO_VALUE: Any = object()  # stands for "not given" where a field has a default factory


def quick_init(cls: Model) -> Model:
    """Class decorator, applied outside `@dataclass(frozen=True, slots=True)`."""
    params = getattr(cls, "__dataclass_params__", None)
    if not is_dataclass(cls) or params is None or not params.frozen or "__slots__" not in vars(cls):
        raise TypeError(f"{cls.__name__} is not a frozen, slotted dataclass")
    namespace: dict[str, Any] = {"_NO_VALUE": _NO_VALUE}
    signature: list[str] = []
    body: list[str] = []
    for field in fields(cls):
        if not field.init or field.kw_only:
            raise TypeError(f"{cls.__name__}.{field.name}: only plain init fields are supported")
        name = field.name
        namespace[f"_set_{name}"] = getattr(cls, name).__set__  # the slot's descriptor
        if field.default_factory is not MISSING:
            namespace[f"_make_{name}"] = field.default_factory
            signature.append(f"{name}=_NO_VALUE")
            body.append(f"    if {name} is _NO_VALUE:\n        {name} = _make_{name}()")
        elif field.default is not MISSING:
            namespace[f"_default_{name}"] = field.default
            signature.append(f"{name}=_default_{name}")
        else:
            signature.append(name)
        body.append(f"    _set_{name}(self, {name})")
    source = f"def __init__(self, {', '.join(signature)}):\n" + "\n".join(body or ["    pass"])
    exec(source, namespace)  # as `dataclasses` builds its own __init__
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init  # type: ignore[misc]
    return cls
