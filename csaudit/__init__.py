"""The four top-level folders seen as the installed ``csaudit`` package, for tools that read the source tree
(``lint-imports`` run from the repository root). The package itself is built from the folders by pyproject.toml."""
