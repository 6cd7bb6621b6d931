"""Schemathesis checks for stdgraph, loaded by scripts/fuzz-api through SCHEMATHESIS_HOOKS.

Schemathesis' own `not_a_server_error` is not used: for GraphQL it also fails every resolver error that
lacks an Apollo or graphql-java marker, so stdgraph's expected answers to invalid input (200 with
`INVALID_INPUT`, `NOT_FOUND`, `CONFLICT`, `FORBIDDEN` ...) would all count as failures. These checks
fail on what is a server fault instead:

- `no_server_error`: any 5xx status.
- `graphql_error_code`: a GraphQL error that is `INTERNAL` (the server hid an internal failure behind a
  200), `UNAVAILABLE` (writes stopped after a storage failure, or shutdown began, which a fuzz run on an
  idle server never causes), or that lacks one of the codes README.md promises clients.
- `request_admitted`: no 401 or `UNAUTHENTICATED`, no 429 or `RATE_LIMITED`. The run sends an editor
  key to a server with rate limits off; were the key refused or a limit left on, requests would end at
  the door (mutations all of them) and the run would still look green.
- `every_argument_sent`: after the run, every operation tested has sent each of its arguments, and each
  field of every input object those arguments reach, at least once in a schema-valid (positive) test
  case. This makes the example count of scripts/fuzz-api "enough to reach every argument" a checked fact.

A check fails by raising AssertionError; Schemathesis then prints the request as a curl command.
"""

from __future__ import annotations

import json
import threading

import schemathesis
from graphql import (
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    parse,
)

# The schema's `JSON` scalar (the fields `editProposalItem` edits) has no built-in strategy: objects of
# the fields an edit names (a node's, a field change's `value`, a relation's `role` and `date`) with
# scalar values, plus plain scalars, so both valid edits and wrong shapes reach the server.
def _json_value():
    from hypothesis import strategies as st
    from schemathesis.graphql import nodes
    from graphql import NameNode, ObjectFieldNode

    scalar = st.one_of(
        st.text(max_size=12).map(nodes.String),
        st.integers(min_value=-5, max_value=3000).map(nodes.Int),
        st.booleans().map(nodes.Boolean),
        st.sampled_from(["2019-05-13", "2019", "in_force", "agency:sac"]).map(nodes.String),
    )
    keys = st.sampled_from(["name", "value", "role", "date", "kind", "aliases", "in_force", "title", "id"])
    field = st.tuples(keys, scalar).map(lambda kv: ObjectFieldNode(name=NameNode(value=kv[0]), value=kv[1]))
    obj = st.lists(field, max_size=3, unique_by=lambda f: f.name.value).map(nodes.Object)
    return st.one_of(obj, scalar)


schemathesis.graphql.scalar("JSON", _json_value())

# README.md, "Errors carry `extensions.code`": the closed set a client may see.
CLIENT_CODES = {"NOT_FOUND", "INVALID_INPUT", "CONFLICT", "UNAUTHENTICATED", "FORBIDDEN", "RATE_LIMITED"}
SERVER_CODES = {"INTERNAL", "UNAVAILABLE"}


def _payload(response):
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None


@schemathesis.check
def no_server_error(ctx, response, case):
    """No 5xx status, whatever the body."""
    if response.status_code >= 500:
        raise AssertionError(f"server error: HTTP {response.status_code}: {response.text[:500]}")


@schemathesis.check
def graphql_error_code(ctx, response, case):
    """Every GraphQL error carries a documented client code; none is INTERNAL or UNAVAILABLE."""
    payload = _payload(response)
    if not isinstance(payload, dict):
        return
    for error in payload.get("errors") or []:
        code = (error.get("extensions") or {}).get("code") if isinstance(error, dict) else None
        if code in SERVER_CODES:
            raise AssertionError(f"GraphQL error with code {code}: {json.dumps(error)[:500]}")
        if code not in CLIENT_CODES:
            raise AssertionError(f"GraphQL error without a documented code ({code!r}): {json.dumps(error)[:500]}")


