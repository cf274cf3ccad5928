# SPDX-License-Identifier: MIT
# __init__.py: makes tests/system/diagnosis a package, so its conftest.py
# and test modules never shadow those of the other topics.
