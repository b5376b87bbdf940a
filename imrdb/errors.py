"""imrdb's own exceptions: the CLI turns each into a one-line message."""


class ImrdbError(Exception):
    """A problem the user can act on; its message is shown as one line."""


class DatabaseUnavailable(ImrdbError):
    """The database URL cannot be opened (password hidden in the message)."""


class CaseNotFound(ImrdbError):
    """No case with that number; carries the closest numbers for the message."""

    def __init__(self, case_number: str, suggestions: list[str]):
        self.case_number = case_number
        self.suggestions = suggestions
        hint = f"; closest: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(f"no case {case_number} in this database{hint}")


class SchemaError(ImrdbError):
    """The database's schema is not the one this imrdb reads (older, newer, or damaged)."""
