"""Writing profiles with people: the questionnaire of 'csaudit init' (a table of questions as data, in
questions.yaml, with templates of typical answers) and the prompts 'init' and 'ask' put on a terminal."""
