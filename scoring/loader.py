"""Strict loading of rules files: YAML -> checked, typed `Edition` objects, or errors with file, key path, line.

Reading goes through PyYAML's composer so every node keeps its line: duplicate keys and impossible dates are
caught while composing, wrong shapes by the pydantic models of `ruleset.py`, and the rest here: expressions
that do not parse or name something outside the fact catalogue, rubric points that do not add up, caps and
ranking keys that name nothing, and (across files) overlapping editions or a cycle year left without one.
Nothing past this module touches raw dicts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from scoring import facts as catalogue
from scoring.expressions import ExpressionError, compile_expression
from scoring.ruleset import Edition, ReferenceFile, ReferenceTable, RulesFile

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
RESULT_NAMES = {"eligible_item_count", "requested_amount"}  # what computed criteria may read besides facts
RANK_NAMES = {"score", "amount"}

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class LoaderError:
    file: str
    path: str  # e.g. eligibility[3].condition
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path or '(file)'}: {self.message}"


class RulesError(ValueError):
    """One or more loader errors; `errors` holds every one found."""

    def __init__(self, errors: list[LoaderError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def format_path(path: Iterable[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# --- YAML with positions -------------------------------------------------------------------------------------

_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")


class _Composed:
    """Plain data from a YAML file plus the line of every key path."""

    def __init__(self, file: str):
        self.file = file
        self.lines: dict[Path_, int] = {}
        self.errors: list[LoaderError] = []
        self.block_scalars: set[Path_] = set()  # `key: |` values: their text starts on the next line
        self.seen: set[int] = set()  # nodes already converted: a second visit is an alias

    def error(self, path: Path_, line: int | None, message: str) -> None:
        self.errors.append(LoaderError(self.file, format_path(path), line, message))

    def line_of(self, path: Iterable[str | int]) -> int | None:
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def convert(self, node: yaml.Node, path: Path_) -> Any:
        self.lines.setdefault(path, node.start_mark.line + 1)
        # The composer hands an alias back as the anchored node itself: refusing a second visit keeps a
        # recursive alias from recursing forever and a "billion laughs" file from expanding exponentially.
        if id(node) in self.seen:
            self.error(
                path, node.start_mark.line + 1, "YAML anchors and aliases (& and *) are not allowed in rules files"
            )
            return None
        self.seen.add(id(node))
        if isinstance(node, yaml.CollectionNode) and node.tag not in _COLLECTION_TAGS:
            self.error(path, node.start_mark.line + 1, f"YAML tag {node.tag!r} is not allowed")
            return None
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                line = key_node.start_mark.line + 1
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.error(path, line, "YAML merge keys (<<) are not allowed in rules files")
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    self.error(path, line, "keys must be plain text")
                    continue
                key = key_node.value
                if key in out:
                    first = self.lines.get((*path, key))
                    self.error((*path, key), line, f"duplicate key {key!r} (first given on line {first})")
                    continue
                self.lines[(*path, key)] = line
                out[key] = self.convert(value_node, (*path, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        tag, value, line = node.tag, node.value, node.start_mark.line + 1
        if node.style in ("|", ">"):
            self.block_scalars.add(path)
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return value.lower() in ("true", "yes", "on", "y")
        if tag == "tag:yaml.org,2002:int":
            if _INT.match(value):
                return int(value.replace("_", ""))
            self.error(path, line, f"write whole numbers in decimal, got {value!r}")
            return None
        if tag == "tag:yaml.org,2002:float":
            try:
                number = Decimal(value.replace("_", ""))
            except ArithmeticError:
                number = None
            if number is None or not number.is_finite():
                self.error(path, line, f"not a finite decimal number: {value!r}")
                return None
            return number
        if tag == "tag:yaml.org,2002:timestamp":
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                if "t" in value.lower() or " " in value.strip():
                    self.error(path, line, f"bad date {value!r}: write a date only, YYYY-MM-DD")
                else:
                    self.error(path, line, f"bad date {value!r}: no such day (YYYY-MM-DD)")
                return None
        if tag == "tag:yaml.org,2002:str":
            return value
        self.error(path, line, f"YAML tag {tag!r} is not allowed")
        return None


def canonical_bytes(raw: bytes) -> bytes:
    """The bytes that are hashed: as committed, with CRLF (or lone CR) normalised to LF."""
    return raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def read_yaml(path: Path | str, display: str | None = None) -> tuple[Any, _Composed, str, str]:
    """Read a YAML file: (data, positions, canonical text, sha256). Errors are collected on the positions."""
    path = Path(path)
    return parse_yaml(path.read_bytes(), display or str(path))


def parse_yaml(source: bytes, display: str) -> tuple[Any, _Composed, str, str]:
    """Like `read_yaml`, from bytes (a stored snapshot of a rules file, say)."""
    raw = canonical_bytes(source)
    sha = hashlib.sha256(raw).hexdigest()
    composed = _Composed(display)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        composed.error((), None, f"not UTF-8 text: {exc}")
        return None, composed, "", sha
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        composed.error((), mark.line + 1 if mark else None, f"not valid YAML: {getattr(exc, 'problem', exc)}")
        return None, composed, text, sha
    except RecursionError:  # PyYAML's composer recurses once per level of nesting
        composed.error((), None, "not valid YAML: nested too deeply")
        return None, composed, text, sha
    if node is None:
        composed.error((), 1, "empty file")
        return None, composed, text, sha
    try:
        return composed.convert(node, ()), composed, text, sha
    except RecursionError:
        composed.error((), None, "nested too deeply for a rules file")
        return None, composed, text, sha


_EXPECTED = {
    "is_instance_of": "expected a number",
    "decimal_parsing": "expected a number",
    "decimal_type": "expected a number",
    "int_type": "expected a whole number",
    "string_type": "expected text",
    "bool_type": "expected true or false",
    "date_type": "expected a date YYYY-MM-DD",
    "list_type": "expected a list",
    "dict_type": "expected a mapping",
    "model_type": "expected a mapping",
}


def validation_errors(exc: ValidationError, composed: _Composed) -> list[LoaderError]:
    seen = set()
    out = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        # keep the part of the location that exists in the file (drop pydantic's internal suffixes)
        path = loc
        while path and path not in composed.lines and err["type"] != "missing":
            path = path[:-1]
        if err["type"] == "missing":
            message = f"required key {loc[-1]!r} is missing"
        elif err["type"] == "extra_forbidden":
            message = f"unknown key {loc[-1]!r}"
        elif err["type"] == "value_error":
            message = err["msg"].removeprefix("Value error, ")
        else:
            expected = _EXPECTED.get(err["type"], err["msg"])
            message = f"wrong type: {expected}, got {err.get('input')!r}"

        key = (path, message)
        if key in seen:
            continue
        seen.add(key)
        out.append(LoaderError(composed.file, format_path(path), composed.line_of(path), message))
    return out


# --- one edition -----------------------------------------------------------------------------------------------


def load_reference(path: Path | str, display: str | None = None) -> ReferenceTable:
    data, composed, _text, sha = read_yaml(path, display)
    if composed.errors:
        raise RulesError(composed.errors)
    try:
        spec = ReferenceFile.model_validate(data)
    except ValidationError as exc:
        raise RulesError(validation_errors(exc, composed)) from None
    schedule = []
    errors = []
    for i, rate in enumerate(spec.rates):
        year, month = (int(x) for x in rate.month.split("-"))
        since = rate.effective or dt.date(year, month, spec.reference.effective_day)
        if schedule and since <= schedule[-1][0]:
            errors.append(
                LoaderError(
                    composed.file,
                    f"rates[{i}]",
                    composed.line_of(("rates", i)),
                    "rates must be in ascending date order",
                )
            )
        schedule.append((since, rate.percent / 100))
    if errors:
        raise RulesError(errors)
    return ReferenceTable(id=spec.reference.id, path=str(path), sha256=sha, spec=spec, schedule=tuple(schedule))


def load_edition(
    path: Path | str, references: dict[str, ReferenceTable] | None = None, display: str | None = None
) -> Edition:
    """Load and check one rules file. `references` maps reference-table id -> table. Raises RulesError."""
    path = Path(path)
    return _load_edition(path, *read_yaml(path, display), references)


def load_edition_snapshot(
    text: str, references: dict[str, ReferenceTable] | None = None, display: str = "<snapshot>"
) -> Edition:
    """Load an edition from the frozen text a result stored (its hash is checked by the caller)."""
    return _load_edition(Path(display), *parse_yaml(text.encode("utf-8"), display), references)


def _load_edition(
    path: Path, data: Any, composed: _Composed, text: str, sha: str, references: dict[str, ReferenceTable] | None
) -> Edition:
    if composed.errors:
        raise RulesError(composed.errors)
    try:
        spec = RulesFile.model_validate(data)
    except ValidationError as exc:
        raise RulesError(validation_errors(exc, composed)) from None
    checker = _Checker(spec, composed, references or {})
    edition = checker.check(path, sha, text)
    if composed.errors:
        raise RulesError(composed.errors)
    return edition


class _Checker:
    """The checks that need more than the shape: names, expressions, sums, ids."""

    def __init__(self, spec: RulesFile, composed: _Composed, references: dict[str, ReferenceTable]):
        self.spec, self.composed, self.references = spec, composed, references

    def error(self, path: Path_, message: str, line_offset: int = 0) -> None:
        line = self.composed.line_of(path)
        self.composed.error(path, line + line_offset if line else None, message)

    def check(self, path: Path, sha: str, text: str) -> Edition:
        spec = self.spec
        header = spec.edition
        if path.suffix == ".yaml" and path.stem != header.id:
            self.error(("edition", "id"), f"edition id {header.id!r} must match the file name {path.stem!r}")
        if len(set(header.cycle_years)) != len(header.cycle_years) or header.cycle_years != sorted(header.cycle_years):
            self.error(("edition", "cycle_years"), "cycle years must be ascending and distinct")
        tables = {}
        for name, ref_id in header.references.items():
            if ref_id not in self.references:
                self.error(("edition", "references", name), f"unknown reference table {ref_id!r}")
            else:
                tables[name] = self.references[ref_id]
        functions = {f"{name}_on": table.rate_on for name, table in tables.items()}

        item_scope = catalogue.item_scope(header.programme)
        app_facts = catalogue.facts_in_scope("application")
        item_facts = catalogue.facts_in_scope(item_scope)
        params_app, params_item = set(), set()
        for name, param in spec.parameters.items():
            if name in item_facts:
                self.error(("parameters", name), f"parameter {name!r} has the name of a fact; choose another")
            if param.fact is not None:
                if param.fact in app_facts:
                    params_app.add(name)
                    params_item.add(name)
                elif param.fact in item_facts:
                    params_item.add(name)
                else:
                    self.error(("parameters", name, "fact"), f"{param.fact!r} is not a fact in the catalogue")
            else:
                params_app.add(name)
                params_item.add(name)

        def names_for(scope: str) -> set[str]:
            if scope == "application":
                return set(app_facts) | params_app
            return set(item_facts) | params_item

        self._unique([m.id for m in spec.materials], "materials")
        self._unique([c.id for c in spec.eligibility], "eligibility")
        self._unique([s.id for s in spec.amount.steps], "amount.steps")
        self._unique([c.id for c in spec.rubric.criteria], "rubric.criteria")

        conditions = []
        for i, cond in enumerate(spec.eligibility):
            expr = self._compile(cond.condition, names_for(cond.scope), functions, ("eligibility", i, "condition"))
            if expr is not None:
                conditions.append((cond, expr))

        steps = []
        step_names = names_for("item")
        for i, step in enumerate(spec.amount.steps):
            if step.id in step_names:
                self.error(("amount", "steps", i, "id"), f"step id {step.id!r} hides a fact or parameter")
            expr = self._compile(step.formula, step_names, functions, ("amount", "steps", i, "formula"))
            if expr is not None:
                steps.append((step, expr))
            step_names = step_names | {step.id}

        for cap_name in ("per_item", "per_enterprise", "per_year"):
            cap = getattr(spec.amount.caps, cap_name)
            if cap is None:
                continue
            param = spec.parameters.get(cap)
            if param is None or not isinstance(param.value, int | Decimal) or isinstance(param.value, bool):
                self.error(("amount", "caps", cap_name), f"cap {cap!r} must name a numeric parameter")

        computed = []
        total = Decimal(0)
        for i, crit in enumerate(spec.rubric.criteria):
            total += crit.max_points
            for j, level in enumerate(crit.levels):
                if not (0 <= level.min <= level.max <= crit.max_points):
                    self.error(
                        ("rubric", "criteria", i, "levels", j),
                        f"level {level.min}..{level.max} is outside 0..{crit.max_points}",
                    )
            if crit.formula is not None:
                expr = self._compile(
                    crit.formula,
                    names_for("application") | RESULT_NAMES,
                    functions,
                    ("rubric", "criteria", i, "formula"),
                )
                if expr is not None:
                    computed.append((crit, expr))
        if total != spec.rubric.total_points:
            self.error(
                ("rubric", "criteria"),
                f"criterion weights (max_points) add up to {total}, not total_points {spec.rubric.total_points}",
            )
        if spec.decision.pass_mark is not None and not 0 <= spec.decision.pass_mark <= spec.rubric.total_points:
            self.error(("decision", "pass_mark"), "pass mark must lie between 0 and total_points")

        unit = spec.decision.allocation.unit
        rank_names = names_for(unit if unit == "application" else "item") | RANK_NAMES
        for i, key in enumerate(spec.decision.ranking):
            if key.key not in rank_names:
                self.error(
                    ("decision", "ranking", i, "key"),
                    f"ranking key {key.key!r} is not a fact in the catalogue, 'score' or 'amount'",
                )

        return Edition(
            spec=spec,
            path=str(path),
            sha256=sha,
            text=text,
            conditions=tuple(conditions),
            steps=tuple(steps),
            computed=tuple(computed),
            references=tables,
            lines=dict(self.composed.lines),
        )

    def _unique(self, ids: list[str], section: str) -> None:
        seen = set()
        for i, id_ in enumerate(ids):
            if id_ in seen:
                self.error((*section.split("."), i, "id"), f"id {id_!r} is used twice in {section}")
            seen.add(id_)

    def _compile(self, source: str, names: set[str], functions: dict, path: Path_) -> Any:
        try:
            return compile_expression(source, frozenset(names), functions)
        except ExpressionError as exc:
            block = path in self.composed.block_scalars
            self.error(
                path,
                f"{exc.message} (expression line {exc.line}, column {exc.column})",
                line_offset=(exc.line if block else exc.line - 1),
            )
            return None


# --- a directory of editions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleBook:
    """Every edition and reference table under a rules directory, checked together."""

    root: str
    editions: dict[str, Edition]
    references: dict[str, ReferenceTable]

    def edition(self, edition_id: str) -> Edition:
        try:
            return self.editions[edition_id]
        except KeyError:
            raise KeyError(f"no rules edition {edition_id!r}; known: {', '.join(sorted(self.editions))}") from None


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def edition_files(root: Path) -> list[Path]:
    return sorted(
        p for p in root.glob("*/*.yaml") if not p.name.endswith(".cases.yaml") and p.parent.name != "reference"
    )


def load_rulebook(root: Path | str = RULES_DIR) -> RuleBook:
    """Load every rules file under `root` (rules/<programme>/<edition>.yaml, rules/reference/*.yaml).

    Raises RulesError with every error of every file, including overlapping editions of a programme and
    cycle years left without an edition between two editions.
    """
    root = Path(root)
    errors: list[LoaderError] = []
    references: dict[str, ReferenceTable] = {}
    for path in sorted((root / "reference").glob("*.yaml")):
        try:
            table = load_reference(path, _display(path, root))
        except RulesError as exc:
            errors.extend(exc.errors)
            continue
        references[table.id] = table
    editions: dict[str, Edition] = {}
    for path in edition_files(root):
        try:
            edition = load_edition(path, references, _display(path, root))
        except RulesError as exc:
            errors.extend(exc.errors)
            continue
        if edition.id in editions:
            errors.append(
                LoaderError(
                    _display(path, root),
                    "edition.id",
                    _line(edition, "id"),
                    f"edition id {edition.id!r} is also used by {editions[edition.id].path}",
                )
            )
            continue
        editions[edition.id] = edition
    errors.extend(_check_together(editions, root))
    if errors:
        raise RulesError(errors)
    return RuleBook(root=str(root), editions=editions, references=references)


def _line(edition: Edition, key: str) -> int | None:
    return edition.lines.get(("edition", key))


def _check_together(editions: dict[str, Edition], root: Path) -> list[LoaderError]:
    """Overlaps and gaps between the editions (released and retired) of each programme; `supersedes` targets."""
    errors = []
    for edition in editions.values():
        sup = edition.spec.edition.supersedes
        if sup is not None and sup not in editions:
            errors.append(
                LoaderError(
                    _display(Path(edition.path), root),
                    "edition.supersedes",
                    _line(edition, "supersedes"),
                    f"supersedes unknown edition {sup!r}",
                )
            )
    by_programme: dict[str, list[Edition]] = {}
    for edition in editions.values():
        if edition.status != "draft":  # drafts may overlap: they are how a new edition is prepared
            by_programme.setdefault(edition.programme, []).append(edition)
    for programme, group in sorted(by_programme.items()):
        group.sort(key=lambda e: (e.cycle_years[0], e.id))
        owner: dict[int, Edition] = {}
        for edition in group:
            where = _display(Path(edition.path), root)
            line = _line(edition, "cycle_years")
            for year in edition.cycle_years:
                if year in owner:
                    errors.append(
                        LoaderError(
                            where,
                            "edition.cycle_years",
                            line,
                            f"cycle year {year} of {programme} is also governed by "
                            f"{owner[year].id}: editions of a programme must not overlap",
                        )
                    )
                else:
                    owner[year] = edition
        years = sorted(owner)
        for year in range(years[0], years[-1] + 1) if years else ():
            if year not in owner:
                later = owner[min(y for y in years if y > year)]
                errors.append(
                    LoaderError(
                        _display(Path(later.path), root),
                        "edition.cycle_years",
                        _line(later, "cycle_years"),
                        f"cycle year {year} of {programme} has no edition (the editions before "
                        f"and after it leave it uncovered)",
                    )
                )
    return errors


def check_rules(root: Path | str = RULES_DIR) -> list[LoaderError]:
    """Every loader error under `root` (empty when all rules files are fine)."""
    try:
        load_rulebook(root)
    except RulesError as exc:
        return exc.errors
    return []
