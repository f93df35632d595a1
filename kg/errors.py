"""One error hierarchy; the CLI turns each into a message and an exit code."""


class KgError(Exception):
    """Base of every error faction-kg reports to a user."""

    exit_code = 2


class UsageError(KgError):
    """The command could not run: a missing folder, a bad option."""

    exit_code = 2


class OutputError(KgError):
    """The output could not be written: a full disk, a read-only folder."""

    exit_code = 2


class DataError(KgError):
    """The data is bad: facts that do not load, a build that does not validate."""

    exit_code = 1


class Problem:
    """One fault in the facts: where it is, what is wrong, how to fix it."""

    def __init__(self, where, message, fix=None):
        self.where, self.message, self.fix = where, message, fix

    def __str__(self):
        text = f"{self.where}: {self.message}"
        return f"{text} ({self.fix})" if self.fix else text


class FactsError(DataError):
    """The curated facts have faults; each problem names its file and line."""

    def __init__(self, problems):
        self.problems = list(problems)
        shown = "\n".join(str(p) for p in self.problems[:50])
        more = len(self.problems) - 50
        if more > 0:
            shown += f"\n... and {more} more"
        super().__init__(shown)
