# SPDX-License-Identifier: MIT
# __init__.py: makes tests/system/headers a package, so its conftest.py and
# helper modules never shadow the modules of tests/system.
