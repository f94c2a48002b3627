"""One GraphQL operation: Strawberry's `Schema.execute` with the app's schema extensions
called in place, without building them and their context managers per request.

Strawberry's execute builds the seven extensions, a middleware manager and, per operation,
four hook contexts (operation, parsing, validation, execution), each an AsyncExitStack
entering every extension's hook: about a third of the instructions of `{ __typename }`
(W3, bench/RESULTS.md). The app's extensions are fixed when the schema is built, so their
steps run here in the order the extension list gives them, with the same effects on the
ExecutionContext and the same exceptions:

- operation: the validation rules (AddValidationRules) and the token limit
  (MaxTokensLimiter), set as the ExecutionContext is built; after it, the result's
  unexpected errors masked (MaskUnexpectedErrors; not after an exception, as before);
- parsing: the parse cache (ParserCache's own lru cache, so both paths share it), then a
  document with several operations and no name refused (DocumentValidation);
- validation: DocumentValidation (limits, rules, introspection, variables; cached);
- execution: @inContext's language (InContextLanguage), then the cost and the bucket
  (QueryCost, one per request: it holds the request's cost for `extensions.cost`).

Subscriptions (`Schema.subscribe`) still run the extensions through Strawberry's runner:
`OperationSteps.extensions()` makes them from the same objects. A schema built with other
extensions (tests) uses Strawberry's execute unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from graphql import ASTValidationRule, specified_rules
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql.execution.middleware import MiddlewareManager
from strawberry.exceptions import MissingQueryError
from strawberry.execution import optimized_is_awaitable
from strawberry.extensions import AddValidationRules, MaxTokensLimiter, ParserCache
from strawberry.extensions.parser_cache import _get_parse_cache
from strawberry.schema._graphql_core import execute, execution_context_class_kwargs
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.schema.schema import DEFAULT_ALLOWED_OPERATION_TYPES, _coerce_error
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType
from strawberry.utils.await_maybe import await_maybe

from app.graphql.language import InContextLanguage, apply_in_context
from app.graphql.limits import DocumentLimits
from app.graphql.masking import MaskUnexpectedErrors, mask_errors
from app.graphql.query_cost import CostSettings, QueryCost
from app.graphql.throttle import Throttle
from app.graphql.validation_cache import DocumentValidation

if TYPE_CHECKING:
    from strawberry.schema import Schema

# No extension of the app has a `resolve` hook: graphql-core gets an empty manager, as
# Strawberry's execute builds it (empty) per request.
_NO_MIDDLEWARE = MiddlewareManager()


class OperationSteps:
    """The app's operation steps, configured once per schema (app/schema.py)."""

    def __init__(
        self,
        *,
        rules: list[type[ASTValidationRule]],
        max_tokens: int,
        parser_cache_size: int,
        limits: DocumentLimits,
        introspection: str,
        observe_validation: Callable[[float], None] | None,
        cost: CostSettings,
        on_rate_limit_unavailable: Callable[[], None] | None = None,
    ) -> None:
        self.rules = rules
        # What AddValidationRules makes of the ExecutionContext's default rules.
        self.validation_rules: tuple[type[ASTValidationRule], ...] = (
            *specified_rules,
            *rules,
        )
        self.max_tokens = max_tokens
        self.parser_cache_size = parser_cache_size
        self.parse = _get_parse_cache(parser_cache_size)
        self.limits = limits
        self.introspection = introspection
        self.observe_validation = observe_validation
        # Its two steps read the ExecutionContext they are given, never `execution_context`,
        # so one instance serves every request here; the extensions get one each.
        self.validation = self.document_validation()
        self.cost_settings = cost
        # One Throttle (its log state) per schema, shared by both paths.
        self.throttle = (
            Throttle(cost.bucket, on_rate_limit_unavailable) if cost.bucket is not None else None
        )

    def document_validation(self) -> DocumentValidation:
        return DocumentValidation(
            limits=self.limits, introspection=self.introspection, observe=self.observe_validation
        )

    def cost(self) -> QueryCost:
        return QueryCost(settings=self.cost_settings, throttle=self.throttle)

    def extensions(self) -> list[Any]:
        """The same steps as Strawberry schema extensions, in their order."""
        return [
            MaskUnexpectedErrors,
            InContextLanguage,
            lambda: AddValidationRules(self.rules),
            lambda: MaxTokensLimiter(max_token_count=self.max_tokens),
            lambda: ParserCache(maxsize=self.parser_cache_size),
            self.document_validation,
            self.cost,
        ]


