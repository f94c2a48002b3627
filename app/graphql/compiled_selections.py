"""Selection sets compiled to Python functions, once per operation document.

graphql-core completes an object field by field through generic code: for each field a
lookup, a completer call, a serialize call, an awaitable check. For a storefront page that
is ~1,300 fields, most of them strings read from attributes. Here each selection set of a
parsed operation (Strawberry's ParserCache keeps the same document, so the same field
nodes, across requests) becomes one generated function that reads each attribute, checks
its class inline (`v.__class__ is str`) and stores it, and calls the nested selection
sets' functions directly.

Anything the inline checks do not accept - a null where the schema says non-null, an
unexpected type, a resolver field - is handed to the executor's `execute_field` for that
one field, which answers exactly as graphql-core does (errors included). Operations with
@skip/@include/@defer/@stream are not compiled: which fields a selection set has then
depends on the variables of each request.

Debugging: each generated module is registered with `linecache` under a name like
`generated selection Product #12`, so a traceback through it shows the generated line; the whole
source of an operation's functions is printed by `edestory debug compiled-selections`
(`dump` below) and logged at DEBUG level (logger `edestory.graphql.compiled`) when made.
"""

from __future__ import annotations

import ast
import builtins
import itertools
import linecache
import logging
from typing import TYPE_CHECKING, Any

from graphql import (
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLField,
    GraphQLID,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLString,
    SelectionSetNode,
    get_nullable_type,
)
from graphql.execution.collect_fields import collect_fields
from graphql.pyutils import Path, Undefined

from app.graphql.completers import (
    SLOW,
    Selection,
    completer,
    enum_names,
    gathered_dict,
    new_path,
    objects,
    origin_class,
    plain_attribute,
)
from app.graphql.row_backed import RowFields, row_backed

if TYPE_CHECKING:
    from app.graphql.fast_execution import FastExecutionContext

MAX_COMPILED = 4096
log = logging.getLogger("edestory.graphql.compiled")
_numbers = itertools.count(1)
_filenames: list[str] = []  # registered in linecache, forgotten with the functions

# (kind, field node ids) -> (kind, field nodes, function); the nodes are kept, so their
# ids cannot be reused while the entry lives.
_compiled: dict[tuple[int, tuple[int, ...]], tuple[GraphQLObjectType, tuple[Any, ...], Any]] = {}
# operation id -> (operation node, whether it can be compiled)
_unconditional: dict[int, tuple[Any, bool]] = {}


def unconditional(ex: FastExecutionContext) -> bool:
    """Whether the operation's selections carry no directives (so its selection sets do
    not depend on variables); cached per parsed operation."""
    operation = ex.operation
    entry = _unconditional.get(id(operation))
    if entry is None or entry[0] is not operation:
        sets = [operation.selection_set] + [
            details.definition.selection_set for details in ex.fragments.values()
        ]
        entry = (operation, not any(_has_directives(s) for s in sets))
        if len(_unconditional) > MAX_COMPILED:
            _unconditional.clear()
        _unconditional[id(operation)] = entry
    return entry[1]


def _has_directives(selection_set: SelectionSetNode | None) -> bool:
    if selection_set is None:
        return False
    for selection in selection_set.selections:
        if selection.directives:
            return True
        if selection.kind == "fragment_spread" and getattr(selection, "arguments", None):
            return True  # experimental fragment arguments: values differ per request
        if _has_directives(getattr(selection, "selection_set", None)):
            return True
    return False


def compiled(ex: FastExecutionContext, kind: GraphQLObjectType, fdl: Any) -> Selection | None:
    """The compiled function of `kind`'s selection set under the field nodes of `fdl`."""
    nodes = tuple(details.node for details in fdl)
    key = (id(kind), tuple(id(node) for node in nodes))
    entry = _compiled.get(key)
    if (
        entry is not None
        and entry[0] is kind
        and all(a is b for a, b in zip(entry[1], nodes, strict=True))
    ):
        found: Selection | None = entry[2]
        return found
    function = _Compiler(ex).compile(kind, fdl)
    if len(_compiled) > MAX_COMPILED:
        _compiled.clear()
        for filename in _filenames:
            linecache.cache.pop(filename, None)
        _filenames.clear()
    _compiled[key] = (kind, nodes, function)
    return function


