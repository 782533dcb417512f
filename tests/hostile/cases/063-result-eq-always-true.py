# expect: ERROR
# unrestricted: ERROR
# ruff: noqa
# A result that equals everything.
class AlwaysEqual:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False


result = AlwaysEqual()
