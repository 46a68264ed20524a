"""Safe expressions: the small language conditions and formulas are written in.

An *expression* is a Python-looking formula such as ``registered_in_hebei and is_legal_person`` or
``min(first_year_premium * subsidy_ratio, cap_per_policy)``. It is parsed with :mod:`ast`, checked against a
whitelist of node types, and written out again by the compiler as one Python lambda made only of its own pieces
(declared names read from ``env``, literals and functions bound by reference, the checking helpers below), which
is compiled once. The author's text itself is never evaluated.

What is allowed: literals (numbers become ``Decimal``, never float; text; true/false/None; lists and tuples of
literals), names that the caller declares (facts of the catalogue, parameters, earlier formula steps),
``and``/``or``/``not``, comparisons (including chains and ``in``), ``+ - * / // %`` on numbers, ``x if c else y``
and calls of the pure functions in :data:`FUNCTIONS` (plus any the caller adds, such as ``lpr_on``).

What is refused, with the line and column: attribute access (``x.y``), subscripts, ``**`` (no exponent at all:
``9**9**9`` would never finish), lambdas, comprehensions, keyword or star arguments, calls of anything but a
whitelisted function name, names not declared, and expressions over the size limits.
"""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

MAX_SOURCE_CHARS = 1000
MAX_NODES = 300
MAX_DEPTH = 40
MAX_INT_LITERAL = 10**15

Env = Mapping[str, Any]