# Names of the generated functions' locals: an inlined expression may not use them.
_LOCALS = frozenset(
    {"ex", "src", "path", "pc", "r", "pending", "is_awaitable", "fast", "d", "row", "v", "x", "p"}
)


def _inline_check(kind: GraphQLOutputType) -> str | None:
    """A Python condition on `v` under which `v` is its own serialized value."""
    nullable = not isinstance(kind, GraphQLNonNull)
    inner = kind if nullable else kind.of_type  # type: ignore[union-attr]
    check = {
        GraphQLString: "v.__class__ is str",
        GraphQLID: "v.__class__ is str",
        GraphQLBoolean: "v.__class__ is bool",
        GraphQLInt: "(v.__class__ is int and -2147483648 <= v <= 2147483647)",
    }.get(inner)  # type: ignore[arg-type]
    serialize = getattr(inner, "serialize", None)
    if check is None and (serialize is str or serialize is GraphQLID.serialize):
        # a custom scalar serialized by str() (Decimal), or by ID's own serializer (the
        # global `ID` of app/graphql/ids.py): a str is its own serialized value
        check = "v.__class__ is str"
    if check is None:
        return None
    return f"({check} or v is None)" if nullable else check


class _Compiler:
    """Generates the function of one selection set, and of the selection sets under it."""

    def __init__(self, ex: FastExecutionContext) -> None:
        self.ex = ex
        self.namespace: dict[str, Any] = {
            "SLOW": SLOW,
            "Path": Path,
            "new_path": new_path,
            "Undefined": Undefined,
            "gathered_dict": gathered_dict,
            "objects": objects,
        }
        self.counter = 0
        self.sources: list[str] = []

    def constant(self, value: Any, prefix: str) -> str:
        self.counter += 1
        name = f"{prefix}{self.counter}"
        self.namespace[name] = value
        return name

    def compile(self, kind: GraphQLObjectType, fdl: Any) -> Selection | None:
        name = self._function(kind, fdl)
        if name is None:
            return None
        self.source = source = "\n".join(self.sources) + "\n"
        filename = f"generated selection {kind.name} #{next(_numbers)}"
        # A lazy linecache entry (what linecache makes for a module's loader): a traceback
        # through this code reads the generated line from it. Lazy on purpose: an eager entry
        # (the lines as a list) cost ~4% of W2's instructions per request, for no reason
        # found; this one costs nothing until a traceback is printed. The name has no angle
        # brackets: linecache never consults a lazy entry for a "<...>" name.
        linecache.cache[filename] = (lambda: source,)
        _filenames.append(filename)
        log.debug("compiled %s:\n%s", filename, self.source)
        exec(compile(self.source, filename, "exec"), self.namespace)  # noqa: S102
        function: Selection = self.namespace[name]
        return function

    def _function(self, kind: GraphQLObjectType, fdl: Any) -> str | None:
        """Generate the function completing `kind` under `fdl` (and those it calls);
        returns its name, or None where this selection set cannot be compiled."""
        grouped, defer_usages, forbidden = self.ex.collect_subfields(kind, fdl)
        if defer_usages or forbidden:
            return None
        if any(d.defer_usage or d.fragment_variable_values for f in grouped.values() for d in f):
            return None
        kind_name = self.constant(kind, "kind")
        origin = origin_class(kind)
        backed = row_backed(origin) if origin is not None else []
        # One row-backed class of this type: its fields are read inline from the row
        # (app/graphql/row_backed.py) when `src` is exactly of that class.
        backing = backed[0][1] if len(backed) == 1 else None
        prologue: list[str] = []
        if backing is not None:
            row_class = self.constant(backed[0][0], "rowclass")
            prologue = [
                f"    fast = src.__class__ is {row_class}",
                "    if fast:",
                "        d = src.__dict__",
                f"        row = d[{backing.row_key!r}]",
            ]
        body: list[str] = []
        for key, field_fdl in grouped.items():
            body += self._field(kind, kind_name, key, field_fdl, backing)
        name = self.constant(None, f"sel_{kind.name}_")
        self.sources.append(
            "\n".join(
                [
                    f"def {name}(ex, src, path, pc):",
                    "    r = {}",
                    # made only when a field answers an awaitable (rare: resolvers)
                    "    pending = None",
                    *prologue,
                    "    try:",
                    *("        " + line for line in body),
                    "    except BaseException:",
                    "        if pending:",
                    "            ex.settle_in_background([r[k] for k in pending])",
                    "        raise",
                    "    if pending:",
                    "        return gathered_dict(r, pending)",
                    "    return r",
                ]
            )
        )
        return name

    def _inline(self, backing: RowFields | None, attribute: str) -> str | None:
        """The expression of a row-backed field, its names bound in the namespace; None
        when the field has none or its names cannot be bound as they are."""
        source = backing.sources.get(attribute) if backing is not None else None
        if backing is None or source is None:
            return None
        try:
            tree = ast.parse(source, mode="eval")
        except SyntaxError:
            return None
        for node in ast.walk(tree):
            if isinstance(node, ast.NamedExpr | ast.Lambda | ast.comprehension):
                return None  # would bind names of the generated function
            if not isinstance(node, ast.Name) or node.id == "row":
                continue
            if node.id in _LOCALS:
                return None
            if node.id in backing.namespace:
                value = backing.namespace[node.id]
            elif hasattr(builtins, node.id):
                value = getattr(builtins, node.id)
            else:
                return None
            if self.namespace.setdefault(node.id, value) is not value:
                return None  # the name is taken by another value
        return f"({source})"

    def _field(
        self,
        kind: GraphQLObjectType,
        kind_name: str,
        key: str,
        fdl: Any,
        backing: RowFields | None = None,
    ) -> list[str]:
        """The lines that complete one response key into `r`."""
        name = fdl[0].node.name.value
        k = repr(key)
        if name == "__typename":
            return [f"r[{k}] = {kind.name!r}"]
        fdl_name = self.constant(fdl, "fdl")
        path = f"new_path(Path, (path, {k}, {kind.name!r}))"  # Path(path, key, type name)
        # The executor's path for this one field: resolvers, and every value the inline
        # code does not accept (it answers exactly as graphql-core, errors included).
        executor = [
            f"    x = ex.execute_field({kind_name}, src, {fdl_name}, {path}, pc)",
            "    if x is not Undefined:",
            f"        r[{k}] = x",
            "        if ex.is_awaitable(x):",
            f"            pending = [*(pending or ()), {k}]",
        ]
        field: GraphQLField | None = kind.fields.get(name)
        attribute = plain_attribute(field) if field is not None else None
        if field is not None and attribute is None:
            # A resolver: `execute_field` would look the field up and find no plan for it,
            # then resolve it (compiled code runs only without field middleware).
            resolve = f"ex.resolve_field({self.constant(field, 'field')}, {kind_name}, src, "
            executor[0] = f"    x = {resolve}{fdl_name}, {path}, pc)"
            return ["if True:", *executor]
        if field is None or attribute is None or not attribute.isidentifier():
            return ["if True:", *executor]
        field_type = field.type
        type_name = self.constant(field_type, "type")
        # Any other exception is this field's error (nulling up to the nearest nullable):
        # field_error raises for a non-null field, else answers None, stored as null below.
        inline = self._inline(backing, attribute)
        read = [
            "try:",
            *(
                [f"    v = src.{attribute}"]
                if inline is None
                else [
                    f"    if fast and {attribute!r} not in d:",
                    f"        v = {inline}",
                    "    else:",
                    f"        v = src.{attribute}",
                ]
            ),
            "except AttributeError:",
            "    v = SLOW",
            "except Exception as error:",
            f"    v = ex.field_error(error, {type_name}, {fdl_name}, {path})",
        ]
        nullable = not isinstance(field_type, GraphQLNonNull)
        inner: Any = field_type.of_type if isinstance(field_type, GraphQLNonNull) else field_type
        check = _inline_check(field_type)
        if check is not None:
            return [*read, f"if {check}:", f"    r[{k}] = v", "else:", *executor]
        call: str | None = None
        if isinstance(inner, GraphQLObjectType) and origin_class(inner) is not None:
            nested = self._function(inner, fdl)
            if nested is not None:
                origin = self.constant(origin_class(inner), "origin")
                call = f"{nested}(ex, v, p, pc) if isinstance(v, {origin}) else SLOW"
        elif isinstance(inner, GraphQLList):
            item_type = inner.of_type
            item_inner = item_type.of_type if isinstance(item_type, GraphQLNonNull) else item_type
            if isinstance(item_inner, GraphQLObjectType) and origin_class(item_inner):
                nested = self._function(item_inner, fdl)
                if nested is not None:
                    origin = self.constant(origin_class(item_inner), "origin")
                    item_name = self.constant(item_type, "type")
                    call = f"objects(ex, v, {nested}, {origin}, {item_name}, {fdl_name}, p, pc)"
        if call is None:
            complete = completer(field_type)
            if complete is None:
                return ["if True:", *executor]
            call = f"{self.constant(complete, 'complete')}(ex, v, {fdl_name}, p, pc)"
        leaf = not isinstance(inner, GraphQLObjectType | GraphQLList)
        dispatch = (
            ["if v is None:", f"    r[{k}] = None", "elif v is SLOW:"]
            if nullable
            else ["if v is SLOW:"]
        )
        enum = enum_names(inner) if isinstance(inner, GraphQLEnumType) else None
        if enum is not None:
            # A member of the enum's own class is its name, as the enum completer answers
            # (without the completer's calls and the field's Path).
            members = self.constant(enum[0], "enum")
            names = self.constant(enum[1], "names")
            dispatch = [
                f"if v.__class__ is {members} and v in {names}:",
                f"    r[{k}] = {names}[v]",
                "el" + dispatch[0],
                *dispatch[1:],
            ]
        return [
            *read,
            *dispatch,
            *executor,
            "else:",
            f"    p = {path}",
            "    try:",
            f"        x = {call}",
            "    except Exception as error:",
            f"        x = ex.field_error(error, {type_name}, {fdl_name}, p)",
            "    if x is SLOW:",
            *("    " + line for line in executor),
            "    else:",
            *(
                []
                if leaf
                else [
                    "        if x.__class__ is not dict and x.__class__ is not list"
                    " and ex.is_awaitable(x):",
                    f"            x = ex.guard(x, {type_name}, {fdl_name}, p)",
                    f"            pending = [*(pending or ()), {k}]",
                ]
            ),
            f"        r[{k}] = x",
        ]


def dump(ex: FastExecutionContext) -> str:
    """The generated source of every compiled selection set of the operation `ex` was built
    for (under each root field), as the server would generate it; for debugging."""
    operation = ex.operation
    root = ex.schema.get_root_type(operation.operation)
    assert root is not None
    grouped = collect_fields(
        ex.schema, ex.fragments, ex.variable_values, root, operation
    ).grouped_field_set
    parts: list[str] = []
    for key, fdl in grouped.items():
        field = root.fields.get(fdl[0].node.name.value)
        inner: Any = field.type if field is not None else None
        while isinstance(inner, GraphQLNonNull | GraphQLList):
            inner = get_nullable_type(inner)
            if isinstance(inner, GraphQLList):
                inner = inner.of_type
        if not isinstance(inner, GraphQLObjectType) or origin_class(inner) is None:
            parts.append(f"# {key}: {inner} is completed by the executor, not compiled\n")
            continue
        compiler = _Compiler(ex)
        if compiler.compile(inner, fdl) is None:
            parts.append(f"# {key}: not compiled (@defer, @stream or fragment arguments)\n")
            continue
        parts.append(f"# {key}: {inner.name}\n{compiler.source}")
    return "\n".join(parts)