async def execute_operation(
    schema: Schema,
    steps: OperationSteps,
    query: str | None,
    variable_values: dict[str, Any] | None = None,
    context_value: Any | None = None,
    root_value: Any | None = None,
    operation_name: str | None = None,
    allowed_operation_types: Iterable[OperationType] | None = None,
    operation_extensions: dict[str, Any] | None = None,
) -> ExecutionResult:
    """`Schema.execute` with the steps in place of the extensions (module docstring)."""
    ec = ExecutionContext(
        query=query,
        schema=schema,
        allowed_operations=(
            DEFAULT_ALLOWED_OPERATION_TYPES
            if allowed_operation_types is None
            else allowed_operation_types
        ),
        context=context_value,
        variables=variable_values,
        parse_options={"max_tokens": steps.max_tokens},
        root_value=root_value,
        validation_rules=steps.validation_rules,
        provided_operation_name=operation_name,
        operation_extensions=operation_extensions,
    )
    cost = steps.cost()
    try:
        if not ec.query:
            raise MissingQueryError
        # A syntax error (or too many tokens) raises here, as from ParserCache's hook.
        ec.graphql_document = steps.parse(ec.query, **ec.parse_options)
        steps.validation.refuse_ambiguous(ec)
        try:
            operation_type = ec.operation_type
        except RuntimeError as error:
            raise CannotGetOperationTypeError(ec.operation_name) from error
        if operation_type not in ec.allowed_operations:
            raise InvalidOperationTypeError(operation_type)
        # Sets pre_execution_errors (a list), so Strawberry's own validation never runs.
        steps.validation.validate(ec)
        if ec.pre_execution_errors:
            refused = await _finish(
                schema, ec, PreExecutionError(data=None, errors=ec.pre_execution_errors), cost
            )
            mask_errors(ec)
            return refused
        apply_in_context(ec)
        await cost.charge(ec)
        result = ec.result
        if not result:
            result = await await_maybe(
                execute(
                    schema._schema,
                    ec.graphql_document,
                    root_value=ec.root_value,
                    middleware=_NO_MIDDLEWARE,
                    variable_values=ec.variables,
                    operation_name=ec.operation_name,
                    context_value=ec.context,
                    is_awaitable=optimized_is_awaitable,  # type: ignore[arg-type]
                    **execution_context_class_kwargs(schema.execution_context_class),
                    operation_extensions=operation_extensions,
                )
            )
            ec.result = result
        if isinstance(result, GraphQLExecutionResult) and result.errors:
            ec.pre_execution_errors = result.errors
            # Logged before masking replaces them (Strawberry's order).
            schema._process_errors(result.errors, ec)
        mask_errors(ec)
    except (MissingQueryError, CannotGetOperationTypeError, InvalidOperationTypeError):
        raise
    except Exception as exc:
        return await _finish(
            schema, ec, PreExecutionError(data=None, errors=[_coerce_error(exc)]), cost
        )
    return await _finish(schema, ec, result, cost, processed=True)


async def _finish(
    schema: Schema,
    ec: ExecutionContext,
    result: Any,
    cost: QueryCost,
    *,
    processed: bool = False,
) -> ExecutionResult:
    """Strawberry's `_handle_execution_result`: the result with the extensions' results."""
    if result.errors:
        ec.pre_execution_errors = result.errors
        if not processed:
            schema._process_errors(result.errors, ec)
    if isinstance(result, GraphQLExecutionResult):
        result = ExecutionResult(data=result.data, errors=result.errors)
    extensions: dict[str, Any] = {}
    extensions.update(cost.get_results())
    extensions.update(ec.extensions_results)
    result.extensions = extensions
    ec.result = result
    return result  # type: ignore[no-any-return]