class ExpressionError(ValueError):
    """An expression the interpreter refuses; line and column are 1-based within the expression text."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        self.message, self.line, self.column = message, line, column
        super().__init__(f"{message} (line {line}, column {column})")


class EvaluationError(ValueError):
    """An expression that parsed but failed on these facts (wrong operand types, division by zero)."""


# --- the whitelisted functions ----------------------------------------------------------------------------------


def _num(x: Any) -> Decimal:
    if isinstance(x, bool) or not isinstance(x, int | Decimal):
        raise EvaluationError(f"expected a number, got {x!r}")
    return x if isinstance(x, Decimal) else Decimal(x)


def _negate(x: Any) -> Any:
    return -x if isinstance(x, int) and not isinstance(x, bool) else -_num(x)


def _round(x: Any, places: int = 0) -> Decimal:
    if not isinstance(places, int) or not 0 <= places <= 10:
        raise EvaluationError("round() takes 0 to 10 places")
    return _num(x).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _date(*args: Any) -> dt.date:
    try:
        if len(args) == 1 and isinstance(args[0], str):
            return dt.date.fromisoformat(args[0])
        if len(args) == 3 and all(isinstance(a, int) and not isinstance(a, bool) for a in args):
            return dt.date(*args)
    except ValueError as exc:
        raise EvaluationError(f"not a date: {exc}") from None
    raise EvaluationError("date() takes 'YYYY-MM-DD' or (year, month, day)")


def _need_date(x: Any) -> dt.date:
    if not isinstance(x, dt.date):
        raise EvaluationError(f"expected a date, got {x!r}")
    return x


def _days_between(a: Any, b: Any) -> int:
    return (_need_date(b) - _need_date(a)).days


def _add_days(d: Any, n: Any) -> dt.date:
    if not isinstance(n, int) or isinstance(n, bool):
        raise EvaluationError("add_days() takes a whole number of days")
    return _need_date(d) + dt.timedelta(days=n)


def _add_years(d: Any, n: Any) -> dt.date:
    """Same day n years later; 29 February becomes 28 February in a common year."""
    d = _need_date(d)
    if not isinstance(n, int) or isinstance(n, bool) or abs(n) > 100:
        raise EvaluationError("add_years() takes a whole number of years (at most 100)")
    try:
        return d.replace(year=d.year + n)
    except ValueError:
        return d.replace(year=d.year + n, day=28)


def _year(d: Any) -> int:
    return _need_date(d).year


def _overlaps(a: Any, b: Any) -> bool:
    return bool(set(a) & set(b))


def _seq(fn: Callable) -> Callable:
    def call(*args: Any) -> Any:
        if len(args) == 1 and isinstance(args[0], list | tuple | set | frozenset):
            return fn(args[0])
        return fn(args)

    return call


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "min": _seq(min),
    "max": _seq(max),
    "abs": lambda x: abs(_num(x)),
    "round": _round,
    "len": lambda x: len(x) if isinstance(x, list | tuple | set | frozenset | str) else _bad("len", x),
    "any": _seq(any),
    "all": _seq(all),
    "sum": _seq(lambda xs: sum((_num(x) for x in xs), Decimal(0))),
    "date": _date,
    "year": _year,
    "days_between": _days_between,
    "add_days": _add_days,
    "add_years": _add_years,
    "overlaps": _overlaps,
}
FUNCTION_ARITY = {
    "abs": (1, 1),
    "round": (1, 2),
    "len": (1, 1),
    "date": (1, 3),
    "year": (1, 1),
    "days_between": (2, 2),
    "add_days": (2, 2),
    "add_years": (2, 2),
    "overlaps": (2, 2),
}


def _bad(name: str, x: Any) -> Any:
    raise EvaluationError(f"{name}() cannot take {x!r}")


# --- compiling -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Expression:
    """A checked, compiled expression: `names` are the declared names it reads, `run(env)` evaluates it."""

    source: str
    names: tuple[str, ...]
    run: Callable[[Env], Any]

    def __call__(self, env: Env) -> Any:
        return self.run(env)


def _is_number(x: Any) -> bool:
    return isinstance(x, int | Decimal) and not isinstance(x, bool)


def _arith(op: str) -> Callable[[Any, Any], Any]:
    def check(a: Any, b: Any) -> None:
        if not (_is_number(a) and _is_number(b)):
            if op == "+" and isinstance(a, str) and isinstance(b, str):
                return
            raise EvaluationError(f"cannot compute {a!r} {op} {b!r}")

    if op == "+":

        def f(a: Any, b: Any) -> Any:
            check(a, b)
            return a + b
    elif op == "-":

        def f(a: Any, b: Any) -> Any:
            check(a, b)
            return a - b
    elif op == "*":

        def f(a: Any, b: Any) -> Any:
            check(a, b)
            return a * b
    elif op == "/":

        def f(a: Any, b: Any) -> Any:
            check(a, b)
            if b == 0:
                raise EvaluationError("division by zero")
            return Decimal(a) / Decimal(b)
    elif op == "//":

        def f(a: Any, b: Any) -> Any:
            check(a, b)
            if b == 0:
                raise EvaluationError("division by zero")
            return a // b
    else:

        def f(a: Any, b: Any) -> Any:
            check(a, b)
            if b == 0:
                raise EvaluationError("division by zero")
            return a % b

    return f


_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%"}


def _compare_fn(op: ast.cmpop) -> Callable[[Any, Any], bool]:
    def ordered(fn: Callable[[Any, Any], bool], sym: str) -> Callable[[Any, Any], bool]:
        def f(a: Any, b: Any) -> bool:
            try:
                return fn(a, b)
            except TypeError:
                raise EvaluationError(f"cannot compare {a!r} {sym} {b!r}") from None

        return f

    match op:
        case ast.Eq():
            return lambda a, b: a == b
        case ast.NotEq():
            return lambda a, b: a != b
        case ast.Lt():
            return ordered(lambda a, b: a < b, "<")
        case ast.LtE():
            return ordered(lambda a, b: a <= b, "<=")
        case ast.Gt():
            return ordered(lambda a, b: a > b, ">")
        case ast.GtE():
            return ordered(lambda a, b: a >= b, ">=")
        case ast.In():
            return ordered(lambda a, b: a in b, "in")
        case ast.NotIn():
            return ordered(lambda a, b: a not in b, "not in")
    raise AssertionError(op)


_REFUSED = {
    ast.Attribute: "attribute access (x.y) is not allowed",
    ast.Subscript: "subscripts (x[i]) are not allowed",
    ast.Lambda: "lambda is not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed",
    ast.NamedExpr: "assignment (:=) is not allowed",
    ast.Starred: "star arguments are not allowed",
    ast.Await: "await is not allowed",
    ast.Yield: "yield is not allowed",
    ast.JoinedStr: "f-strings are not allowed",
    ast.Dict: "dict literals are not allowed",
}


class _Compiler:
    """Checks a parsed tree against the whitelist and writes it out as one Python expression over ``env``.

    The generated text is made only from this compiler's own pieces: ``env['name']`` for declared names (checked
    identifiers), ``_k3`` for literals and ``_f2`` for whitelisted functions (both bound in the namespace, never
    spelled out), the helpers below for arithmetic, ordered comparisons and calls, and Python's own ``and``, ``or``,
    ``not``, ``==``, ``!=`` and ``x if c else y`` (which behave exactly like the helpers they replace). It is compiled
    once per expression, so evaluating a condition costs one function call instead of one per node of its tree.
    """

    def __init__(
        self, names: Mapping[str, Any] | set[str] | frozenset[str], functions: Mapping[str, Callable[..., Any]]
    ):
        self.allowed = names
        self.functions = functions
        self.used: list[str] = []
        self.slots = 0
        self.namespace: dict[str, Any] = {
            "_guard": _guard,
            "_negate": _negate,
            "_num": _num,
            **{f"_op{i}": _arith(sym) for i, sym in enumerate(_BINOP_SYMBOLS)},
            **{f"_cmp_{op.__name__}": _compare_fn(op()) for op in _ORDERED},
        }

    def fail(self, node: ast.AST, message: str) -> ExpressionError:
        return ExpressionError(message, getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1)

    def _bind(self, prefix: str, value: Any) -> str:
        name = f"_{prefix}{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def compile(self, node: ast.AST) -> str:
        for kind, message in _REFUSED.items():
            if isinstance(node, kind):
                raise self.fail(node, message)
        method = getattr(self, f"c_{type(node).__name__}", None)
        if method is None:
            raise self.fail(node, f"{type(node).__name__} is not allowed in an expression")
        return method(node)

    def _constant(self, node: ast.Constant) -> Any:
        value = node.value
        if isinstance(value, float):
            value = Decimal(repr(value))
        elif isinstance(value, int) and not isinstance(value, bool):
            if abs(value) > MAX_INT_LITERAL:
                raise self.fail(node, f"number literal larger than {MAX_INT_LITERAL}")
        elif not (value is None or isinstance(value, bool | str)):
            raise self.fail(node, f"literal {value!r} is not allowed")
        return value

    def c_Constant(self, node: ast.Constant) -> str:
        return self._bind("k", self._constant(node))

    def _literal_items(self, node: ast.List | ast.Tuple | ast.Set) -> tuple:
        values = []
        for elt in node.elts:
            if not isinstance(elt, ast.Constant):
                raise self.fail(elt, "lists may hold literals only")
            values.append(self._constant(elt))
        return tuple(values)

    def c_List(self, node: ast.List) -> str:
        return self._bind("k", self._literal_items(node))

    c_Tuple = c_List

    def c_Set(self, node: ast.Set) -> str:
        return self._bind("k", frozenset(self._literal_items(node)))

    def c_Name(self, node: ast.Name) -> str:
        name = node.id
        if name in ("True", "False", "None"):  # pragma: no cover - ast gives Constant for these
            raise self.fail(node, "use true/false/None literals")
        if name not in self.allowed:
            if name in self.functions:
                raise self.fail(node, f"{name} is a function: call it")
            raise self.fail(node, f"unknown name {name!r}: not a fact of the catalogue, a parameter or a step")
        if not name.isidentifier():  # pragma: no cover - ast.Name ids always are
            raise self.fail(node, f"bad name {name!r}")
        if name not in self.used:
            self.used.append(name)
        return f"env[{name!r}]"

    def c_BoolOp(self, node: ast.BoolOp) -> str:
        parts = [self.compile(v) for v in node.values]
        joiner = " and " if isinstance(node.op, ast.And) else " or "
        return "(" + joiner.join(parts) + ")"  # returns the deciding operand itself, as Python's and/or do

    def c_UnaryOp(self, node: ast.UnaryOp) -> str:
        operand = self.compile(node.operand)
        if isinstance(node.op, ast.Not):
            return f"(not {operand})"
        if isinstance(node.op, ast.USub):
            return f"_negate({operand})"
        if isinstance(node.op, ast.UAdd):
            return f"_num({operand})"
        raise self.fail(node, "operator ~ is not allowed")

    def c_BinOp(self, node: ast.BinOp) -> str:
        if isinstance(node.op, ast.Pow):
            raise self.fail(node, "the power operator ** is not allowed")
        sym = _BINOPS.get(type(node.op))
        if sym is None:
            raise self.fail(node, f"operator {type(node.op).__name__} is not allowed")
        left, right = self.compile(node.left), self.compile(node.right)
        return f"_op{_BINOP_SYMBOLS.index(sym)}({left}, {right})"

    def _compare(self, op: ast.cmpop, left: str, right: str) -> str:
        if isinstance(op, ast.Eq):
            return f"({left} == {right})"
        if isinstance(op, ast.NotEq):
            return f"({left} != {right})"
        if not isinstance(op, _ORDERED):  # pragma: no cover - is / is not
            raise self.fail(op, f"comparison {type(op).__name__} is not allowed")
        return f"_cmp_{type(op).__name__}({left}, {right})"

    def c_Compare(self, node: ast.Compare) -> str:
        for op in node.ops:
            if not isinstance(op, (ast.Eq, ast.NotEq, *_ORDERED)):
                raise self.fail(node, f"comparison {type(op).__name__} is not allowed")
        first = self.compile(node.left)
        rest = [(op, self.compile(c)) for op, c in zip(node.ops, node.comparators, strict=True)]
        if len(rest) == 1:
            ((op, right),) = rest
            return self._compare(op, first, right)
        # a chain: each operand evaluated once, left to right, stopping at the first false link
        parts, left = [], first
        for i, (op, right) in enumerate(rest):
            slot = f"_t{self.slots}"
            self.slots += 1
            parts.append(self._compare(op, left, f"({slot} := {right})" if i < len(rest) - 1 else right))
            left = slot
        return "(" + " and ".join(parts) + " and True)"

    def c_IfExp(self, node: ast.IfExp) -> str:
        test, body, orelse = self.compile(node.test), self.compile(node.body), self.compile(node.orelse)
        return f"({body} if {test} else {orelse})"

    def c_Call(self, node: ast.Call) -> str:
        if not isinstance(node.func, ast.Name):
            if isinstance(node.func, ast.Attribute):
                raise self.fail(node.func, "attribute access (x.y) is not allowed")
            raise self.fail(node, "only whitelisted functions can be called, by name")
        name = node.func.id
        if name not in self.functions:
            raise self.fail(node, f"function {name!r} is not allowed; allowed: {', '.join(sorted(self.functions))}")
        if node.keywords:
            raise self.fail(node, "keyword arguments are not allowed")
        lo, hi = FUNCTION_ARITY.get(name, (1, 10))
        if not lo <= len(node.args) <= hi:
            raise self.fail(node, f"{name}() takes {lo}..{hi} arguments, got {len(node.args)}")
        fn = self._bind("f", self.functions[name])
        args = [self.compile(a) for a in node.args]
        return f"_guard({', '.join([fn, *args])})"

    def function(self, body: str) -> Callable[[Env], Any]:
        code = compile(f"lambda env: {body}", "<rules expression>", "eval")
        return eval(code, {"__builtins__": {}, **self.namespace})  # noqa: S307 - generated from the checked tree only


_BINOP_SYMBOLS = ("+", "-", "*", "/", "//", "%")
_ORDERED = (ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn)


def _guard(fn: Callable[..., Any], *args: Any) -> Any:
    try:
        return fn(*args)
    except EvaluationError:
        raise
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise EvaluationError(str(exc)) from None


def _depth(node: ast.AST, level: int = 0) -> int:
    children = list(ast.iter_child_nodes(node))
    return level if not children else max(_depth(c, level + 1) for c in children)


def compile_expression(
    source: str,
    names: Mapping[str, Any] | set[str] | frozenset[str],
    functions: Mapping[str, Callable[..., Any]] | None = None,
) -> Expression:
    """Parse and check `source`; `names` are the names it may read. Raises ExpressionError."""
    if not isinstance(source, str):
        raise ExpressionError(f"expected an expression as text, got {source!r}")
    if len(source) > MAX_SOURCE_CHARS:
        raise ExpressionError(f"expression longer than {MAX_SOURCE_CHARS} characters")
    text = source.strip()
    if not text:
        raise ExpressionError("empty expression")
    try:
        tree, wrapped = ast.parse(text, mode="eval"), False
    except SyntaxError as exc:
        first = exc
        tree, wrapped = None, True
    if tree is None:
        # A YAML block scalar may span lines: parenthesised, line breaks are legal (positions are kept).
        try:
            tree = ast.parse("(" + text + "\n)", mode="eval")
        except SyntaxError:
            lines = text.split("\n")
            line = min(first.lineno or 1, len(lines))
            col = first.offset or 1
            if (first.lineno or 1) > len(lines):
                col = len(lines[-1]) + 1
            raise ExpressionError(f"does not parse: {first.msg}", line, max(col, 1)) from None
    if sum(1 for _ in ast.walk(tree)) > MAX_NODES:
        raise ExpressionError(f"expression has more than {MAX_NODES} parts")
    if _depth(tree) > MAX_DEPTH:
        raise ExpressionError(f"expression nested deeper than {MAX_DEPTH}")
    if wrapped:
        _shift_columns(tree)
    compiler = _Compiler(names, {**FUNCTIONS, **(functions or {})})
    run = compiler.function(compiler.compile(tree.body))
    return Expression(source=text, names=tuple(compiler.used), run=run)


def _shift_columns(tree: ast.AST) -> None:
    """Undo the added '(' on the first line so columns match what the author wrote."""
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) == 1 and hasattr(node, "col_offset"):
            node.col_offset = max(node.col_offset - 1, 0)
