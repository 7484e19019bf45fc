"""Validates JSON documents against a JSON Schema with python-jsonschema,
the reference implementation (PyPI `jsonschema`, with `rfc3986-validator`
and `rfc3339-validator` to check the uri and date-time formats; installed
by scripts/test), for the Rust tests in tests/it/.

Reads one JSON object on stdin:
  {"schema": PATH, "instances": [...], "formats": BOOL, "refused": [PREFIX...]}
`formats` checks the `format` keyword (uri, date-time...); a `$ref` whose
URI starts with a refused prefix gets the schema that accepts nothing (the
tests have no network). Prints a JSON array with, for each instance, the
list of its errors (empty when it is valid). Exits with status 3 when the
validator is not installed.
"""

import json
import sys

try:
    import jsonschema
    import referencing
    import referencing.exceptions
    import referencing.jsonschema
    import rfc3339_validator  # noqa: F401 (jsonschema checks date-time with it)
    import rfc3986_validator  # noqa: F401 (jsonschema checks uri with it)
except ImportError as missing:
    print(f"not installed: {missing}", file=sys.stderr)
    sys.exit(3)


def main():
    request = json.load(sys.stdin)
    with open(request["schema"], encoding="utf-8") as f:
        schema = json.load(f)
    refused = request.get("refused", [])

    def retrieve(uri):
        if any(uri.startswith(prefix) for prefix in refused):
            return referencing.Resource.from_contents(
                False, default_specification=referencing.jsonschema.DRAFT202012
            )
        raise referencing.exceptions.NoSuchResource(ref=uri)

    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    checker = cls.FORMAT_CHECKER if request.get("formats") else None
    validator = cls(schema, registry=referencing.Registry(retrieve=retrieve), format_checker=checker)
    errors = [
        sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance))
        for instance in request["instances"]
    ]
    json.dump(errors, sys.stdout)


if __name__ == "__main__":
    main()
