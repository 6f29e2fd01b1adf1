"""RedPaz: observatory and MEAL information system for local violence-prevention strategies."""

__version__ = "0.1.0"
