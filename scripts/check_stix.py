"""Validate STIX 2.1 bundles with the OASIS reference validator (stix2-validator).

Usage: check_stix.py ALLOWED_TYPES FILE...

ALLOWED_TYPES is a comma-separated list of graphapi's documented custom
relationship types. A bundle passes when the validator finds no error and its
only warnings are {202} warnings about those relationship types. Prints one JSON
line per file and exits 1 if any file fails.
"""
import json
import re
import sys

from stix2validator import ValidationOptions, validate_file


def main():
    allowed = set(sys.argv[1].split(","))
    ok = True
    for path in sys.argv[2:]:
        res = validate_file(path, ValidationOptions(version="2.1"))
        errors, bad_warnings, allowed_warnings = [], [], 0
        for obj in res.object_results:
            errors.extend(f"{obj.object_id}: {e}" for e in obj.errors)
            for w in obj.warnings:
                # Two forms: the type is not suggested for the source's STIX
                # type, or the source's type is not suggested for the type.
                m = re.search(r"\{202\} '[a-z-]+' is permitted, but not a suggested relationship (?:source|target) object for the '([a-z-]+)' relationship", w) or \
                    re.search(r"\{202\} '([a-z-]+)' is permitted, but not a suggested relationship type", w)
                if m and m.group(1) in allowed:
                    allowed_warnings += 1
                else:
                    bad_warnings.append(f"{obj.object_id}: {w}")
        passed = res.is_valid and not errors and not bad_warnings
        ok = ok and passed
        print(json.dumps({"file": path, "valid": passed, "objects": len(res.object_results),
                          "errors": errors[:20], "warnings": bad_warnings[:20],
                          "allowed_warnings": allowed_warnings}))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
