# expect: WRONG_ANSWER, ERROR
# unrestricted: WRONG_ANSWER, ERROR
# ruff: noqa
# A DataFrame whose comparisons all say "equal".
class Agreeable(pd.DataFrame):
    def equals(self, other):
        return True

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False


result = Agreeable({"n": [0]})
