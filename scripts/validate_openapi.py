#!/usr/bin/env python3
"""Validate a JSON document (stdin) against a schema of one of Cashfree's OpenAPI specs.

Usage: scripts/validate_openapi.py VERSION SCHEMA [--array] < doc.json
       scripts/validate_openapi.py VERSION --batch < docs.json
  VERSION  2022-09-01 (docs/specs/cashfree-openapi-2022-09-01.yaml)
           or 2025-01-01 (docs/specs/cashfree-openapi-2025-01-01.json)
  SCHEMA   OrderEntity, PaymentEntity, RefundEntity or SettlementEntity
  --array  the document is a JSON array of SCHEMA items (the payments and refunds lists)
  --batch  stdin is a JSON array of {"name", "schema", "array", "document"}: each is validated, the spec
           is loaded once
The specs are kept in the repository (docs/specs/README.md says where they come from); CASHFREE_SPEC_DIR
points at another folder holding files of the same names.

OpenAPI 3.0 schemas are turned into JSON Schema (draft 4 style, as OpenAPI 3.0 is) with three documented
adjustments, each needed because the spec cannot otherwise validate its own examples:
  1. `nullable: true` allows null (OpenAPI 3.0 semantics that JSON Schema lacks).
  2. A property the spec's own examples of that entity (the schema's example and the named examples
     order_entity*, payments_entity*, refunds_entity*, settlement*) show as null is treated as nullable
     (2025-01-01 OrderEntity.terminal_data, PaymentEntity.error_details / authorization,
     RefundEntity.metadata);
     for an example list (`.../value/0`) every item of the list counts.
  3. `oneOf` becomes `anyOf`: the payment_method variants have no required keys, so every value matches
     several of them and `oneOf` could never hold.
Exit 0 when valid; 1 with the errors on stderr when not; 2 on bad usage.
"""
import copy
import json
import os
import sys

import jsonschema

SPEC_FILES = {
    "2022-09-01": "cashfree-openapi-2022-09-01.yaml",
    "2025-01-01": "cashfree-openapi-2025-01-01.json",
}
ENTITIES = ("OrderEntity", "PaymentEntity", "RefundEntity", "SettlementEntity")
# Named examples (components/examples) of each entity, by name prefix.
EXAMPLE_PREFIXES = {
    "OrderEntity": "order_entity",
    "PaymentEntity": "payments_entity",
    "RefundEntity": "refunds_entity",
    "SettlementEntity": "settlement",
}


def spec_dir():
    if os.environ.get("CASHFREE_SPEC_DIR"):
        return os.environ["CASHFREE_SPEC_DIR"]
    repo = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    return os.path.join(repo, "docs", "specs")


def load_spec(version):
    path = os.path.join(spec_dir(), SPEC_FILES[version])
    with open(path, encoding="utf-8") as handle:
        if path.endswith(".yaml"):
            import yaml

            return yaml.safe_load(handle)
        return json.load(handle)


def pointer(spec, ref):
    """Follow a local JSON pointer (#/components/...), list indices included."""
    target = spec
    for part in ref.lstrip("#/").split("/"):
        target = target[int(part)] if isinstance(target, list) else target[part]
    return target


def convert(node):
    """OpenAPI 3.0 schema -> JSON Schema: nullable, oneOf -> anyOf; drop examples."""
    if isinstance(node, list):
        return [convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in ("example", "examples"):
            continue
        if key == "oneOf":
            out["anyOf"] = convert(value)
        elif key == "properties":
            out[key] = {name: convert(schema) for name, schema in value.items()}
        else:
            out[key] = convert(value)
    if out.pop("nullable", False):
        out = {"anyOf": [out, {"type": "null"}]}
    return out


def example_nulls(spec, entity):
    """Property names the spec's own example of `entity` sets to null (all items of an example list)."""
    example = spec["components"]["schemas"][entity].get("example")
    items = [example]
    if isinstance(example, dict) and set(example) == {"$ref"}:
        ref = example["$ref"]
        parent, _, last = ref.rpartition("/")
        items = pointer(spec, parent) if last.isdigit() else [pointer(spec, ref)]
    named = spec["components"].get("examples", {})
    for name, example_object in named.items():
        if name.startswith(EXAMPLE_PREFIXES[entity]):
            value = example_object.get("value") if isinstance(example_object, dict) else None
            items = list(items) + (value if isinstance(value, list) else [value])
    nulls = set()
    for item in items:
        if isinstance(item, dict):
            nulls |= {key for key, value in item.items() if value is None}
    return nulls


def build_schema(spec, entity, as_array):
    spec = copy.deepcopy(spec)
    schema = spec["components"]["schemas"][entity]
    for name in example_nulls(spec, entity):
        if name in schema.get("properties", {}):
            schema["properties"][name] = {"anyOf": [schema["properties"][name], {"type": "null"}]}
    converted = convert(spec["components"])
    root = {"$ref": "#/components/schemas/" + entity, "components": converted}
    if as_array:
        root = {"type": "array", "items": {"$ref": "#/components/schemas/" + entity}, "components": converted}
    return root


def check(spec, version, entity, as_array, document, label):
    """Validates one document; returns the error lines."""
    validator = jsonschema.Draft4Validator(build_schema(spec, entity, as_array))
    errors = sorted(validator.iter_errors(document), key=lambda error: list(error.absolute_path))
    lines = []
    for error in errors:
        where = "/".join(str(part) for part in error.absolute_path) or "(root)"
        lines.append(f"{label}{version} {entity}: {where}: {error.message}")
    return lines


def main(argv):
    args = [arg for arg in argv if not arg.startswith("--")]
    as_array = "--array" in argv
    if "--batch" in argv and len(args) == 1 and args[0] in SPEC_FILES:
        version = args[0]
        spec = load_spec(version)
        failures = []
        items = json.load(sys.stdin)
        for item in items:
            if item.get("schema") not in ENTITIES:
                failures.append(f"{item.get('name')}: unknown schema {item.get('schema')}")
                continue
            failures += check(
                spec, version, item["schema"], bool(item.get("array")), item["document"], f"{item.get('name')}: "
            )
        for line in failures:
            sys.stderr.write(line + "\n")
        if failures:
            return 1
        print(f"valid {version}: {len(items)} documents")
        return 0
    if len(args) != 2 or args[0] not in SPEC_FILES or args[1] not in ENTITIES:
        sys.stderr.write(__doc__)
        return 2
    version, entity = args
    document = json.load(sys.stdin)
    failures = check(load_spec(version), version, entity, as_array, document, "")
    for line in failures:
        sys.stderr.write(line + "\n")
    if failures:
        return 1
    print(f"valid {version} {entity}{' list' if as_array else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
