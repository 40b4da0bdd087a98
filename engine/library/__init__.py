"""Rules as data: the rule schema, loading and type-checking rule files, lowering them to the IR,
the clause catalogues and their coverage, rule test cases, and rules put into words.

Belongs here: anything that reads, checks or describes rule files and catalogues
without evaluating a profile. May import :mod:`csaudit.facts` (the fact catalogue
a rule is checked against) and nothing else of the engine but :mod:`..errors`.
"""