@schemathesis.check
def request_admitted(ctx, response, case):
    """The editor key is accepted and no rate limit applies."""
    payload = _payload(response)
    codes = []
    if isinstance(payload, dict):
        codes = [(e.get("extensions") or {}).get("code") for e in payload.get("errors") or [] if isinstance(e, dict)]
    if response.status_code in (401, 429) or {"UNAUTHENTICATED", "RATE_LIMITED"} & set(codes):
        raise AssertionError(f"request refused at the door: HTTP {response.status_code}: {response.text[:500]}")


def _unwrap(type_):
    while isinstance(type_, (GraphQLNonNull, GraphQLList)):
        type_ = type_.of_type
    return type_


@schemathesis.check
class every_argument_sent:  # noqa: N801 - the class name is the check name on the command line
    """Fail the run when an operation never sent one of its arguments or input fields in a valid case."""

    def __init__(self):
        self.lock = threading.Lock()
        self.schema = None
        # operation label ("QueryRoot.agencies") -> what its positive cases sent: "agencies(filter)",
        # "AgencyFilter.category", ...
        self.sent = {}

    def after_response(self, ctx, response, case):
        meta = case.meta
        if meta is None or not meta.generation.mode.is_positive:
            return
        # Schemathesis keeps a GraphQL case's body as the query text; the transport wraps it in JSON.
        query = case.body.get("query") if isinstance(case.body, dict) else case.body
        if not isinstance(query, str):
            return
        with self.lock:
            if self.schema is None:
                self.schema = case.operation.schema.client_schema
            root_name, field_name = case.operation.label.split(".", 1)
            field = self.schema.get_type(root_name).fields[field_name]
            sent = self.sent.setdefault(case.operation.label, set())
            for definition in parse(query).definitions:
                if not isinstance(definition, OperationDefinitionNode):
                    continue
                for selection in definition.selection_set.selections:
                    if getattr(selection, "name", None) is None or selection.name.value != field_name:
                        continue
                    for argument in selection.arguments or []:
                        sent.add(f"{field_name}({argument.name.value})")
                        if argument.name.value in field.args:
                            _walk(_unwrap(field.args[argument.name.value].type), argument.value, sent)

    def expected(self, label):
        root_name, field_name = label.split(".", 1)
        field = self.schema.get_type(root_name).fields[field_name]
        wanted = {f"{field_name}({name})" for name in field.args}
        inputs = [_unwrap(argument.type) for argument in field.args.values()]
        seen = set()
        while inputs:
            type_ = inputs.pop()
            if not isinstance(type_, GraphQLInputObjectType) or type_.name in seen:
                continue
            seen.add(type_.name)
            for name, input_field in type_.fields.items():
                wanted.add(f"{type_.name}.{name}")
                inputs.append(_unwrap(input_field.type))
        return wanted

    def after_run(self, ctx):
        if self.schema is None:
            return
        total = reached = 0
        missing = []
        for label in sorted(self.sent):
            wanted = self.expected(label)
            total += len(wanted)
            reached += len(wanted & self.sent[label])
            missing += [f"{label}: {name}" for name in sorted(wanted - self.sent[label])]
        print(
            f"every_argument_sent: {len(self.sent)} operations, {reached} of {total} "
            "(operation, argument or input field) pairs sent in a valid test case"
        )
        if missing:
            raise AssertionError("never sent in a valid test case:\n" + "\n".join(missing))


def _walk(type_, value, sent):
    if isinstance(value, ListValueNode):
        for item in value.values:
            _walk(type_, item, sent)
    elif isinstance(value, ObjectValueNode) and isinstance(type_, GraphQLInputObjectType):
        for field in value.fields:
            sent.add(f"{type_.name}.{field.name.value}")
            if field.name.value in type_.fields:
                _walk(_unwrap(type_.fields[field.name.value].type), field.value, sent)
