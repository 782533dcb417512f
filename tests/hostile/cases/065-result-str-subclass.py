# expect: WRONG_ANSWER, ERROR
# unrestricted: WRONG_ANSWER, ERROR
# ruff: noqa
# A cell value that equals everything, inside an ordinary frame.
class Same(str):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False


result = pd.DataFrame({"n": [Same("0")]})
