"""csaudit facts: the organisation profile model, its loader and flattened form."""
