from surveys.codes import RESUME_ALPHABET, hash_resume_code, new_link_token, new_resume_code, normalise_resume_code


def test_resume_code_is_short_readable_and_typed_back_in_any_case():
    code = new_resume_code()
    assert len(code) == 9 and code[4] == "-"
    assert all(ch in RESUME_ALPHABET for ch in code.replace("-", ""))
    typed = " " + code.lower().replace("-", " ") + " "
    assert normalise_resume_code(typed) == code


def test_wrong_codes_are_refused():
    assert normalise_resume_code("") is None
    assert normalise_resume_code("ABCD-EFG") is None
    assert normalise_resume_code("ABCD-EFG0") is None  # 0 is not in the alphabet


def test_codes_differ_and_only_a_hash_is_kept():
    codes = {new_resume_code() for _ in range(200)}
    assert len(codes) == 200
    code = codes.pop()
    assert code not in hash_resume_code(code) and len(hash_resume_code(code)) == 64


def test_link_tokens_are_unguessable():
    assert len(new_link_token()) >= 21 and new_link_token() != new_link_token()
