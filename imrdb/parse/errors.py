"""Why a text is not a case record."""

from imrdb.errors import ImrdbError


class ParseError(ImrdbError):
    """The text cannot be read as an IMR determination; ``reason`` says why."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)
