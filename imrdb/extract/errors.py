"""Why a file gave no text: the reasons ``imrdb failures`` lists."""

from imrdb.errors import ImrdbError


class ExtractionError(ImrdbError):
    """The file cannot be read as a text PDF; ``reason`` says why, in a few words."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


EMPTY = "empty file"
NOT_PDF = "not a PDF"
PASSWORD = "password-protected"
CORRUPT = "corrupt or truncated PDF"
NO_TEXT = "no text layer; needs OCR"
