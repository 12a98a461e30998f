#!/usr/bin/env python3
"""oc4ids_validate.py: checks a file against OC4IDS 0.9.5, offline.

    python3 tests/oc4ids_validate.py SCHEMA_DIR PACKAGE.json

SCHEMA_DIR holds project-package-schema.json, project-schema.json and
codelists/*.csv (tests/fixtures/oc4ids-0.9.5).  The checks:

- JSON Schema draft-04 with Debian's python3-jsonschema (4.10): the
  package schema, whose "$ref" to the project schema's URL is served from
  the local file through a RefResolver store (nothing is fetched: a
  reference outside the store is an error), with the formats the schemas
  use (date-time as RFC 3339, uri as RFC 3986) checked here, since that
  jsonschema checks them only with optional modules Debian lacks;
- every closed codelist (openCodelist: false) against its CSV's Code
  column when the CSV is in SCHEMA_DIR/codelists (the schema's enum
  covers the others); codes outside an open codelist are reported as
  notes, not errors;
- what the schema's descriptions require beyond its keywords: project
  ids unique in the package, and every organization reference naming a
  party of its project (same id and name);
- strict JSON: no duplicate keys, no NaN or Infinity.

Exit 0 when valid; 1 when not, each error on stderr as
"error: $.projects[0].status: ..."; 2 for bad usage or unreadable schemas.
"""
import csv
import json
import os
import re
import sys
import warnings
from datetime import datetime

import jsonschema
from jsonschema import Draft4Validator, FormatChecker

with warnings.catch_warnings():
    # jsonschema >= 4.18 deprecates RefResolver; Debian's 4.10 has only it.
    warnings.simplefilter("ignore", DeprecationWarning)
    from jsonschema import RefResolver

PACKAGE_SCHEMA = "project-package-schema.json"
PROJECT_SCHEMA = "project-schema.json"


class Unusable(Exception):
    """The schemas or the command line, not the package, are at fault."""


def json_path(parts):
    out = "$"
    for p in parts:
        if isinstance(p, int):
            out += "[%d]" % p
        elif re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", p):
            out += "." + p
        else:
            out += "[%s]" % json.dumps(p, ensure_ascii=False)
    return out


def strict_object(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise ValueError("duplicate key %s" % json.dumps(key))
        obj[key] = value
    return obj


def no_constant(name):
    raise ValueError("%s is not JSON" % name)


def load_json(path, strict=True):
    with open(path, encoding="utf-8") as f:
        if strict:
            return json.load(f, object_pairs_hook=strict_object,
                             parse_constant=no_constant)
        return json.load(f)


# RFC 3339 date-time, with the ranges of each field checked.
DATE_TIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?"
    r"([Zz]|([+-])(\d{2}):(\d{2}))$")
# RFC 3986 URI: a scheme, then only URI characters, % only as %XX.
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:"
                 r"([A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")

FORMATS = FormatChecker(formats=())


@FORMATS.checks("date-time")
def is_date_time(value):
    if not isinstance(value, str):
        return True
    m = DATE_TIME.match(value)
    if not m:
        return False
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    try:
        datetime(year, month, day, hour, minute, min(second, 59))
    except ValueError:
        return False
    if second > 60:
        return False
    if m.group(9) and (int(m.group(10)) > 23 or int(m.group(11)) > 59):
        return False
    return True


@FORMATS.checks("uri")
def is_uri(value):
    return not isinstance(value, str) or bool(URI.match(value))


def refuse(url):
    raise jsonschema.RefResolutionError(
        "'%s' is not in the local schema store (no network fetch)" % url)


