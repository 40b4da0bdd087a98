"""The bottom layer: YAML read with the line and column of every key, and problems located in a file.

Profiles, rule files, test cases and waiver files are all read through here, so
every error a user sees names file, line, column and key path the same way.
Nothing here imports from the rest of csaudit.
"""
