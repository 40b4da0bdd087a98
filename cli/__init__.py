"""csaudit command line."""
