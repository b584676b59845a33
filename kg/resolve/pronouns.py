"""The pronoun classes that entity resolution reads: which antecedents a pronoun may take
(:mod:`kg.resolve.document`) and which gender a pronoun mention gives (:mod:`kg.resolve.merge`)."""

from __future__ import annotations

__all__ = ["MALE_PRONOUNS", "FEMALE_PRONOUNS", "PLURAL_PRONOUNS", "FIRST_SINGULAR", "FIRST_PLURAL", "NEUTER_PRONOUNS", "OTHER_PRONOUNS", "ALL_PRONOUNS"]

MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
FIRST_SINGULAR = frozenset({"i", "me", "my", "mine", "myself"})
FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
NEUTER_PRONOUNS = frozenset({"it", "its", "itself"})
OTHER_PRONOUNS = frozenset({"this", "that", "these", "those", "you", "your", "yours", "one", "who", "whom", "which", "what", "someone", "anyone", "everyone"})
ALL_PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS | PLURAL_PRONOUNS | FIRST_SINGULAR | FIRST_PLURAL | NEUTER_PRONOUNS | OTHER_PRONOUNS
