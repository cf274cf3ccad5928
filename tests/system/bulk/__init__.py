# SPDX-License-Identifier: MIT
# __init__.py: makes tests/system/bulk a package, so its conftest.py and
# helper modules never shadow those of the other topics.
