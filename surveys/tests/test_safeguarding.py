from surveys.safeguarding import safeguarding_matches


def test_flags_words_that_suggest_a_child_is_at_risk():
    assert safeguarding_matches("My son came home with bruises and said a man hit him") == ["bruises", "hit"]
    assert safeguarding_matches("She talks about SELF-HARM a lot") == ["self harm"]
    assert safeguarding_matches("I don't feel safe. I am scared to go home") == ["scared"]


def test_does_not_flag_ordinary_words_containing_the_terms():
    assert safeguarding_matches("The therapy was a big hit with my daughter's whole class") == ["hit"]
    assert safeguarding_matches("White board, chitchat, shurt") == []
    assert safeguarding_matches("") == []