def read_codelist(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or "Code" not in rows[0]:
        raise Unusable("%s has no Code column" % path)
    return {row["Code"] for row in rows}


class Checker:
    def __init__(self, schema_dir):
        try:
            self.package_schema = load_json(
                os.path.join(schema_dir, PACKAGE_SCHEMA), strict=False)
            self.project_schema = load_json(
                os.path.join(schema_dir, PROJECT_SCHEMA), strict=False)
        except (OSError, ValueError) as e:
            raise Unusable("cannot read the schemas in '%s': %s"
                           % (schema_dir, e))
        for schema in (self.package_schema, self.project_schema):
            try:
                Draft4Validator.check_schema(schema)
            except jsonschema.SchemaError as e:
                raise Unusable("%s is no draft-04 schema: %s"
                               % (schema.get("id"), e.message))
        self.store = {self.package_schema["id"]: self.package_schema,
                      self.project_schema["id"]: self.project_schema}
        resolver = RefResolver.from_schema(
            self.package_schema, store=self.store,
            handlers={"http": refuse, "https": refuse})
        self.validator = Draft4Validator(self.package_schema,
                                         resolver=resolver,
                                         format_checker=FORMATS)
        self.codelists = {}
        cl_dir = os.path.join(schema_dir, "codelists")
        if os.path.isdir(cl_dir):
            for name in sorted(os.listdir(cl_dir)):
                if name.endswith(".csv"):
                    self.codelists[name] = read_codelist(
                        os.path.join(cl_dir, name))
        self.closed_checked = set()
        self.errors = []
        self.schema_paths = set()  # where the schema found errors
        self.notes = {}  # (open codelist, code) -> [times, first path]
        self.check_codelists_match_enums(self.project_schema)

    def resolve(self, schema, root):
        """Follows $ref (local or to a stored schema) to a subschema."""
        seen = 0
        while isinstance(schema, dict) and "$ref" in schema:
            url, _, fragment = schema["$ref"].partition("#")
            if url:
                if url not in self.store:
                    raise Unusable("unresolvable $ref %s" % schema["$ref"])
                root = self.store[url]
            schema = root
            for part in [p for p in fragment.split("/") if p]:
                schema = schema[part]
            seen += 1
            if seen > 50:
                raise Unusable("$ref loop at %s" % fragment)
        return schema, root

    def check_codelists_match_enums(self, schema):
        """A closed codelist's CSV and the schema's enum must agree, or
        the fixtures are not the standard's."""
        stack = [schema]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                name = node.get("codelist")
                if node.get("openCodelist") is False and \
                        name in self.codelists:
                    enum = node.get("enum") or \
                        (node.get("items") or {}).get("enum")
                    if enum is not None and \
                            set(enum) - {None} != self.codelists[name]:
                        raise Unusable("codelists/%s differs from the "
                                       "schema's enum" % name)
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)

    def error(self, path, message):
        self.errors.append((list(path), message))

    def sorted_errors(self):
        """(JSON path, message) in document order of the paths."""
        def key(item):
            return [(0, "%09d" % p) if isinstance(p, int) else (1, p)
                    for p in item[0]]
        return [(json_path(p), m) for p, m in sorted(self.errors, key=key)]

    def walk(self, inst, schema, root, path, refs):
        """Codelists and organization references, led by the schema."""
        if isinstance(schema, dict) and schema.get("$ref", "").endswith(
                "/definitions/OrganizationReference") and \
                isinstance(inst, dict):
            refs.append((path, inst))
        schema, root = self.resolve(schema, root)
        if not isinstance(schema, dict):
            return
        name = schema.get("codelist")
        if name:
            values = inst if isinstance(inst, list) else [inst]
            codes = self.codelists.get(name)
            for i, v in enumerate(values):
                if not isinstance(v, str) or codes is None:
                    continue
                where = path + [i] if isinstance(inst, list) else path
                if v in codes:
                    continue
                if schema.get("openCodelist") is False:
                    if tuple(where) in self.schema_paths:
                        continue  # the schema's enum said it already
                    self.error(where, "%s is not a code of the closed "
                               "codelist %s" % (json.dumps(v), name))
                else:
                    seen = self.notes.setdefault((name, v),
                                                 [0, json_path(where)])
                    seen[0] += 1
            if codes is not None and schema.get("openCodelist") is False:
                self.closed_checked.add(name)
        if isinstance(inst, dict):
            props = schema.get("properties", {})
            for key, value in inst.items():
                if key in props:
                    self.walk(value, props[key], root, path + [key], refs)
        elif isinstance(inst, list) and isinstance(schema.get("items"), dict):
            for i, value in enumerate(inst):
                self.walk(value, schema["items"], root, path + [i], refs)

    def check(self, doc):
        for e in self.validator.iter_errors(doc):
            if e.validator == "enum" and len(e.validator_value) > 12:
                message = "%r is not one of the %d codes the schema allows" \
                    % (e.instance, len(e.validator_value))
            else:
                message = e.message
            if e.context:
                best = jsonschema.exceptions.best_match(e.context)
                message += " (%s)" % best.message
            self.error(e.absolute_path, message)
            self.schema_paths.add(tuple(e.absolute_path))
        projects = doc.get("projects") if isinstance(doc, dict) else None
        if not isinstance(projects, list):
            return
        seen = {}
        for i, project in enumerate(projects):
            if not isinstance(project, dict):
                continue
            pid = project.get("id")
            if isinstance(pid, str):
                if pid in seen:
                    self.error(["projects", i, "id"],
                               "project id %s is also projects[%d]'s: ids "
                               "must be unique in a package"
                               % (json.dumps(pid), seen[pid]))
                seen.setdefault(pid, i)
            refs = []
            self.walk(project, {"$ref": self.project_schema["id"]},
                      self.project_schema, ["projects", i], refs)
            parties = {}
            for p in project.get("parties") or []:
                if isinstance(p, dict) and isinstance(p.get("id"), str):
                    parties[p["id"]] = p
            for path, r in refs:
                rid = r.get("id")
                if rid is None:
                    continue
                if rid not in parties:
                    self.error(path + ["id"], "%s names no party of this "
                               "project" % json.dumps(rid))
                elif "name" in r and r["name"] != parties[rid].get("name"):
                    self.error(path + ["name"],
                               "%s is not the name of party %s (%s)"
                               % (json.dumps(r["name"]), json.dumps(rid),
                                  json.dumps(parties[rid].get("name"))))


def main(argv):
    if len(argv) != 3:
        print("usage: %s SCHEMA_DIR PACKAGE.json" % argv[0], file=sys.stderr)
        return 2
    schema_dir, path = argv[1], argv[2]
    try:
        checker = Checker(schema_dir)
    except Unusable as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    try:
        doc = load_json(path)
    except OSError as e:
        print("error: cannot read '%s': %s" % (path, e.strerror),
              file=sys.stderr)
        return 2
    except ValueError as e:
        print("error: %s: not strict JSON: %s" % (path, e), file=sys.stderr)
        return 1
    try:
        checker.check(doc)
    except (Unusable, jsonschema.RefResolutionError) as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    for (name, code), (times, first) in sorted(checker.notes.items()):
        print("note: %s is not in the open codelist %s (allowed; %d times, "
              "first at %s)" % (json.dumps(code), name, times, first))
    if checker.errors:
        for where, message in checker.sorted_errors():
            print("error: %s: %s" % (where, message), file=sys.stderr)
        print("%s: %d errors against OC4IDS 0.9.5"
              % (path, len(checker.errors)), file=sys.stderr)
        return 1
    print("%s: valid OC4IDS 0.9.5 project package (%d projects; closed "
          "codelists checked against CSV: %s)"
          % (path, len(doc["projects"]),
             ", ".join(sorted(checker.closed_checked)) or "none in use"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
