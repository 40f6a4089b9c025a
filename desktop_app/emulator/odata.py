"""OData query options as Graph's directory endpoints accept them: $filter, $select, $expand, skip tokens.

$filter is deliberately narrow: directory objects support only a few operators per property, and anything
else answers 400 Request_UnsupportedQuery, as Graph does, so a client cannot come to rely on more.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from .errors import ApiError, bad_request, unsupported_query

Predicate = Callable[[Mapping[str, Any]], bool]

_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<punct>[(),:])"
    r"|(?P<date>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))"
    r"|(?P<num>-?\d+(?:\.\d+)?)|(?P<word>[A-Za-z_$][A-Za-z0-9_./$-]*))"
)
_OPERATORS = {"eq", "ne", "ge", "le", "gt", "lt", "in"}
_SUPPORTED_OPERATORS = {"eq", "ge", "le", "in"}


def _tokenize(text: str) -> list[tuple[str, Any]]:
    tokens: list[tuple[str, Any]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise bad_request(f"Invalid filter clause: syntax error at position {pos} in '{text}'.", "BadRequest")
        pos = match.end()
        if match.group("str") is not None:
            tokens.append(("lit", match.group("str")[1:-1].replace("''", "'")))
        elif match.group("punct") is not None:
            tokens.append(("p", match.group("punct")))
        elif match.group("date") is not None:  # an OData DateTimeOffset literal: unquoted, e.g. 2024-05-01T00:00:00Z
            tokens.append(("lit", _datetime(match.group("date"))))
        elif match.group("num") is not None:
            number = match.group("num")
            tokens.append(("lit", float(number) if "." in number else int(number)))
        else:
            word = match.group("word")
            lowered = word.lower()
            if lowered in ("true", "false"):
                tokens.append(("lit", lowered == "true"))
            elif lowered == "null":
                tokens.append(("lit", None))
            else:
                tokens.append(("w", word))
    return tokens


def _datetime(text: str) -> datetime:
    head, _, fraction = text.rstrip("Z").partition(".")
    offset = ""
    for sign in "+-":
        if sign in fraction:
            fraction, _, rest = fraction.partition(sign)
            offset = sign + rest
    if not fraction and len(head) > 19:
        head, offset = head[:19], head[19:]
    moment = datetime.fromisoformat(head + (f".{fraction[:6]}" if fraction else "") + (offset or "+00:00"))
    return moment.astimezone(UTC)


def _norm(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


class _Parser:
    def __init__(self, text: str, fields: Mapping[str, str], resource: str) -> None:
        self.tokens = _tokenize(text)
        self.pos = 0
        self.fields = fields  # filter name -> key in the object ("appId" -> "appId")
        self.resource = resource

    def peek(self) -> tuple[str, Any] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, Any]:
        token = self.peek()
        if token is None:
            raise bad_request("Invalid filter clause: unexpected end of expression.", "BadRequest")
        self.pos += 1
        return token

    def expect(self, kind: str, value: Any = None) -> Any:
        token = self.take()
        if token[0] != kind or (value is not None and str(token[1]).lower() != value):
            raise bad_request(f"Invalid filter clause: expected {value or kind}, found '{token[1]}'.", "BadRequest")
        return token[1]

    def field(self, name: str) -> str:
        key = self.fields.get(name)
        if key is None:
            raise unsupported_query(
                f"Unsupported or invalid query filter clause specified for property '{name}' of resource '{self.resource}'."
            )
        return key

    def parse(self) -> Predicate:
        predicate = self.expr()
        if self.peek() is not None:
            raise bad_request(f"Invalid filter clause: unexpected '{self.peek()[1]}'.", "BadRequest")  # type: ignore[index]
        return predicate

    def expr(self) -> Predicate:
        left = self.term()
        while (token := self.peek()) and token == ("w", "or"):
            self.take()
            right = self.term()
            left = (lambda a, b: lambda o: a(o) or b(o))(left, right)
        return left

    def term(self) -> Predicate:
        left = self.factor()
        while (token := self.peek()) and token == ("w", "and"):
            self.take()
            right = self.factor()
            left = (lambda a, b: lambda o: a(o) and b(o))(left, right)
        return left

    def factor(self) -> Predicate:
        token = self.take()
        if token == ("p", "("):
            inner = self.expr()
            self.expect("p", ")")
            return inner
        if token[0] != "w":
            raise bad_request(f"Invalid filter clause: unexpected '{token[1]}'.", "BadRequest")
        word = token[1]
        if word.lower() == "not":
            raise unsupported_query("Operator 'not' is not supported without ConsistencyLevel (not emulated).")
        if word.lower() in ("startswith", "endswith", "contains"):
            if word.lower() != "startswith":
                raise unsupported_query(f"Unsupported Query: function '{word}' is not supported.")
            self.expect("p", "(")
            key = self.field(self.expect("w"))
            self.expect("p", ",")
            prefix = self.expect("lit")
            self.expect("p", ")")
            if not isinstance(prefix, str):
                raise bad_request("startswith needs a string literal.", "BadRequest")
            low = prefix.lower()
            return lambda o: isinstance(o.get(key), str) and o[key].lower().startswith(low)
        if word.endswith("/any"):
            key = self.field(word[: -len("/any")])
            self.expect("p", "(")
            var = self.expect("w")
            self.expect("p", ":")
            inner = self.expect("w")
            if inner != var and not inner.startswith(var + "/"):
                raise bad_request("Invalid lambda expression.", "BadRequest")
            member = inner[len(var) + 1:] or None  # any(t:t/id eq 'x'): a property of each item
            op = str(self.expect("w")).lower()
            if op != "eq":
                raise unsupported_query(f"Operator '{op}' is not supported inside any().")
            literal = _norm(self.expect("lit"))
            self.expect("p", ")")
            if member is not None:
                return lambda o: any(isinstance(v, Mapping) and _norm(v.get(member)) == literal
                                     for v in (o.get(key) or ()))
            return lambda o: any(_norm(v) == literal for v in (o.get(key) or ()))
        key = self.field(word)
        op = str(self.expect("w")).lower()
        if op not in _OPERATORS:
            raise bad_request(f"Invalid filter clause: unknown operator '{op}'.", "BadRequest")
        if op not in _SUPPORTED_OPERATORS:
            raise unsupported_query(f"Unsupported Query: operator '{op}' is not supported for property '{word}'.")
        if op == "in":
            self.expect("p", "(")
            values = {_norm(self.expect("lit"))}
            while self.peek() == ("p", ","):
                self.take()
                values.add(_norm(self.expect("lit")))
            self.expect("p", ")")
            return lambda o: _norm(o.get(key)) in values
        literal = _norm(self.expect("lit"))
        if op == "eq":
            return lambda o: _norm(o.get(key)) == literal
        if literal is None:
            raise bad_request("Invalid filter clause: null is not comparable.", "BadRequest")
        if op == "ge":
            return lambda o: o.get(key) is not None and _norm(o[key]) >= literal
        return lambda o: o.get(key) is not None and _norm(o[key]) <= literal


def parse_filter(text: str, fields: Mapping[str, str], resource: str) -> Predicate:
    """`fields` maps the names allowed in the filter to keys of the stored object."""
    return _Parser(text, fields, resource).parse()


def parse_select(text: str | None, allowed: set[str], type_name: str) -> list[str] | None:
    if text is None:
        return None
    names = [part.strip() for part in text.split(",") if part.strip()]
    if not names:
        raise bad_request("Invalid $select: empty.", "BadRequest")
    for name in names:
        if name not in allowed:
            raise bad_request(f"Could not find a property named '{name}' on type 'microsoft.graph.{type_name}'.")
    return names


_EXPAND = re.compile(r"^\s*([A-Za-z]+)\s*(?:\((.*)\))?\s*$")


def parse_expand(text: str | None, navigations: set[str], supported: set[str], type_name: str) -> tuple[str, list[str] | None] | None:
    """Returns (navigation, nested $select) or None. Directory objects expand one navigation at a time."""
    if text is None:
        return None
    depth, parts, current = 0, [], ""
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    if len(parts) > 1:
        raise bad_request("Expanding more than one navigation property at a time is not supported.", "Request_BadRequest")
    match = _EXPAND.match(parts[0])
    if not match:
        raise bad_request(f"Invalid $expand: '{text}'.", "BadRequest")
    name, options = match.group(1), match.group(2)
    if name not in navigations:
        raise bad_request(f"Could not find a property named '{name}' on type 'microsoft.graph.{type_name}'.")
    if name not in supported:
        raise unsupported_query(f"Expanding '{name}' is not supported by the emulator.")
    nested: list[str] | None = None
    if options:
        option = options.strip()
        if not option.lower().startswith("$select="):
            raise unsupported_query("Only $select is supported inside $expand.")
        nested = [part.strip() for part in option.split("=", 1)[1].split(",") if part.strip()]
    return name, nested


def encode_token(payload: dict[str, Any]) -> str:
    raw = json.dumps(payload, separators=(",", ":")).encode()
    # A fixed prefix makes tokens look like Graph's (and easy to recognise in logs) without meaning anything.
    return "RFNwdAIAAQAAA" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str, kind: str) -> dict[str, Any]:
    try:
        if not token.startswith("RFNwdAIAAQAAA"):
            raise ValueError(token)
        body = token[len("RFNwdAIAAQAAA"):]
        payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        if not isinstance(payload, dict) or payload.get("k") != kind:
            raise ValueError(token)
        return payload
    except (ValueError, json.JSONDecodeError) as exc:
        raise ApiError(400, "Request_BadRequest" if kind == "skip" else "Directory_ExpiredPageToken",
                       f"The {kind} token is invalid.") from exc
