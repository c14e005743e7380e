"""Test totals from structured results, for .ci/run: prints "PASSED FAILED SKIPPED" on stdout.

    totals.py trx FILE...     the ResultSummary/Counters of VSTest TRX files (dotnet test)
    totals.py unittest DIR    runs Python unittest discovery in DIR (its report goes to stderr)
"""
import sys
import unittest
import xml.etree.ElementTree as ET

TRX = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"


def trx_totals(paths):
    passed = failed = skipped = 0
    for path in paths:
        counters = ET.parse(path).getroot().find(f"{TRX}ResultSummary/{TRX}Counters")
        if counters is None:
            raise SystemExit(f"{path}: no ResultSummary/Counters")
        n = {k: int(v) for k, v in counters.attrib.items()}
        passed += n["passed"]
        failed += n["failed"] + n["error"] + n["timeout"] + n["aborted"]
        # A skipped xunit test is a result with outcome NotExecuted, yet the `notExecuted`
        # counter stays 0: skipped is what was found but not executed.
        skipped += n["total"] - n["executed"]
    return passed, failed, skipped


def unittest_totals(directory):
    suite = unittest.defaultTestLoader.discover(directory, top_level_dir=directory)
    result = unittest.TextTestRunner(stream=sys.stderr, verbosity=2).run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    return result.testsRun - failed - skipped, failed, skipped


def main(argv):
    if len(argv) >= 2 and argv[0] == "trx":
        totals = trx_totals(argv[1:])
    elif len(argv) == 2 and argv[0] == "unittest":
        totals = unittest_totals(argv[1])
    else:
        raise SystemExit(__doc__)
    print(*totals)


if __name__ == "__main__":
    main(sys.argv[1:])
