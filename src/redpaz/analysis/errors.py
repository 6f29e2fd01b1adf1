"""The one error the analysis package raises on bad input: a message a person can act on."""

from __future__ import annotations


class AnalysisError(ValueError):
    """Input an analysis cannot be run on (empty series, one zone, islands, no population...).

    The message is written for the person who asked for the analysis: it says what is wrong and,
    where it can, what to do about it. Commands print it and exit non-zero, never a traceback.
    """
