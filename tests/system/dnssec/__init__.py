# SPDX-License-Identifier: MIT
# __init__.py: makes tests/system/dnssec a package, so its conftest.py
# never shadows ../conftest.py.
