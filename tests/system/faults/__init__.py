# SPDX-License-Identifier: MIT
# __init__.py: makes tests/system/faults a package, so its test modules
# never shadow those of the other topics. Its data is faultdns.py's (the
# shared fault_server fixture of ../conftest.py): no zones/ of its own.
